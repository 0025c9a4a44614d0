import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleRepository, validateRepository } from '@platter/render';
import { DiskFileTree, writeChanges } from '../fileTree';
import { runGit } from './_runGit';
import { checkReleasedDigests } from './releasedDigests';

/**
 * Issue 22 item 6, "the immutability digest vouches for itself": a released
 * version edited together with its digest passes the static rule; git history
 * (the digest the component.yaml was added with) catches it. Real git.
 */
jest.setTimeout(60_000);

let dir: string;
const git = async (...args: string[]) =>
  (
    await runGit(args, {
      cwd: dir,
      env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' },
    })
  ).stdout;
const VERSION_FILE = 'runtime/ingress-nginx/1.0.0/component.yaml';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'platter-digests-'));
  await writeChanges(
    dir,
    exampleRepository()
      .entries()
      .map(([path, after]) => ({ path, op: 'add' as const, after })),
  );
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'release');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Edits a file of a released version, then makes its recorded digest match the files again (what the issue did). */
async function editWithDigest(): Promise<void> {
  const base = 'runtime/ingress-nginx/1.0.0/_base/kustomization.yaml';
  await writeFile(join(dir, base), `${await readFile(join(dir, base), 'utf8')}# tuned after release\n`);
  const found = validateRepository(new DiskFileTree(dir)).diagnostics.find(
    (d) => d.code === 'ComponentVersionImmutable',
  );
  const now = /files now hash to (\S+?)\)/.exec(found!.message)![1]!;
  const text = await readFile(join(dir, VERSION_FILE), 'utf8');
  await writeFile(join(dir, VERSION_FILE), text.replace(/digest: \S+/, `digest: ${now}`));
}

describe('the immutability digest vouches for itself (issue 22 item 6)', () => {
  it('an edit with a matching digest passes the static rule but not the history: ComponentVersionImmutable naming the release', async () => {
    const release = (await git('rev-parse', 'HEAD')).trim();
    await editWithDigest();
    await git('commit', '-q', '-am', 'tune a released version');
    expect(
      validateRepository(new DiskFileTree(dir)).diagnostics.filter((d) => d.code === 'ComponentVersionImmutable'),
    ).toEqual([]);
    const found = await checkReleasedDigests(dir);
    expect(found.map((d) => [d.code, d.path])).toEqual([['ComponentVersionImmutable', VERSION_FILE]]);
    expect(found[0]!.message).toContain(release.slice(0, 12));
  });

  it('an edit not committed yet is caught too (validate before committing)', async () => {
    await editWithDigest();
    expect((await checkReleasedDigests(dir)).map((d) => d.code)).toEqual(['ComponentVersionImmutable']);
  });

  it('an untouched history and a deprecation (lifecycle only) pass', async () => {
    expect(await checkReleasedDigests(dir)).toEqual([]);
    const text = await readFile(join(dir, VERSION_FILE), 'utf8');
    await writeFile(join(dir, VERSION_FILE), text.replace(/status: stable/, 'status: deprecated'));
    await git('commit', '-q', '-am', 'deprecate');
    expect(await checkReleasedDigests(dir)).toEqual([]);
  });

  it('a directory that is not a git checkout has nothing to compare with', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'platter-digests-plain-'));
    try {
      expect(await checkReleasedDigests(plain)).toEqual([]);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
