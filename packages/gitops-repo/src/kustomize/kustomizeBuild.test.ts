import { summarizeKustomizeError } from './kustomizeBuild';

describe('summarizeKustomizeError', () => {
  it.each<[string, string, string]>([
    [
      'klog line of kubectl 1.32',
      `E1127 04:54:12.050868    9709 run.go:72] "command failed" err="accumulating resources: accumulation err='accumulating resources from '../comp': '/tmp/s/repo/comp' must resolve to a file': expected kind != 'Component' for path '/tmp/s/repo/comp'"\n`,
      `accumulating resources: accumulation err='accumulating resources from '../comp': 'comp' must resolve to a file': expected kind != 'Component' for path 'comp'`,
    ],
    [
      'escaped quotes',
      `E1127 run.go:72] "command failed" err="invalid Kustomization: json: unknown field \\"foo\\""`,
      'invalid Kustomization: json: unknown field "foo"',
    ],
    [
      'older "error:" lines',
      '# Warning: something deprecated\nError: nope\nerror: must build at directory: /tmp/s/repo/x\n',
      'must build at directory: x',
    ],
    [
      'the root itself',
      'error: unable to find one of kustomization.yaml in directory /tmp/s/repo',
      'unable to find one of kustomization.yaml in directory .',
    ],
  ])('%s', (_name, stderr, expected) => expect(summarizeKustomizeError(stderr, ['/tmp/s/repo'])).toBe(expected));

  it('cuts long messages', () => {
    expect(summarizeKustomizeError(`error: ${'x'.repeat(2000)}`).length).toBeLessThan(700);
  });
});
