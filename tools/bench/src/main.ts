/**
 * `npm run bench`: Platter at fleet scale, side by side with its baselines in
 * one run (issue 8). See tools/bench/README.md. A benchmark, not a test.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { REFERENCE_SHAPE, type FleetShape } from '@platter/tools-fleet';
import { renderChart } from './chart';
import { prepareFleetRepo, git, type FleetRepo } from './fleetRepo';
import { appendHistory } from './history';
import { runP1 } from './p1';
import { onboardingTarget, onboardRequest, runP2 } from './p2';
import { runP3 } from './p3';
import { runP4 } from './p4';
import { P5_BUILDS, runP5, type P5Build } from './p5';
import { runP7 } from './p7check';
import { runP6 } from './p6';
import { runRenderedDiffBench } from './renderedDiffBench';
import { runHistoryBench } from './historyBench';
import { runP11 } from './p11incremental';
import { runP10 } from './p10';
import { runGroupCommitBench } from './groupCommitBench';
import { profileScenario, type ProfileSummary } from './profile';
import { markdownReport, profileSection, summaryTable, verdicts, type BenchMeta, type BenchResults } from './report';
import { cleanup, fmtInt, fmtMs, installCleanup, nowMs, peakLoad, progress, run } from './util';
import { compareProfiles, type ProfileGrowth } from './profileCompare';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const PARTS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P12', 'P10', 'P11'] as const;
type Part = (typeof PARTS)[number];

interface Options {
  quick: boolean;
  only: Set<Part>;
  runs: number;
  p2Runs: number;
  p5Runs: number;
  kustomizeEnvs?: number;
  sizes: number[];
  profile: boolean;
  profileOnly?: Part;
  profileDir?: string;
  cli: boolean;
  out: string;
  write: boolean;
  /** P5's frontend build (`--build`). */
  p5Build: P5Build;
}

const HELP = `Usage: npm run bench -- [options]

Measures, side by side in one run (medians; baselines measured in the same run):
  P1  platter validate (static) of the ${fmtInt(REFERENCE_SHAPE.envs)}-env repo vs kubectl kustomize of every env, sequentially; seeded faults
  P2  one OnboardApp through applyRequest vs raw git clone/commit/push, same remote
  P3  render + parse time and peak memory at 100 / 1,000 / 10,000 envs, one process each
  P4  catalog provider full refresh (read + parse + buildEntities)
  P5  the portal in Chromium on the same fleet: Menu page (vs the page before issue 24), env page, catalog list
  P7  platter check (any Flux repository) vs kubectl kustomize of every Flux Kustomization (sampled clusters)
  P6  the CLI's cold start installed from its packages vs from sources through tsx (--help, validate)
  P8  the rendered per-env diff of an OnboardApp over its envs, and plan() with it
  P9  platter history: the last 100 entries of an env after 5,000 commits
  P11 incremental validate: one-file changes in the 1,000-env fleet, warm in-process, vs full validation
  P10 the warm plan preview: POST /api/platter/plan of a running backend, 50 varied requests, vs cold plan()
  P12 group commit: 50 OnboardApps at once through one RequestQueue (then over two processes) vs one plan
and writes tools/bench/results/latest.md + latest.svg (+ latest.json and dated
copies). With --profile-misses it then profiles (node --cpu-prof) whatever
missed its goal and adds the top costs to the report.

Options:
  --quick               skip P3's 10,000-env size (the slowest part after kustomize)
  --only=P1,P2,...      run only these parts
  --runs=N              runs for Platter's P1 validate and P4 (default 3)
  --p2-runs=N           runs of each side of P2 (default 5, at least 5 for the report)
  --p5-runs=N           clicks on each Menu page and loads of the other pages in P5 (default 7:
                        one slow frame moves the median of 3)
  --kustomize-envs=N    build only an evenly spaced sample of N envs in P1 and estimate
                        the total (for trying things out; the report says so)
  --sizes=100,1000      P3 sizes (default 100,1000,10000)
  --profile-misses      profile (node --cpu-prof) the parts that miss their goal (P2:
                        also git's GIT_TRACE2 timings; P3: 1,000 vs 4,000 envs)
  --profile=P1|P2|P3    only profile that part (no measurements, no report files)
  --profile-dir=DIR     keep the .cpuprofile files there
  --no-cli              skip the one-off \`platter validate\` CLI process timing in P1
  --out=DIR             results directory (default tools/bench/results)
  --build=development|production
                        P5's frontend: the dev server of npm start (default) or the app built for
                        production and served by the backend (old and new Menu page on the same build)
  --no-write            print only, write no report files
`;

function parseOptions(argv: readonly string[]): Options | 'help' {
  const o: Options = {
    quick: false,
    only: new Set(PARTS),
    runs: 3,
    p2Runs: 5,
    p5Runs: 7,
    sizes: [100, 1000, 10000],
    profile: false,
    cli: true,
    out: join(REPO_ROOT, 'tools', 'bench', 'results'),
    write: true,
    p5Build: 'development',
  };
  for (const arg of argv) {
    const [k, v] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const int = () => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${k} needs a positive integer`);
      return n;
    };
    switch (k) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        o.quick = true;
        break;
      case '--only':
        o.only = new Set((v ?? '').split(',').map((p) => p.trim().toUpperCase()) as Part[]);
        for (const p of o.only) if (!PARTS.includes(p)) throw new Error(`--only: unknown part ${p}`);
        break;
      case '--runs':
        o.runs = int();
        break;
      case '--p2-runs':
        o.p2Runs = int();
        break;
      case '--p5-runs':
        o.p5Runs = int();
        break;
      case '--kustomize-envs':
        o.kustomizeEnvs = int();
        break;
      case '--sizes':
        o.sizes = (v ?? '').split(',').map((s) => Number(s.trim()));
        if (o.sizes.some((n) => !Number.isInteger(n) || n < 1))
          throw new Error('--sizes: positive integers, comma separated');
        break;
      case '--profile-misses':
        o.profile = true;
        break;
      case '--profile':
        o.profileOnly = (v ?? '').toUpperCase() as Part;
        if (!['P1', 'P2', 'P3'].includes(o.profileOnly)) throw new Error('--profile=P1|P2|P3');
        break;
      case '--profile-dir':
        o.profileDir = resolve(v ?? '');
        break;
      case '--no-cli':
        o.cli = false;
        break;
      case '--out':
        o.out = resolve(v ?? '');
        break;
      case '--no-write':
        o.write = false;
        break;
      case '--build':
        if (!P5_BUILDS.includes(v as P5Build)) throw new Error(`--build: ${P5_BUILDS.join(' or ')}`);
        o.p5Build = v as P5Build;
        break;
      default:
        throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  return o;
}

async function meta(o: Options, shape: FleetShape): Promise<BenchMeta> {
  const out = async (cmd: string, args: string[]) => {
    try {
      const r = await run(cmd, args, { cwd: REPO_ROOT });
      return r.code === 0 ? r.stdout.trim() : '';
    } catch {
      return '';
    }
  };
  const kubectl = await out('kubectl', ['version', '--client']);
  const kustomize = /Kustomize Version:\s*(\S+)/.exec(kubectl)?.[1];
  const kubectlV = /Client Version:\s*(\S+)/.exec(kubectl)?.[1];
  const opts = [
    o.quick ? '--quick' : '',
    o.only.size < PARTS.length ? `--only=${[...o.only].join(',')}` : '',
    o.only.has('P5') && o.p5Build !== 'development' ? `--build=${o.p5Build}` : '',
    `runs ${o.runs} (P2 ${o.p2Runs}, P5 ${o.p5Runs})`,
    o.kustomizeEnvs ? `kustomize sample ${o.kustomizeEnvs}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: (await out('git', ['rev-parse', '--short=12', 'HEAD'])) || 'unknown',
    dirty: (await out('git', ['status', '--porcelain', '--untracked-files=no'])).length > 0,
    node: process.version,
    kubectl: `kubectl ${kubectlV ?? '?'} (kustomize ${kustomize ?? '?'})`,
    git: (await out('git', ['--version'])).replace(/^git version /, 'git '),
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    load: { start: loadavg()[0]!, max: loadavg()[0]! },
    options: opts,
    shape: `${fmtInt(shape.envs)} envs, ${shape.stages} stages, ${shape.apps} apps of ${shape.tenants} tenants, ${shape.services} services × ${shape.versionsPerService} versions × ${shape.addonsPerService} addons, seed ${shape.seed} (tools/fleet REFERENCE_SHAPE)`,
    setup: '',
  };
}

async function resetRemote(repo: FleetRepo) {
  await git(repo.remote, ['update-ref', 'refs/heads/main', repo.base]);
}

async function profileMisses(
  o: Options,
  results: BenchResults,
  repo: FleetRepo | undefined,
  force?: Part,
): Promise<{ profiles: ProfileSummary[]; growth?: ProfileGrowth }> {
  const v = verdicts(results);
  const out: ProfileSummary[] = [];
  let growth: ProfileGrowth | undefined;
  const want = (p: Part, missed: boolean | undefined) => (force ? force === p : o.profile && missed === false);
  if (want('P1', v.p1) && repo) {
    out.push(
      await profileScenario(
        'p1',
        [repo.dir],
        `P1: validateRepository(DiskFileTree) of ${fmtInt(repo.fleet.environments.length)} envs`,
        o.profileDir,
      ),
    );
  }
  if (want('P2', v.p2) && repo) {
    const t = onboardingTarget(repo.fleet);
    const req = onboardRequest('bench-app-profiled', t.tenant, t.stage);
    out.push(
      await profileScenario(
        'p2',
        [repo.remoteUrl, JSON.stringify(req)],
        `P2: applyRequest OnboardApp into ${t.stage} (${t.envs} envs)`,
        o.profileDir,
      ),
    );
    await resetRemote(repo);
  }
  if (want('P3', v.p3Linear === false || v.p3Memory === false ? false : v.p3Linear)) {
    // Two sizes, so what grows faster than the env count stands out: 1,000 and the
    // largest size measured (10,000 unless --quick, then 4,000).
    const largeEnvs = Math.max(4000, ...(results.p3?.sizes.map((s) => s.envs) ?? []));
    const small = await profileScenario(
      'p3',
      [JSON.stringify({ ...REFERENCE_SHAPE, envs: 1000 })],
      'P3: render + parse, 1,000 envs',
      o.profileDir,
    );
    const large = await profileScenario(
      'p3',
      [JSON.stringify({ ...REFERENCE_SHAPE, envs: largeEnvs })],
      `P3: render + parse, ${fmtInt(largeEnvs)} envs`,
      o.profileDir,
    );
    out.push(small, large);
    growth = compareProfiles(small, large, largeEnvs / 1000);
  }
  return { profiles: out, ...(growth ? { growth } : {}) };
}

export async function main(argv: readonly string[]): Promise<number> {
  let o: Options;
  try {
    const parsed = parseOptions(argv);
    if (parsed === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    o = parsed;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  installCleanup();
  const started = nowMs();
  const shape = REFERENCE_SHAPE;
  const results: BenchResults = { meta: await meta(o, shape), profiles: [] };
  let measuredMs: number | undefined;
  try {
    const needRepo = o.profileOnly
      ? o.profileOnly !== 'P3'
      : o.only.has('P1') ||
        o.only.has('P2') ||
        o.only.has('P4') ||
        o.only.has('P7') ||
        o.only.has('P10') ||
        o.only.has('P12');
    let repo: FleetRepo | undefined;
    if (needRepo) {
      progress(
        `setup: generating the ${fmtInt(shape.envs)}-env fleet (tools/fleet), writing it to a temp dir, git init + bare remote`,
      );
      repo = await prepareFleetRepo(shape);
      results.meta = {
        ...results.meta,
        setup: `Generated in ${fmtMs(repo.generateMs)}: ${fmtInt(repo.files)} files, ${(repo.bytes / 2 ** 20).toFixed(1)} MiB, written to a temp dir in ${fmtMs(repo.writeMs)}.`,
      };
      progress(
        `setup: ${fmtInt(repo.files)} files, ${(repo.bytes / 2 ** 20).toFixed(1)} MiB (generated in ${fmtMs(repo.generateMs)})`,
      );
    }
    if (o.profileOnly) {
      const { profiles, growth } = await profileMisses(o, results, repo, o.profileOnly);
      process.stdout.write(`${profileSection(profiles, growth)}\n`);
      return 0;
    }
    if (repo && o.only.has('P4')) results.p4 = await runP4(repo, { runs: o.runs });
    if (repo && o.only.has('P1')) {
      results.p1 = await runP1(repo, {
        runs: o.runs,
        ...(o.kustomizeEnvs ? { kustomizeLimit: o.kustomizeEnvs } : {}),
        ...(o.cli ? { cliBin: join(REPO_ROOT, 'packages', 'cli', 'bin', 'platter.js') } : {}),
      });
    }
    if (repo && o.only.has('P2')) results.p2 = await runP2(repo, { runs: o.p2Runs });
    if (o.only.has('P5')) results.p5 = await runP5(shape, { runs: o.p5Runs, build: o.p5Build });
    if (repo && o.only.has('P7')) results.p7 = await runP7(repo, { runs: o.runs });
    if (o.only.has('P6')) results.p6 = await runP6({ runs: o.runs });
    if (o.only.has('P8')) results.renderedDiff = runRenderedDiffBench(o.runs);
    if (o.only.has('P9')) results.history = await runHistoryBench(5000, o.runs);
    if (o.only.has('P11')) results.p11 = runP11(o.runs);
    if (repo && o.only.has('P10')) results.p10 = await runP10(repo);
    if (repo && o.only.has('P12'))
      results.groupCommit = await runGroupCommitBench(repo, { requests: 50, runs: o.runs, twoBackends: true });
    if (o.only.has('P3')) {
      const sizes = o.quick ? o.sizes.filter((n) => n < 10_000) : o.sizes;
      results.p3 = await runP3(
        shape,
        sizes,
        o.sizes.filter((n) => !sizes.includes(n)),
      );
    }
    measuredMs = nowMs() - started;
    const { profiles, growth } = await profileMisses(o, results, repo);
    results.profiles = profiles;
    if (growth) results.profileGrowth = growth;
  } finally {
    cleanup();
  }
  results.meta = {
    ...results.meta,
    totalMs: measuredMs ?? nowMs() - started,
    ...(measuredMs !== undefined && results.profiles.length ? { profileMs: nowMs() - started - measuredMs } : {}),
    load: { start: results.meta.load.start, max: Math.max(peakLoad(), loadavg()[0]!) },
  };

  const table = summaryTable(results);
  process.stdout.write(`\n${table}\n\n`);
  if (o.write) {
    mkdirSync(o.out, { recursive: true });
    const stamp = results.meta.date.replace(/:/g, '').replace(/T(\d{4})\d*Z$/, '-$1');
    // A run of some parts (--only) is dated and recorded in the history, but does not replace latest.*: that is
    // the last whole run, the one report that has every part.
    const partial = o.only.size < PARTS.length;
    const dated = `bench-${stamp}${partial ? `-${[...o.only].join('-').toLowerCase()}` : ''}`;
    const svg = renderChart(results);
    writeFileSync(join(o.out, `${dated}.svg`), svg);
    writeFileSync(join(o.out, `${dated}.md`), markdownReport(results, `${dated}.svg`));
    if (!partial) {
      copyFileSync(join(o.out, `${dated}.svg`), join(o.out, 'latest.svg'));
      writeFileSync(join(o.out, 'latest.md'), markdownReport(results, 'latest.svg'));
      writeFileSync(join(o.out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    }
    const history = appendHistory(o.out, results);
    process.stdout.write(
      partial
        ? `Report of ${[...o.only].join(', ')}: ${join(o.out, `${dated}.md`)} (latest.md stays the last whole run; runs by commit ${history})\n`
        : `Report: ${join(o.out, 'latest.md')} (chart latest.svg; dated copy ${dated}.md/.svg; raw numbers latest.json; runs by commit ${history})\n`,
    );
  }
  process.stdout.write(
    `Whole run: ${fmtMs(nowMs() - started)}${results.meta.profileMs ? ` (measurements ${fmtMs(results.meta.totalMs ?? 0)}, profiling ${fmtMs(results.meta.profileMs)})` : ''}\n`,
  );
  return 0;
}
