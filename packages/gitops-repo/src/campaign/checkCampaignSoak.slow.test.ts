import { isPlatterError, parseRequest } from '@platter/model';
import { RepositoryReader } from '@platter/render';
import { RepoHarness } from '@platter/render/testing';
import { TestRemotes } from '../git/testing/testRemotes';
import { RepositoryHistory, RepositoryMirror } from '../mirror';
import { checkCampaignSoak } from './checkCampaignSoak';

// The soak check of the backend's edges (the plan preview, the upgrade-campaign action) over real git (issue 19 §3): a remote whose commit ran staging's wave,
// the mirror's snapshot and the history clone. Inside prod's 24h soak (counted from the commit's real date) the
// next wave is Soaking; after it, and for other kinds, nothing is refused.
jest.setTimeout(60_000);

let remotes: TestRemotes;
let check: (request: unknown, now: Date) => Promise<string | undefined>;
let landedAt: number;
beforeAll(async () => {
  const h = RepoHarness.example();
  h.apply({ kind: 'ReleaseComponentVersion', service: 'cert-manager', version: '1.1.0', from: '1.0.0' });
  h.editYaml('platter.yaml', (doc) => {
    doc.spec.stages[1].promotion = { soak: '24h' };
  });
  h.apply({ kind: 'UpgradeCampaign', service: 'cert-manager', version: '1.1.0' }); // wave 1: staging
  remotes = await TestRemotes.create(h.tree);
  const remote = await remotes.newRemote();
  const cache = await remotes.newDir('cache');
  const snapshot = await new RepositoryMirror({ url: remote }, { cacheDir: cache }).snapshot({ fresh: true });
  const history = new RepositoryHistory({ url: remote }, { cacheDir: cache });
  landedAt = Date.parse(await remotes.git(remote, 'show', '-s', '--format=%cI', 'main'));
  check = async (request, now) => {
    try {
      await checkCampaignSoak(
        history,
        snapshot,
        () => new RepositoryReader(snapshot.tree).fleet(),
        parseRequest(request),
        now,
      );
      return undefined;
    } catch (e) {
      if (!isPlatterError(e)) throw e;
      return e.code;
    }
  };
});
afterAll(() => remotes.cleanup());

const wave = (extra: object = {}) => ({ kind: 'UpgradeCampaign', service: 'cert-manager', version: '1.1.0', ...extra });

it.each([
  ['the next wave inside the soak', wave(), 3_600_000, 'Soaking'],
  ['the next wave, named', wave({ wave: 'prod' }), 3_600_000, 'Soaking'],
  ['the next wave once soaked', wave(), 86_400_000, undefined],
  [
    'another kind',
    { kind: 'UpgradeComponent', stage: 'prod', service: 'cert-manager', version: '1.1.0' },
    0,
    undefined,
  ],
])('%s', async (_n, request, after, code) => {
  expect(await check(request, new Date(landedAt + after))).toBe(code);
});
