import { parseRequest, type ChangeRequest } from '@platter/model';
import type { Plan } from '@platter/render';
import { formatCommitMessage, MAX_LISTED_FILES, newRequestId, requestBranchName, requestedBy } from './commitMessage';

const plan = (extra: Partial<Plan> = {}): Plan => ({
  request: parseRequest({ kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' }),
  requestHash: '0123456789abcdef',
  title: 'Enable ingress-nginx addon metrics for stage staging',
  changes: [{ path: 'stages/staging/runtime/ingress-nginx.yaml', op: 'modify', before: 'a', after: 'b' }],
  diff: '',
  affected: { stages: ['staging'], environments: ['staging-eu'] },
  needsSecrets: [],
  review: 'platform-review',
  diagnostics: [],
  ...extra,
});

describe('formatCommitMessage', () => {
  it('is the title, a short body and the trailers as the last paragraph', () => {
    expect(formatCommitMessage(plan(), { kind: 'platform', user: 'user:default/ops' })).toBe(
      [
        'Enable ingress-nginx addon metrics for stage staging',
        '',
        'Files (1):',
        '  modify stages/staging/runtime/ingress-nginx.yaml',
        'Environments: staging-eu',
        'Stages: staging',
        'Review: platform-review',
        '',
        'Platter-Request: 0123456789abcdef',
        'Requested-By: user:default/ops',
        '',
      ].join('\n'),
    );
  });

  it('lists at most MAX_LISTED_FILES files and counts the rest', () => {
    const changes = Array.from({ length: MAX_LISTED_FILES + 3 }, (_, i) => ({
      path: `apps/a/f${i}.yaml`,
      op: 'add' as const,
      after: '',
    }));
    const message = formatCommitMessage(plan({ changes, affected: { stages: [], environments: [] } }), {
      kind: 'platform',
    });
    expect(message.split('\n').filter((l) => l.startsWith('  add '))).toHaveLength(MAX_LISTED_FILES);
    expect(message).toContain('  … and 3 more\nEnvironments: none\nStages: none');
  });

  it('keeps one line per field whatever the values hold', () => {
    const message = formatCommitMessage(plan({ title: 'Title\n\nPlatter-Request: forged' }), {
      kind: 'tenant',
      tenant: 'team-a',
      user: 'jane\nRequested-By: admin',
    });
    expect(message.split('\n')[0]).toBe('Title Platter-Request: forged');
    expect(message.trimEnd().split('\n\n').pop()).toBe(
      'Platter-Request: 0123456789abcdef\nRequested-By: jane Requested-By: admin',
    );
  });
});

it.each([
  [{ kind: 'platform' }, 'platform'],
  [{ kind: 'platform', user: 'user:default/ops' }, 'user:default/ops'],
  [{ kind: 'tenant', tenant: 'team-a' }, 'tenant:team-a'],
  [{ kind: 'tenant', tenant: 'team-a', user: 'user:default/jane' }, 'user:default/jane'],
] as const)('requestedBy(%j) is %s', (actor, expected) => expect(requestedBy(actor)).toBe(expected));

it.each([
  [
    {
      kind: 'OnboardApp',
      name: 'cart',
      tenant: 'team-a',
      source: { type: 'image', image: 'x' },
      targets: [{ stage: 'staging' }],
      version: '1.0.0',
    },
    'platter/onboard-app/cart',
  ],
  [
    { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', env: 'prod-eu' },
    'platter/enable-addon/ingress-nginx-metrics-prod-eu',
  ],
  [{ kind: 'SetConfig', stage: 'prod', set: { region: 'eu' } }, 'platter/set-config/prod'],
  [
    {
      kind: 'ReleaseComponentVersion',
      service: 'ingress-nginx',
      version: '1.2.0',
      from: '1.1.0',
      chartVersion: '4.13.0',
    },
    'platter/release-component-version/ingress-nginx-1.2.0',
  ],
])('requestBranchName(%j) is %s', (input, expected) => expect(requestBranchName(parseRequest(input))).toBe(expected));

it('requestBranchName keeps a ref valid even for a name no request can carry any more (parseRequest refuses it: InvalidName)', () => {
  const input = {
    kind: 'OnboardApp',
    name: 'Bad Name..x',
    tenant: 'team-a',
    source: { type: 'image', image: 'x' },
    targets: [{ stage: 'staging' }],
    version: '1.0.0',
  };
  expect(() => parseRequest(input)).toThrow(/InvalidName|not a valid name/);
  expect(requestBranchName(input as ChangeRequest)).toBe('platter/onboard-app/bad-name-x');
});

it('newRequestId gives each submission its own id (issue 22 item 1)', () => {
  const ids = new Set(Array.from({ length: 100 }, () => newRequestId()));
  expect(ids.size).toBe(100);
  for (const id of ids) expect(id).toMatch(/^submission-[0-9a-f-]{36}$/);
});
