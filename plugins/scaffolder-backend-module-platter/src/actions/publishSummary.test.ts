import { summarize, type PublishOutputs } from './publish';

const base: PublishOutputs = {
  outcome: 'committed',
  mode: 'branch',
  review: 'platform-review',
  requestHash: 'a1b2c3d4e5f60718',
  branch: 'platter/enable-addon/ingress-nginx-metrics-prod-eu',
  targetBranch: 'main',
  commit: '0123456789abcdef0123',
};

describe('summarize: the task page says what the mode did', () => {
  it.each<[string, Partial<PublishOutputs>, string | undefined, RegExp]>([
    ['direct', { mode: 'direct', review: 'direct', branch: 'main' }, undefined, /^Committed 0123456789ab to main/],
    [
      'a branch, no host',
      {},
      undefined,
      /^Pushed 0123456789ab to branch platter\/.*No pull request was opened \(no GitHub or GitLab integration/,
    ],
    ['a branch on a host', {}, 'pull request', /No pull request was opened: ask the platform team to review/],
    [
      'a pull request',
      { mode: 'pull-request', pullRequestUrl: 'https://github.com/o/r/pull/7', pullRequestAction: 'created' },
      'pull request',
      /^Opened pull request https:\/\/github.com\/o\/r\/pull\/7 from platter\/.* into main/,
    ],
    ['nothing to do', { outcome: 'no-changes' }, undefined, /^Nothing to change/],
    ['already applied', { outcome: 'already-applied' }, undefined, /^Already applied/],
  ])('%s', (_name, o, noun, expected) => {
    expect(summarize({ ...base, ...o }, noun)).toMatch(expected);
  });
});
