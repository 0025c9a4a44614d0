import { substituteString, substituteValue, unresolvedIn } from './substitute';

const vars = new Map([
  ['name', 'cert-manager'],
  ['empty', ''],
]);

describe('substituteString (Flux post-build substitution)', () => {
  it.each<[string, string]>([
    ['${name}', 'cert-manager'],
    ['ns-${name}-x', 'ns-cert-manager-x'],
    ['${missing}', ''],
    ['${missing:=default}', 'default'],
    ['${missing:-default}', 'default'],
    ['${name:=default}', 'cert-manager'],
    ['${empty:=default}', 'default'],
    ['${empty=default}', ''],
    ['${missing:=${name}-x}', 'cert-manager-x'],
    ['$${name}', '${name}'],
    ['no expression', 'no expression'],
  ])('%s -> %s', (text, expected) => expect(substituteString(text, vars)).toBe(expected));
});

describe('substituteValue', () => {
  it('substitutes keys and values, and shares what has no expression', () => {
    const shared = { a: [1, 'two'] };
    const value = { metadata: { name: '${name}' }, spec: shared };
    const out = substituteValue(value, vars) as typeof value;
    expect(out.metadata.name).toBe('cert-manager');
    expect(out.spec).toBe(shared);
    expect(substituteValue(shared, vars)).toBe(shared);
  });
});

describe('unresolvedIn', () => {
  it.each<[unknown, string[]]>([
    [{ a: '${name}' }, []],
    [{ a: '${other} and ${name}', b: ['${third}'] }, ['other', 'third']],
    [{ a: '${other:=x}' }, []],
    [{ '${key}': 'v' }, ['key']],
  ])('%j -> %j', (value, expected) => expect(unresolvedIn(value, (n) => vars.has(n)).names).toEqual(expected));

  it('reports what Flux cannot parse', () => {
    expect(unresolvedIn({ a: '${a.b}' }, () => true).error).toBeDefined();
  });
});
