/**
 * Issue 18: `platter history` on a long history. The 1,000-env fleet in a bare
 * repository with 5,000 commits after it (git fast-import): Platter requests
 * (with the Platter-Request/Requested-By trailers) and hand commits, each changing
 * one file of a random env, stage, app or component version. Times reading the
 * last 100 entries of an env (readHistory: the paths its build reads, one
 * `git log`, one `cat-file --batch`). A benchmark, not a test.
 *
 *   node -r tsx/cjs tools/bench/src/historyBench.ts [--commits=5000] [--runs=3]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { historyPaths, readHistory } from '@platter/gitops-repo';
import { REFERENCE_SHAPE, generateRepository } from '@platter/tools-fleet';
import { fmtInt, fmtMs, installCleanup, median, nowMs, progress, removeDir, tempDir } from './util';

/** P9 of `npm run bench` (issue 18): the last 100 history entries of an env on a long history. */
export interface HistoryBenchResult {
  readonly runs: number;
  readonly commits: number;
  readonly entries: number;
  readonly ms: number;
  readonly pathsMs: number;
  readonly paths: number;
  readonly env: string;
}

export async function runHistoryBench(commits = 5000, runs = 3): Promise<HistoryBenchResult> {
  progress(`generating the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet`);
  const { fleet, tree } = generateRepository(REFERENCE_SHAPE);
  const root = tempDir('historybench');
  try {
    const repo = join(root, 'fleet.git');
    spawnSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', repo]);
    progress(`writing the fleet and ${fmtInt(commits)} commits (git fast-import)`);
    const files = tree.list('');
    const editable = files.filter((f) =>
      /^(envs\/[^/]+\/env-config|stages\/[^/]+\/stage-config|apps\/[^/]+\/[^/]+\/release|runtime\/[^/]+\/[^/]+\/_base\/release)\.yaml$/.test(
        f,
      ),
    );
    const content = new Map(files.map((f) => [f, tree.read(f)!]));
    const chunks: string[] = [];
    const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
    let time = Date.parse('2026-01-01T00:00:00Z') / 1000;
    chunks.push(
      `commit refs/heads/main\nmark :1\ncommitter Seed <seed@example.test> ${time} +0000\n${data('Generated fleet')}`,
    );
    for (const f of files) chunks.push(`M 100644 inline ${f}\n${data(content.get(f)!)}`);
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < commits; i++) {
      time += 600;
      const file = editable[random(editable.length)]!;
      const text = `${content.get(file)!}# change ${i}\n`;
      content.set(file, text);
      const request = random(3) > 0;
      const message = request
        ? `Set config for ${file.split('/')[1]}\n\nFiles (1):\n  modify ${file}\nReview: ${random(2) ? 'direct' : 'platform-review'}\n\nPlatter-Request: ${(1e15 + i).toString(16)}\nRequested-By: user:default/dev${random(20)}\n`
        : `hand edit ${i}`;
      chunks.push(
        `commit refs/heads/main\nmark :${i + 2}\ncommitter ${request ? 'Platter <platter@localhost>' : 'Hand <hand@example.test>'} ${time} +0000\n${data(message)}from :${i + 1}\nM 100644 inline ${file}\n${data(text)}`,
      );
    }
    const imported = spawnSync('git', ['fast-import', '--quiet'], {
      cwd: repo,
      input: chunks.join(''),
      maxBuffer: 1 << 30,
    });
    if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr}`);
    // The env with the most entries among a few: its stage's files change too.
    const env = fleet.environments[0]!.name;
    const ms: number[] = [];
    const pathsMs: number[] = [];
    let entries = 0;
    let paths = 0;
    for (let r = 0; r < runs; r++) {
      let t = nowMs();
      paths = historyPaths(tree, { env }).length;
      pathsMs.push(nowMs() - t);
      t = nowMs();
      const h = await readHistory(repo, tree, { env }, { limit: 100 });
      ms.push(nowMs() - t);
      entries = h.length;
    }
    return { runs, commits, entries, ms: median(ms), pathsMs: median(pathsMs), paths, env };
  } finally {
    removeDir(root);
  }
}

/** The report's summary row (no goal: issue 18 asks for the number). */
export function historySummaryRows(r: HistoryBenchResult): string[][] {
  return [
    [
      `P9 history, last ${r.entries} entries of an env`,
      `${fmtMs(r.ms)} (${fmtInt(r.commits)} commits; the ${fmtInt(r.paths)} paths its build reads: ${fmtMs(r.pathsMs)})`,
      '',
      '',
      '(reported)',
      '—',
    ],
  ];
}

export function historySection(r: HistoryBenchResult): string {
  return [
    '## P9: environment history on a long history (issue 18)',
    '',
    `The ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet in a bare repository with ${fmtInt(r.commits)} commits after it (git fast-import): Platter requests with their trailers and hand commits, each changing one file of a random env, stage, app or component version. \`readHistory\` (what \`platter history\` and \`GET /api/platter/history\` run) of env ${r.env}: the paths its build reads, one \`git log\` filtered by them, one \`cat-file --batch\`. Median of ${r.runs}: **${fmtMs(r.ms)}** for the last ${r.entries} entries, of which finding the ${fmtInt(r.paths)} paths ${fmtMs(r.pathsMs)}.`,
  ].join('\n');
}

if (require.main === module) {
  installCleanup();
  const arg = (name: string, d: number) =>
    Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
  const runs = arg('runs', 3);
  runHistoryBench(arg('commits', 5000), runs).then(
    (r) =>
      console.log(
        `history of env ${r.env}: last ${r.entries} entries of ${fmtInt(r.commits)} commits in the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet: ${fmtMs(r.ms)} (finding the ${r.paths} paths its build reads, alone: ${fmtMs(r.pathsMs)}); median of ${runs}, load ${loadavg()[0]!.toFixed(1)}`,
      ),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
