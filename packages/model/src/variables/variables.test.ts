import { isValidVariableName } from '../names';
import { scanVariables, unresolvedVariables } from './variables';

// Cases follow fluxcd/pkg envsubst (parse/parse.go, template.go, eval_test.go).
describe('scanVariables', () => {
  const names = (text: string) =>
    scanVariables(text).refs.map((r) => `${r.name}${r.op}${r.fallback.map((f) => `[${f.name}]`).join('')}`);

  it.each<[string, string, string[]]>([
    ['plain text', 'no variables here: $HOME, $ alone, {braces}', []],
    ['a variable', 'cluster: ${cluster_name}', ['cluster_name']],
    ['two on one line', '${a}-${b}', ['a', 'b']],
    ['defaults', '${a:=x} ${b:-y} ${c=z} ${d:?e} ${e:+f}', ['a:=', 'b:-', 'c=', 'd:?', 'e:+']],
    ['a default using a variable', '${a:=${b}-suffix}', ['a:=[b]']],
    [
      'value-reading operators',
      '${#a} ${b^^} ${c,} ${d:1:2} ${e/x/y} ${f#p} ${g%%p}',
      ['a#', 'b^^', 'c,', 'd:', 'e/', 'f#', 'g%'],
    ],
    ['an escape yields the literal text', 'echo $${HOME} and $${x:=y}', []],
    ['an escaped dollar before a variable', '$$${a}', ['a']],
    ['a variable nested in a value-reading operator is used', '${a/${b}/c}', ['a/', 'b']],
    ['unicode letters are identifiers (but can never be defined)', '${café}', ['café']],
  ])('%s', (_name, text, expected) => {
    expect(names(text)).toEqual(expected);
    expect(scanVariables(text).error).toBeUndefined();
  });

  it.each<[string, string]>([
    ['a dash default (not supported by Flux)', '${a-default}'],
    ['a dotted name', '${a.b}'],
    ['an index', '${arr[0]}'],
    ['no name', '${}'],
    ['no closing brace', 'x: ${a'],
    ['a default without closing brace', '${a:=b'],
  ])('fails like Flux on %s', (_name, text) => {
    expect(scanVariables(text).error?.offset).toBe(text.indexOf('${'));
  });

  it('keeps the expressions before a parse error', () => {
    expect(scanVariables('${a} ${b.c} ${d}').refs.map((r) => r.name)).toEqual(['a']);
  });
});

describe('unresolvedVariables', () => {
  const unresolved = (text: string, defined: string[]) =>
    unresolvedVariables(scanVariables(text).refs, (n) => defined.includes(n)).map((r) => r.name);

  it.each<[string, string, string[], string[]]>([
    ['defined', '${a}', ['a'], []],
    ['undefined', '${a}', [], ['a']],
    ['a default resolves', '${a:=x}', [], []],
    ['an empty default resolves (explicitly empty)', '${a:=}', [], []],
    ['a default with an undefined variable reports that one', '${a:=${b}}', [], ['b']],
    ['a default is not used when the variable is defined', '${a:=${b}}', ['a'], []],
    ['value-reading operators need the variable', '${a^^}', [], ['a']],
  ])('%s', (_name, text, defined, expected) => {
    expect(unresolved(text, defined)).toEqual(expected);
  });
});

describe('isValidVariableName', () => {
  it.each([
    ['cluster_name', true],
    ['_x1', true],
    ['1x', false],
    ['cluster-name', false],
    ['a.b', false],
    ['', false],
  ])('%s -> %s', (name, valid) => expect(isValidVariableName(name)).toBe(valid));
});
