import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { byteOrder, type Diagnostic, type Fleet } from '@platter/model';
import { validateRepository } from '@platter/render';
import { DiskFileTree, summarizeKustomizeError } from '@platter/gitops-repo';
import { copyCheckout, replaceFile, type FleetRepo } from './fleetRepo';
import { childCpuMs, median, nowMs, percentile, progress, removeDir, run, sum, timed } from './util';

export interface PlatterValidateRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface KustomizeSweep {
  readonly envs: number;
  /** Envs actually built (all of them unless --kustomize-envs sampled). */
  readonly built: number;
  readonly totalMs: number;
  /** Sum of the per-env builds scaled to every env (= totalMs when not sampled). */
  readonly allEnvsMs: number;
  /** CPU time of the kubectl processes, scaled to every env like allEnvsMs (NaN without /proc). */
  readonly allEnvsCpuMs: number;
  readonly perEnvMs: { readonly median: number; readonly p90: number; readonly min: number; readonly max: number };
  readonly failures: { readonly env: string; readonly message: string }[];
  readonly outputBytesMedian: number;
  readonly kubectlStartupMs: number;
}

export interface FaultResult {
  readonly id: string;
  readonly title: string;
  readonly change: string;
  readonly env: string;
  readonly platterCaught: boolean;
  readonly platterCodes: string[];
  readonly platterExample?: string;
  readonly platterMs: number;
  readonly kustomizeFailed: boolean;
  readonly kustomizeMessage?: string;
}

export interface P1Result {
  readonly envs: number;
  readonly platter: { readonly runs: PlatterValidateRun[]; readonly medianMs: number; readonly medianCpuMs: number };
  readonly cli?: { readonly ms: number; readonly exitCode: number | null };
  readonly kustomize: KustomizeSweep;
  /** kustomize time over Platter time (higher is better for Platter). */
  readonly ratio: number;
  /** The same in CPU time (robust to other work on the machine). */
  readonly cpuRatio: number;
  readonly goalRatio: number;
  readonly faults: FaultResult[];
}

export const P1_GOAL_RATIO = 20;

function validateOnDisk(dir: string): { diagnostics: Diagnostic[] } {
  // Exactly what `platter validate <dir>` does without --kustomize (packages/cli/src/commands/validate.ts).
  return validateRepository(new DiskFileTree(dir), { now: new Date() });
}

export async function platterValidateRuns(dir: string, runs: number): Promise<PlatterValidateRun[]> {
  const out: PlatterValidateRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(() => validateOnDisk(dir));
    const errors = r.value.diagnostics.filter((d) => d.severity === 'error').length;
    out.push({ ms: r.ms, cpuMs: r.cpuMs, errors, warnings: r.value.diagnostics.length - errors });
    progress(
      `P1 platter validate run ${i + 1}/${runs}: ${(r.ms / 1000).toFixed(2)} s (${errors} errors, ${r.value.diagnostics.length - errors} warnings)`,
    );
  }
  return out;
}

/** `platter validate <dir>` as a user runs it: a new process through packages/cli/bin/platter.js. */
export async function cliValidate(cliBin: string, dir: string): Promise<{ ms: number; exitCode: number | null }> {
  const r = await run(process.execPath, [cliBin, 'validate', dir], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { ms: r.ms, exitCode: r.code };
}

/** `kubectl kustomize envs/<env>` in the repo, output read and dropped. */
export async function kustomizeEnv(
  dir: string,
  env: string,
): Promise<{ ok: boolean; ms: number; bytes: number; message?: string }> {
  let bytes = 0;
  const r = await run('kubectl', ['kustomize', `envs/${env}`], {
    cwd: dir,
    onStdout: (c) => (bytes += Buffer.byteLength(c)),
  });
  if (r.code === 0) return { ok: true, ms: r.ms, bytes };
  return { ok: false, ms: r.ms, bytes, message: summarizeKustomizeError(r.stderr, [dir]) };
}

async function kubectlStartup(dir: string): Promise<number> {
  // The fixed cost of one kubectl process: a build of a directory with one ConfigMap.
  const tiny = join(dir, '..', 'kubectl-startup');
  mkdirSync(tiny, { recursive: true });
  writeFileSync(join(tiny, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
  writeFileSync(join(tiny, 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push((await run('kubectl', ['kustomize', tiny])).ms);
  rmSync(tiny, { recursive: true, force: true });
  return median(times);
}

/** Every env overlay (or an evenly spaced sample of `limit`), one after the other. */
export async function kustomizeSweep(dir: string, envs: readonly string[], limit?: number): Promise<KustomizeSweep> {
  const chosen =
    limit && limit < envs.length
      ? envs.filter((_, i) => i % Math.ceil(envs.length / limit) === 0).slice(0, limit)
      : [...envs];
  const startup = await kubectlStartup(dir);
  const times: number[] = [];
  const bytes: number[] = [];
  const failures: { env: string; message: string }[] = [];
  const start = nowMs();
  const cpuStart = childCpuMs() ?? NaN;
  let lastReport = start;
  for (const [i, env] of chosen.entries()) {
    const r = await kustomizeEnv(dir, env);
    times.push(r.ms);
    bytes.push(r.bytes);
    if (!r.ok) failures.push({ env, message: r.message ?? 'failed' });
    const t = nowMs();
    if (t - lastReport > 15_000 || i === chosen.length - 1) {
      lastReport = t;
      const per = (t - start) / (i + 1);
      const eta = ((chosen.length - i - 1) * per) / 1000;
      progress(
        `P1 kubectl kustomize: ${i + 1}/${chosen.length} envs, ${(per / 1000).toFixed(2)} s/env${i + 1 < chosen.length ? `, ~${Math.round(eta)} s left` : ''}${failures.length ? `, ${failures.length} failed` : ''}`,
      );
    }
  }
  const totalMs = nowMs() - start;
  const cpuMs = (childCpuMs() ?? NaN) - cpuStart;
  const scale = envs.length / chosen.length;
  return {
    envs: envs.length,
    built: chosen.length,
    totalMs,
    allEnvsMs: chosen.length === envs.length ? totalMs : (sum(times) / chosen.length) * envs.length,
    allEnvsCpuMs: cpuMs * scale,
    perEnvMs: { median: median(times), p90: percentile(times, 90), min: Math.min(...times), max: Math.max(...times) },
    failures,
    outputBytesMedian: median(bytes),
    kubectlStartupMs: startup,
  };
}

// ---- seeded faults ----------------------------------------------------------

interface Fault {
  readonly id: string;
  readonly title: string;
  /** Breaks the copy; returns what it changed and the env whose build it affects. */
  readonly seed: (dir: string, fleet: Fleet) => { change: string; env: string };
}

/** Edits a YAML file as plain data (the fault is in the data; the formatting does not matter). */
function editYaml(path: string, edit: (doc: any) => void): void {
  const js = parse(readFileSync(path, 'utf8'));
  edit(js);
  replaceFile(path, stringify(js, { lineWidth: 0 }));
}

/** Envs in name order, and the stage each is in. */
const envsByName = (fleet: Fleet) => [...fleet.environments].sort((a, b) => byteOrder(a.name, b.name));

export const FAULTS: readonly Fault[] = [
  {
    id: 'missing-file',
    title: 'A missing file',
    seed: (dir, fleet) => {
      const env = envsByName(fleet)[0]!.name;
      rmSync(join(dir, 'envs', env, 'env-config.yaml'));
      return { change: `deleted envs/${env}/env-config.yaml (still listed under resources)`, env };
    },
  },
  {
    id: 'component-under-resources',
    title: 'A Component under resources',
    seed: (dir, fleet) => {
      const e = envsByName(fleet)[1]!;
      const stagePath = `../../stages/${e.stage}`;
      editYaml(join(dir, 'envs', e.name, 'kustomization.yaml'), (k) => {
        k.components = (k.components ?? []).filter((c: string) => c !== stagePath);
        if (!k.components.length) delete k.components;
        k.resources = [...(k.resources ?? []), stagePath];
      });
      return {
        change: `envs/${e.name}/kustomization.yaml lists its stage (${stagePath}, a kind: Component) under resources instead of components`,
        env: e.name,
      };
    },
  },
  {
    id: 'missing-patch-target',
    title: 'A missing patch target',
    seed: (dir, fleet) => {
      // An addon-override patch of an env aimed at the runtime Kustomization of a
      // service its stage does not run (say the stage dropped it and the override stayed).
      const e = envsByName(fleet).find((x) => x.addonOverrides.length) ?? envsByName(fleet)[2]!;
      const stage = fleet.stages.find((s) => s.name === e.stage)!;
      const svc =
        fleet.services.find((s) => !stage.components.some((c) => c.service === s.name))?.name ?? 'not-on-the-menu';
      const target = `runtime-${svc}`;
      editYaml(join(dir, 'envs', e.name, 'kustomization.yaml'), (k) => {
        const patches: any[] = k.patches ?? [];
        const override = patches.find(
          (p) => p?.target?.kind === 'Kustomization' && String(p?.target?.name).startsWith('runtime-'),
        );
        if (override) override.target.name = target;
        else
          patches.push({
            target: { kind: 'Kustomization', name: target },
            patch: '- op: remove\n  path: /spec/components/0\n',
          });
        k.patches = patches;
      });
      return {
        change: `envs/${e.name}/kustomization.yaml: its addon-override patch now targets Kustomization ${target}, which stage ${stage.name} does not run`,
        env: e.name,
      };
    },
  },
  {
    id: 'dangling-dependson',
    title: 'A dangling dependsOn',
    seed: (dir, fleet) => {
      const e = envsByName(fleet)[3]!;
      const stage = fleet.stages.find((s) => s.name === e.stage)!;
      const svc = stage.components[0]!.service;
      const file = join(dir, 'stages', stage.name, 'runtime', `${svc}.yaml`);
      editYaml(file, (k) => {
        k.spec.dependsOn = [...(k.spec.dependsOn ?? []), { name: 'runtime-nope' }];
      });
      return {
        change: `stages/${stage.name}/runtime/${svc}.yaml: spec.dependsOn gains runtime-nope (no such Kustomization)`,
        env: e.name,
      };
    },
  },
];

const diagKey = (d: Diagnostic) => `${d.code}\0${d.path ?? ''}\0${d.message}`;

export async function runFaults(repo: FleetRepo, baseline: readonly Diagnostic[]): Promise<FaultResult[]> {
  const known = new Set(baseline.map(diagKey));
  const out: FaultResult[] = [];
  for (const fault of FAULTS) {
    const dir = copyCheckout(repo, fault.id);
    const { change, env } = fault.seed(dir, repo.fleet);
    const v = await timed(() => validateOnDisk(dir));
    const introduced = v.value.diagnostics.filter((d) => d.severity === 'error' && !known.has(diagKey(d)));
    const k = await kustomizeEnv(dir, env);
    out.push({
      id: fault.id,
      title: fault.title,
      change,
      env,
      platterCaught: introduced.length > 0,
      platterCodes: [...new Set(introduced.map((d) => d.code))],
      ...(introduced[0] ? { platterExample: introduced[0].message } : {}),
      platterMs: v.ms,
      kustomizeFailed: !k.ok,
      ...(k.message ? { kustomizeMessage: k.message } : {}),
    });
    progress(
      `P1 fault ${fault.id}: platter ${introduced.length ? `caught (${[...new Set(introduced.map((d) => d.code))].join(', ')})` : 'MISSED'}, kubectl kustomize envs/${env} ${k.ok ? 'succeeded (missed it)' : 'failed (caught it)'}`,
    );
    removeDir(join(dir, '..'));
  }
  return out;
}

export async function runP1(
  repo: FleetRepo,
  options: { runs: number; kustomizeLimit?: number; cliBin?: string },
): Promise<P1Result> {
  const envs = repo.fleet.environments.map((e) => e.name);
  progress(`P1: platter validate (DiskFileTree + validateRepository) of ${envs.length} envs, ${options.runs} runs`);
  const runs = await platterValidateRuns(repo.dir, options.runs);
  const baseline = validateOnDisk(repo.dir).diagnostics;
  let cli: P1Result['cli'];
  if (options.cliBin) {
    progress('P1: `platter validate <dir>` as a new CLI process (1 run)');
    cli = await cliValidate(options.cliBin, repo.dir);
    progress(`P1: CLI process ${(cli.ms / 1000).toFixed(2)} s, exit ${cli.exitCode}`);
  }
  progress(
    `P1: kubectl kustomize envs/<env> over ${options.kustomizeLimit ? `a sample of ${options.kustomizeLimit} of ` : 'every one of '}${envs.length} envs, sequentially`,
  );
  const kustomize = await kustomizeSweep(repo.dir, envs, options.kustomizeLimit);
  progress('P1: seeded faults, each in a fresh copy of the repo');
  const faults = await runFaults(repo, baseline);
  const medianMs = median(runs.map((r) => r.ms));
  const medianCpuMs = median(runs.map((r) => r.cpuMs));
  return {
    envs: envs.length,
    platter: { runs, medianMs, medianCpuMs },
    ...(cli ? { cli } : {}),
    kustomize,
    ratio: kustomize.allEnvsMs / medianMs,
    cpuRatio: kustomize.allEnvsCpuMs / medianCpuMs,
    goalRatio: P1_GOAL_RATIO,
    faults,
  };
}
