/**
 * P6: the `platter` command's cold start, installed as a team installs it (issue 15) against
 * how it starts today in this repository, in the same run.
 *
 * Installed: packages/cli built (`npm run build`: tsc + the esbuild bundle dist/platter.cjs),
 * packed with the core packages it depends on (`npm pack` of a copy with publishConfig applied, as
 * the packages' prepack does), and installed with
 * `npm install -g --prefix <temp>`; its bin runs plain JavaScript. Today: `node
 * packages/cli/bin/platter.js`, the TypeScript sources through tsx, with tsx's transform cache
 * warm (as on a developer's machine after the first start) and cold (a fresh TMPDIR per start,
 * where tsx keeps that cache). Each command runs as a new process, sides alternating;
 * wall-clock and CPU time (the child's user + system) are reported as medians.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fmtMs, fmtRatio, median, mustRun, progress, removeDir, run, tempDir, timed } from './util';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const PACKAGES = ['packages/model', 'packages/render', 'packages/gitops-repo', 'packages/cli'];
/** Goal (issue 15): the installed `platter --help` takes at most 1/5 of today's tsx start. */
export const P6_GOAL_RATIO = 5;

export interface P6Stats {
  readonly medianMs: number;
  readonly medianCpuMs: number;
  readonly runs: readonly { ms: number; cpuMs: number }[];
}

export interface P6Command {
  readonly command: string;
  readonly installed: P6Stats;
  readonly tsxWarm: P6Stats;
  readonly tsxCold: P6Stats;
}

export interface P6Result {
  readonly runs: number;
  readonly setupMs: number;
  readonly tarballBytes: number;
  readonly commands: readonly P6Command[];
}

/** The environment for npm and the CLI: none of the npm variables `npm run bench` sets. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/**
 * A copy of a package as its prepack leaves it (publishConfig applied: main, types and exports on
 * dist/), so packing never rewrites the workspace's package.json while other things run from it.
 */
function stage(dir: string, stagingRoot: string): string {
  const source = join(REPO_ROOT, dir);
  const target = join(stagingRoot, dir.replace('/', '-'));
  mkdirSync(target, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const { access: _access, ...published } = pkg.publishConfig ?? {};
  const { prepack: _prepack, postpack: _postpack, ...scripts } = pkg.scripts ?? {};
  writeFileSync(join(target, 'package.json'), JSON.stringify({ ...pkg, ...published, scripts }, null, 2));
  for (const entry of ['dist', 'bin', 'README.md', 'CHANGELOG.md']) {
    if (existsSync(join(source, entry))) cpSync(join(source, entry), join(target, entry), { recursive: true });
  }
  return target;
}

const stats = (runs: { ms: number; cpuMs: number }[]): P6Stats => ({
  medianMs: median(runs.map((r) => r.ms)),
  medianCpuMs: median(runs.map((r) => r.cpuMs)),
  runs,
});

export async function runP6(options: { runs: number }): Promise<P6Result> {
  const runs = Math.max(5, options.runs);
  const work = tempDir('platter-bench-p6-');
  try {
    progress('P6: building and packing the CLI and the core packages, installing them with npm install -g --prefix');
    const setup = await timed(async () => {
      await mustRun('npm', ['run', 'build', '--silent'], { cwd: join(REPO_ROOT, 'packages', 'cli'), env: cleanEnv() });
      const tarballs = join(work, 'tarballs');
      mkdirSync(tarballs);
      for (const p of PACKAGES)
        await mustRun('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tarballs], {
          cwd: stage(p, join(work, 'staging')),
          env: cleanEnv(),
        });
      const files = readdirSync(tarballs).map((f) => join(tarballs, f));
      await mustRun(
        'npm',
        ['install', '-g', '--prefix', join(work, 'prefix'), '--no-audit', '--no-fund', '--prefer-offline', ...files],
        { cwd: work, env: cleanEnv() },
      );
      const sizes = await mustRun('du', ['-cb', ...files]);
      return Number(/(\d+)\s+total/.exec(sizes.stdout)?.[1] ?? NaN);
    });
    const installed = join(work, 'prefix', 'bin', 'platter');
    const fromSources = join(REPO_ROOT, 'packages', 'cli', 'bin', 'platter.js');
    const fleet = join(work, 'fleet');
    await mustRun(installed, ['init', fleet], { env: cleanEnv() });

    const commands: P6Command[] = [];
    for (const args of [['--help'], ['validate', fleet]]) {
      const command = `platter ${args.join(' ').replace(fleet, '<example fleet>')}`;
      progress(`P6: ${command}, ${runs} starts of each side`);
      const sides = {
        installed: [] as { ms: number; cpuMs: number }[],
        tsxWarm: [] as { ms: number; cpuMs: number }[],
        tsxCold: [] as { ms: number; cpuMs: number }[],
      };
      const once = async (cmd: string, argv: string[], env: NodeJS.ProcessEnv) => {
        const t = await timed(() => run(cmd, argv, { cwd: work, env }));
        if (t.value.code !== 0) throw new Error(`${command} exited ${t.value.code}: ${t.value.stderr.slice(0, 2000)}`);
        return { ms: t.ms, cpuMs: t.cpuMs };
      };
      await once(process.execPath, [fromSources, ...args], cleanEnv()); // warms tsx's cache
      for (let i = 0; i < runs; i++) {
        sides.installed.push(await once(installed, args, cleanEnv()));
        sides.tsxWarm.push(await once(process.execPath, [fromSources, ...args], cleanEnv()));
        const coldTmp = join(work, `tsx-cold-${i}`);
        mkdirSync(coldTmp);
        sides.tsxCold.push(await once(process.execPath, [fromSources, ...args], cleanEnv({ TMPDIR: coldTmp })));
        removeDir(coldTmp);
      }
      commands.push({
        command,
        installed: stats(sides.installed),
        tsxWarm: stats(sides.tsxWarm),
        tsxCold: stats(sides.tsxCold),
      });
    }
    return { runs, setupMs: setup.ms, tarballBytes: setup.value, commands };
  } finally {
    removeDir(work);
  }
}

export function p6SummaryRows(p: P6Result): string[][] {
  return p.commands.map((c) => {
    const ratio = c.tsxWarm.medianMs / c.installed.medianMs;
    const isHelp = c.command === 'platter --help';
    return [
      `P6 ${c.command}, cold start`,
      `installed ${fmtMs(c.installed.medianMs)} (CPU ${fmtMs(c.installed.medianCpuMs)})`,
      `tsx ${fmtMs(c.tsxWarm.medianMs)} (CPU ${fmtMs(c.tsxWarm.medianCpuMs)}); tsx, no cache ${fmtMs(c.tsxCold.medianMs)}`,
      `${fmtRatio(ratio)} faster`,
      isHelp ? `installed ≤ 1/${P6_GOAL_RATIO} of tsx` : '(reported)',
      isHelp ? (ratio >= P6_GOAL_RATIO ? 'yes' : '**no**') : '—',
    ];
  });
}

export function p6Section(p: P6Result): string {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const side = (s: P6Stats) => `${fmtMs(s.medianMs)} (CPU ${fmtMs(s.medianCpuMs)})`;
  return [
    '## P6: the CLI cold start, installed vs from sources',
    '',
    `The CLI and the core packages built, packed (${(p.tarballBytes / 1024).toFixed(0)} KiB of tarballs) and installed with \`npm install -g --prefix\` in ${fmtMs(p.setupMs)}. Each start is a new process; ${p.runs} starts per side, alternating. Installed: the package's bin, one bundled JavaScript file (dist/platter.cjs). tsx: \`node packages/cli/bin/platter.js\` as the workspace runs it, tsx's transform cache warm; no cache: a fresh TMPDIR per start, so tsx compiles every source file.`,
    '',
    row([
      'command',
      'installed',
      'tsx (warm cache)',
      'tsx (no cache)',
      'tsx / installed (wall)',
      'tsx / installed (CPU)',
    ]),
    row(['---', '---', '---', '---', '---', '---']),
    ...p.commands.map((c) =>
      row([
        `\`${c.command}\``,
        side(c.installed),
        side(c.tsxWarm),
        side(c.tsxCold),
        fmtRatio(c.tsxWarm.medianMs / c.installed.medianMs),
        fmtRatio(c.tsxWarm.medianCpuMs / c.installed.medianCpuMs),
      ]),
    ),
    '',
    `Goal: the installed \`platter --help\` takes at most 1/${P6_GOAL_RATIO} of today's (tsx, warm cache) wall time.`,
  ].join('\n');
}
