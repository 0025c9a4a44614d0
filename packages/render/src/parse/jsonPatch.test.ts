import { applyJsonPatch } from './jsonPatch';

describe('applyJsonPatch', () => {
  const k = { spec: { components: ['../nodeport', '../metrics'] } };
  it.each([
    [
      'append',
      [{ op: 'add', path: '/spec/components/-', value: '../waf' }],
      { spec: { components: ['../nodeport', '../metrics', '../waf'] } },
      undefined,
    ],
    [
      'test + remove',
      [
        { op: 'test', path: '/spec/components/1', value: '../metrics' },
        { op: 'remove', path: '/spec/components/1' },
      ],
      { spec: { components: ['../nodeport'] } },
      undefined,
    ],
    [
      'stale test',
      [{ op: 'test', path: '/spec/components/0', value: '../metrics' }],
      undefined,
      'test /spec/components/0 failed',
    ],
    ['remove missing', [{ op: 'remove', path: '/spec/components/5' }], undefined, 'nothing there'],
    [
      'replace',
      [{ op: 'replace', path: '/spec/components/0', value: '../x' }],
      { spec: { components: ['../x', '../metrics'] } },
      undefined,
    ],
    ['add to missing parent', [{ op: 'add', path: '/spec/nope/-', value: 1 }], undefined, 'parent does not exist'],
    [
      'escaped pointer',
      [{ op: 'add', path: '/spec/a~1b', value: 1 }],
      { spec: { components: ['../nodeport', '../metrics'], 'a/b': 1 } },
      undefined,
    ],
  ])('%s', (_name, ops, value, error) => {
    const r = applyJsonPatch(k, ops);
    if (error) expect(r.error).toContain(error);
    else expect(r.value).toEqual(value);
    expect(k.spec.components).toEqual(['../nodeport', '../metrics']);
  });
});
