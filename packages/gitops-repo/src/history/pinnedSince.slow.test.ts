import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskFileTree } from '../fileTree';
import { TestRemotes } from '../git/testing/testRemotes';
import { pinnedSince } from '.';

// Since when a stage runs what it runs (the soak time of `platter ci promote`), on real git history:
// a pin changed on a branch authored days before it was merged counts from the merge.
jest.setTimeout(60_000);

const DAY = 86_400_000;
// After the seed commit TestRemotes makes now, so the history's dates run forward.
const T0 = Math.floor(Date.now() / 1000) * 1000 + DAY;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

let remotes: TestRemotes;
let repo: string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
  const dir = await remotes.newDir('checkout');
  await remotes.git(dir, 'clone', '--quiet', await remotes.newRemote(), 'repo');
  repo = join(dir, 'repo');
  await remotes.git(repo, 'config', 'user.name', 'Dev');
  await remotes.git(repo, 'config', 'user.email', 'dev@example.test');
  const commit = async (message: string, days: number, ...args: string[]) => {
    process.env.GIT_AUTHOR_DATE = process.env.GIT_COMMITTER_DATE = at(days);
    try {
      await remotes.git(repo, 'commit', '--quiet', ...args, '-m', message);
    } finally {
      delete process.env.GIT_AUTHOR_DATE;
      delete process.env.GIT_COMMITTER_DATE;
    }
  };
  const edit = async (file: string, from: string, to: string) => {
    const p = join(repo, file);
    await writeFile(p, (await readFile(p, 'utf8')).replace(from, to));
    await remotes.git(repo, 'add', file);
  };
  // Day 1, on a branch: shop 1.3.0 in staging. Day 2, on main: something else. Day 5: the branch is merged.
  await remotes.git(repo, 'checkout', '--quiet', '-b', 'shop-130');
  await edit('apps/shop/staging/release.yaml', 'version: 1.3.0-rc.1', 'version: 1.3.0');
  await commit('shop 1.3.0 in staging', 1, '-a');
  await remotes.git(repo, 'checkout', '--quiet', 'main');
  await edit('envs/prod-eu/env-config.yaml', 'prod-eu', 'prod-eu ');
  await commit('tune prod-eu', 2, '-a');
  process.env.GIT_AUTHOR_DATE = process.env.GIT_COMMITTER_DATE = at(5);
  try {
    await remotes.git(repo, 'merge', '--quiet', '--no-ff', '-m', 'Merge shop-130', 'shop-130');
  } finally {
    delete process.env.GIT_AUTHOR_DATE;
    delete process.env.GIT_COMMITTER_DATE;
  }
  // Day 6, on main: ingress-nginx in staging back to 1.0.0 (a direct commit).
  await edit('stages/staging/runtime/ingress-nginx.yaml', 'ingress-nginx/1.1.0/_base', 'ingress-nginx/1.0.0/_base');
  await commit('ingress-nginx 1.0.0 in staging', 6, '-a');
});
afterAll(() => remotes.cleanup());

describe('pinnedSince', () => {
  it.each([
    ['an app pin merged from a branch: the merge, not the authoring', { app: 'shop', stage: 'staging' }, 5, true],
    ['a component version committed on main: that commit', { component: 'ingress-nginx', stage: 'staging' }, 6, true],
    [
      'a pin no commit read changed: the oldest commit read, at least',
      { app: 'shop', stage: 'prod' },
      undefined,
      false,
    ],
  ] as const)('%s', async (_name, subject, days, exact) => {
    const since = await pinnedSince(repo, new DiskFileTree(repo), subject);
    expect(since).toBeDefined();
    expect(since!.exact).toBe(exact);
    if (days !== undefined) expect(Date.parse(since!.since)).toBe(Date.parse(at(days)));
    else expect(Date.parse(since!.since)).toBeLessThan(T0);
  });
});
