/**
 * P11 (issue 17): incremental validation of a one-file change in the 1,000-env
 * fleet, in-process and warm (the index of the commit built once, as a backend
 * keeps it), against a full validation of the same tree after the change,
 * measured in the same run. A benchmark, not a test.
 *
 *   node -r tsx/cjs tools/bench/src/p11incremental.ts [--runs=N]
 *
 * Kinds of one-file change: an env's env-config.yaml, a stage's runtime
 * Kustomization (every env of the stage), a file of a runtime component version
 * (every env whose stage runs it), an app's base workload.
 */
import { loadavg } from 'node:os';
import { MemoryFileTree, type Fleet } from '@platter/model';
import { validateIncrementally, validateRepository, ValidationIndex } from '@platter/render';
import { REFERENCE_SHAPE, generateRepository } from '@platter/tools-fleet';
import { fmtInt, fmtMs, fmtRatio, gcNow, median, nowMs, progress, selfCpuMs } from './util';

export const P11_GOAL_MS = 100;
export const P11_GOAL_RATIO = 20;

export interface P11Kind {
  readonly kind: string;
  readonly path: string;
  /** Envs the change reaches, of how many. */
  readonly envs: number;
  readonly totalEnvs: number;
  readonly findings: number;
  /** Median of the warm runs, wall and CPU (on a loaded machine the CPU time says more). */
  readonly incrementalMs: number;
  readonly incrementalCpuMs: number;
  readonly fullMs: number;
  readonly ratio: number;
}

export interface P11Result {
  readonly runs: number;
  readonly indexMs: number;
  readonly kinds: readonly P11Kind[];
}

/** The one-file changes: a path and its edited text (a value changed, as a person would). */
function changes(fleet: Fleet, tree: MemoryFileTree): { kind: string; path: string; text: string }[] {
  const biggest = [...fleet.stages]
    .map((s) => ({ s, n: fleet.environments.filter((e) => e.stage === s.name).length }))
    .sort((a, b) => b.n - a.n)[0]!.s;
  const env = fleet.environments.find((e) => e.stage === biggest.name)!.name;
  const component = biggest.components[0]!;
  const stageFile = `stages/${biggest.name}/runtime/${component.service}.yaml`;
  const runtimeFile = tree
    .list(`runtime/${component.service}/${component.version}/_base`)
    .find((p) => /\.ya?ml$/.test(p) && !p.endsWith('kustomization.yaml'))!;
  const app = fleet.apps[0]!.name;
  const appFile = tree.list(`apps/${app}/base`).find((p) => /\.ya?ml$/.test(p) && !p.endsWith('kustomization.yaml'))!;
  const edit = (path: string, f: (t: string) => string) => ({ path, text: f(tree.read(path)!) });
  return [
    { kind: "an env's env-config", ...edit(`envs/${env}/env-config.yaml`, (t) => `${t}  bench_key: changed\n`) },
    { kind: `a stage file (${biggest.name})`, ...edit(stageFile, (t) => t.replace('interval: 10m', 'interval: 11m')) },
    { kind: 'a runtime component file', ...edit(runtimeFile, (t) => `${t}# edited\n`) },
    { kind: 'an app file', ...edit(appFile, (t) => `${t}# edited\n`) },
  ];
}

export function runP11(runs = 3): P11Result {
  progress(`P11: generating the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet`);
  const { fleet, tree } = generateRepository(REFERENCE_SHAPE);
  let t = nowMs();
  const index = ValidationIndex.build(tree);
  const indexMs = nowMs() - t;
  progress(`P11: index of the commit built in ${fmtMs(indexMs)}`);
  const kinds: P11Kind[] = [];
  for (const c of changes(fleet, tree)) {
    const after = tree.clone();
    after.write(c.path, c.text);
    // The garbage of the kind before (its full validations allocate gigabytes) is collected now, not in the
    // first runs of this one.
    gcNow();
    // Warm: the first call compiles the code paths; not counted.
    let result = validateIncrementally(index, after, [c.path]);
    const inc: number[] = [];
    const incCpu: number[] = [];
    const full: number[] = [];
    // The incremental runs first, then the full ones: a full validation allocates gigabytes, and
    // the collection it leaves behind would be charged to the incremental run after it.
    for (let i = 0; i < runs; i++) {
      t = nowMs();
      const cpu = selfCpuMs();
      result = validateIncrementally(index, after, [c.path]);
      inc.push(nowMs() - t);
      incCpu.push(selfCpuMs() - cpu);
    }
    for (let i = 0; i < runs; i++) {
      t = nowMs();
      validateRepository(after);
      full.push(nowMs() - t);
    }
    const k: P11Kind = {
      kind: c.kind,
      path: c.path,
      envs: result.reach.environments.length,
      totalEnvs: result.reach.totalEnvironments,
      findings: result.diagnostics.length,
      incrementalMs: median(inc),
      incrementalCpuMs: median(incCpu),
      fullMs: median(full),
      ratio: median(full) / median(inc),
    };
    progress(
      `P11: ${k.kind}: incremental ${fmtMs(k.incrementalMs)} (CPU ${fmtMs(k.incrementalCpuMs)}; ${k.envs} of ${k.totalEnvs} envs), full ${fmtMs(k.fullMs)}`,
    );
    kinds.push(k);
  }
  return { runs, indexMs, kinds };
}

const met = (k: P11Kind) => k.incrementalMs <= P11_GOAL_MS && k.ratio >= P11_GOAL_RATIO;

export function p11SummaryRows(r: P11Result): string[][] {
  return r.kinds.map((k) => [
    `P11 incremental validate: ${k.kind} (${fmtInt(k.envs)} of ${fmtInt(k.totalEnvs)} envs)`,
    `${fmtMs(k.incrementalMs)} (CPU ${fmtMs(k.incrementalCpuMs)}; warm, median of ${r.runs})`,
    `full validation ${fmtMs(k.fullMs)}`,
    `${fmtRatio(k.ratio)} faster`,
    `≤ ${P11_GOAL_MS} ms and ≤ 1/${P11_GOAL_RATIO} of full`,
    met(k) ? 'yes' : '**no**',
  ]);
}

export function p11Section(r: P11Result): string {
  return [
    '## P11: incremental validation of a one-file change (issue 17)',
    '',
    `\`validateIncrementally(index, tree, [path])\` (what \`platter validate --since\` and a backend holding the commit run; docs/validate.md) against \`validateRepository\` of the same tree after the change, in the same run, on the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet. The index of the commit (\`ValidationIndex.build\`: the model parsed, every env, app and tenant path walked once, recording what each read) took ${fmtMs(r.indexMs)}, once. Each kind of change starts after a full garbage collection (the full validations of the kind before it leave gigabytes behind), then one untimed run; medians of ${r.runs} warm runs each:`,
    '',
    '| One-file change | File | Envs reached | Findings | Incremental (CPU) | Full | Ratio | Goal met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.kinds.map(
      (k) =>
        `| ${k.kind} | \`${k.path}\` | ${fmtInt(k.envs)} of ${fmtInt(k.totalEnvs)} | ${k.findings} | ${fmtMs(k.incrementalMs)} (${fmtMs(k.incrementalCpuMs)}) | ${fmtMs(k.fullMs)} | ${fmtRatio(k.ratio)} | ${met(k) ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
}

if (require.main === module) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
  const r = runP11(runs);
  console.log(`${p11Section(r)}\n\nload ${loadavg()[0]!.toFixed(1)}`);
}
