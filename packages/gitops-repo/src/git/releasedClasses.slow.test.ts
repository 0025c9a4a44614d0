import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleRepository } from '@platter/render';
import { writeChanges } from '../fileTree';
import { runGit } from './_runGit';
import { checkReleasedDigests } from './releasedDigests';

/**
 * A released cloud class version keeps its contract (issue 21): an edit of its
 * backend, parameters or outputs after the commit that added it is
 * CloudClassImmutable; its stages, lifecycle and description may change. Real git.
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
const CLASS = 'cloud/s3-bucket/1.0.0/class.yaml';
const edit = async (from: string | RegExp, to: string) => {
  const text = await readFile(join(dir, CLASS), 'utf8');
  expect(text).toMatch(from);
  await writeFile(join(dir, CLASS), text.replace(from, to));
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'platter-classes-'));
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
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => git('checkout', '-q', '--', '.'));

describe('released cloud class versions keep their contract (issue 21)', () => {
  it.each<[string, string | RegExp, string, string[]]>([
    ['a parameter default', 'default: 7', 'default: 14', ['CloudClassImmutable']],
    ['an output', '- region\n', '- region\n    - arn\n', ['CloudClassImmutable']],
    [
      'the Composition the claim selects',
      'compositionRef: s3-bucket-1.0.0',
      'compositionRef: other',
      ['CloudClassImmutable'],
    ],
    ['the description (policy, not contract)', /description: .*/, 'description: A bucket.', []],
    ['a stage policy (where it is offered)', 'deletionPolicy: Delete', 'deletionPolicy: Orphan', []],
  ])('%s', async (_name, from, to, codes) => {
    await edit(from, to);
    const found = await checkReleasedDigests(dir);
    expect(found.map((d) => d.code)).toEqual(codes);
    if (codes.length) expect(found[0]!.path).toBe(CLASS);
  });

  it('committing the edit does not make it the release: the commit that added the file is', async () => {
    await edit('default: 7', 'default: 14');
    await git('commit', '-q', '-am', 'tune the default');
    expect((await checkReleasedDigests(dir)).map((d) => d.code)).toEqual(['CloudClassImmutable']);
    await git('revert', '--no-edit', 'HEAD');
    expect(await checkReleasedDigests(dir)).toEqual([]);
  });
});
