import { diagnostic, type Diagnostic } from '@platter/model';
import { toPlanFinding } from './findings';

const onboard = { kind: 'OnboardApp', name: 'Checkout_App', version: 'latest', targets: [{ stage: 'prdo' }] };

describe('toPlanFinding', () => {
  it.each<[string, Diagnostic, Record<string, unknown>, Record<string, unknown>]>([
    [
      "the parser's field path names the field; the kind and path prefix go",
      diagnostic('InvalidName', 'OnboardApp: name: "Checkout_App" is not a valid name', 'name'),
      onboard,
      { code: 'InvalidName', field: 'name', message: '"Checkout_App" is not a valid name', fix: expect.any(String) },
    ],
    [
      'a nested path names its top-level field',
      diagnostic('InvalidRequest', 'OnboardApp: targets.0.stage: Required', 'targets.0.stage'),
      onboard,
      { field: 'targets', message: 'Required' },
    ],
    [
      "a repository path is kept as the path; the field comes from the code's table",
      diagnostic('UnknownStage', 'stage "prdo" not found (known: staging, prod)', 'platter.yaml'),
      onboard,
      { field: 'targets', path: 'platter.yaml' },
    ],
    [
      'a code without a field the request has: no field',
      diagnostic('UnknownAddon', 'no addon "x"'),
      onboard,
      { code: 'UnknownAddon', message: 'no addon "x"' },
    ],
  ])('%s', (_name, d, request, expected) => {
    const finding = toPlanFinding(d, request);
    expect(finding).toMatchObject(expected);
    if (!('field' in expected)) expect(finding.field).toBeUndefined();
  });
});
