import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { diagnostic, isPlatterError, layout, sortDiagnostics, type Diagnostic } from '@platter/model';
import { checkDependsOn, checkFluxNamespaces, checkSubstitution, cmp, list, namespacesCreated } from './checks';
import {
  fluxBuildKey,
  hasFluxOverlay,
  normalizeSpecPath,
  readFluxBuildSpec,
  renderFluxKustomization,
  type FluxBuildSpec,
} from './fluxGenerator';
import { DEFAULT_KUSTOMIZE_TIMEOUT_MS, kustomizeBuild } from './kustomizeBuild';
import { isFluxKustomization, isRecord, objectRef, parseManifests, type Manifest } from './manifests';
import {
  copyToScratch,
  findKustomizationFileName,
  isDirectory,
  readDirClosure,
  scanGeneratedResources,
  withMutation,
  type Mutation,
} from './artifactCopy';

/**
 * The kustomize oracle (DESIGN §5): builds every env of a repository with the real
 * `kubectl kustomize`, then every Flux Kustomization of this repository found in an
 * env the way kustomize-controller builds it (see fluxGenerator.ts), and checks what
 * Flux accepts silently or never checks: unresolved `${var}`s, Flux objects in
 * namespaces nobody creates, dangling and cyclic dependsOn.
 *
 * It works on a scratch copy of the repository (made once per run; the user's files
 * are never written). Identical Flux builds (same path, components, patches, ...)
 * run once for the whole fleet, and a Flux Kustomization that builds an env
 * directory unchanged (bootstrap's `flux-system`) reuses that env's build.
 */

/** Options of {@link runKustomizeOracle}. */
export interface KustomizeOracleOptions {
  /**
   * Envs to check (names of directories under `envs/`).
   * @default every directory under `envs/`
   */
  readonly envs?: readonly string[];
  /**
   * Builds run at once. kubectl spends part of each call waiting, so two per CPU
   * pays off (measured on 2 CPUs: 4 at once took 65% of the time of 2).
   * @default twice the number of CPUs, clamped to 2..4
   */
  readonly concurrency?: number;
  /**
   * The kubectl binary.
   * @default 'kubectl' (from PATH)
   */
  readonly kubectl?: string;
  /**
   * Timeout of one build.
   * @default 120000
   */
  readonly timeoutMs?: number;
}

export interface OracleReport {
  /** Sorted, deduplicated. */
  readonly diagnostics: Diagnostic[];
  /** Per env (sorted): how many Flux Kustomizations its build defines (nested builds included). */
  readonly builds: { env: string; kustomizations: number }[];
  readonly stats: {
    /** kubectl processes started. */
    kubectlCalls: number;
    /** Build requests answered by an identical build already made. */
    dedupedBuilds: number;
  };
}

/** How deep Flux Kustomizations found in Flux builds are followed. */
const MAX_DEPTH = 8;

type BuildResult =
  { readonly ok: true; readonly manifests: readonly Manifest[] } | { readonly ok: false; readonly reason: string };

/** A build to run: a directory of the scratch copy, maybe with a rewritten kustomization. */
interface BuildJob {
  readonly key: string;
  readonly dir: string;
  readonly mutation?: Mutation;
}

/** What one Flux Kustomization builds: a job, or why Flux would not get that far. */
type FluxPlan =
  | { readonly job: BuildJob; readonly spec: FluxBuildSpec }
  | { readonly problem: string; readonly code: 'KustomizeBuildFailed' | 'PathEscape'; readonly path: string };

interface EnvState {
  readonly env: string;
  readonly dir: string;
  output?: readonly Manifest[];
  /** Every Flux Kustomization the env defines, by namespace/name (first seen wins). */
  readonly kustomizations: Map<string, Manifest>;
  /** Flux builds of this env: Kustomization -> build key. */
  readonly fluxBuilds: { ks: Manifest; key: string }[];
}

export async function runKustomizeOracle(
  repoRoot: string,
  options: KustomizeOracleOptions = {},
): Promise<OracleReport> {
  const root = resolve(repoRoot);
  const diagnostics: Diagnostic[] = [];
  const envs = envsToBuild(root, options, diagnostics);
  if (!envs.length)
    return { diagnostics: sortDiagnostics(diagnostics), builds: [], stats: { kubectlCalls: 0, dedupedBuilds: 0 } };

  const scratch = await copyToScratch(root);
  try {
    const builder = new Builder(scratch.root, options);
    const states: EnvState[] = envs.map((env) => ({
      env,
      dir: layout.envDir(env),
      kustomizations: new Map(),
      fluxBuilds: [],
    }));
    // 1. Every env, with the real kubectl kustomize.
    diagnostics.push(...(await buildEnvs(builder, states)));
    // 2. Flux Kustomizations of this repository, built the way Flux builds them.
    diagnostics.push(...(await buildFluxKustomizations(builder, scratch.root, states)));
    // 3.-5. Checks on each env and on the Flux builds it makes.
    for (const s of states) diagnostics.push(...checkEnvBuilds(builder, s));
    return {
      diagnostics: dedupe(sortDiagnostics(diagnostics)),
      builds: states.map((s) => ({ env: s.env, kustomizations: s.kustomizations.size })),
      stats: { kubectlCalls: builder.kubectlCalls, dedupedBuilds: builder.dedupedBuilds },
    };
  } finally {
    await scratch.dispose();
  }
}

/** The envs to build: `options.envs` (UnknownEnvironment, into `diagnostics`, for one without a directory), else every env directory; byte order. */
function envsToBuild(root: string, options: KustomizeOracleOptions, diagnostics: Diagnostic[]): string[] {
  const envsDir = join(root, layout.envsDir);
  const existing = isDirectory(envsDir)
    ? readdirSync(envsDir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort(cmp)
    : [];
  const requested = options.envs ? [...new Set(options.envs)].sort(cmp) : existing;
  return requested.filter((env) => {
    if (existing.includes(env)) return true;
    diagnostics.push(
      diagnostic(
        'UnknownEnvironment',
        `env "${env}" has no directory ${layout.envDir(env)} (known: ${list(existing)})`,
        layout.envDir(env),
      ),
    );
    return false;
  });
}

/** Step 1: `kubectl kustomize` of every env directory; the output goes into its state, a failure is KustomizeBuildFailed. */
async function buildEnvs(builder: Builder, states: readonly EnvState[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  await settleAll(
    states.map(async (s) => {
      const result = await builder.build({ key: dirKey(s.dir), dir: s.dir });
      if (!result.ok)
        out.push(diagnostic('KustomizeBuildFailed', `kubectl kustomize ${s.dir} failed: ${result.reason}`, s.dir));
      else s.output = result.manifests;
    }),
  );
  return out;
}

/**
 * Step 2: the Flux Kustomizations (of a GitRepository: this repository) the envs
 * define, built the way Flux builds them, level by level, since a Flux build may
 * define further Flux Kustomizations (at most MAX_DEPTH levels). Each build is
 * planned and run once however many envs use it; a failure or a spec Flux
 * would refuse is reported once, naming its users.
 */
async function buildFluxKustomizations(
  builder: Builder,
  root: string,
  states: readonly EnvState[],
): Promise<Diagnostic[]> {
  const plans = new Map<string, FluxPlan>();
  const failures = new Map<string, { job: BuildJob; spec: FluxBuildSpec; reason: string; users: Users }>();
  const problems = new Map<string, { plan: Extract<FluxPlan, { problem: string }>; users: Users }>();
  let frontier: { state: EnvState; found: readonly Manifest[] }[] = states
    .filter((s) => s.output)
    .map((s) => ({ state: s, found: s.output! }));
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const requests: Promise<{ state: EnvState; found: readonly Manifest[] } | undefined>[] = [];
    for (const { state, found } of frontier) {
      for (const ks of found.filter(isFluxKustomization)) {
        const ref = objectRef(ks);
        if (state.kustomizations.has(ref)) continue;
        state.kustomizations.set(ref, ks);
        if (ks.object.spec?.sourceRef?.kind !== 'GitRepository') continue; // another repository: not ours to build
        const planKey = specPlanKey(ks);
        let plan = plans.get(planKey);
        if (!plan) plans.set(planKey, (plan = planFluxBuild(root, ks)));
        if ('problem' in plan) {
          const entry = problems.get(planKey) ?? { plan, users: new Map() };
          addUser(entry.users, ref, state.env);
          problems.set(planKey, entry);
          continue;
        }
        const { job, spec } = plan;
        state.fluxBuilds.push({ ks, key: job.key });
        requests.push(
          builder.build(job).then((result) => {
            if (result.ok) return { state, found: result.manifests };
            if (job.key === dirKey(state.dir)) return undefined; // the env build itself: reported by buildEnvs
            const entry = failures.get(job.key) ?? { job, spec, reason: result.reason, users: new Map() };
            addUser(entry.users, ref, state.env);
            failures.set(job.key, entry);
            return undefined;
          }),
        );
      }
    }
    frontier = (await settleAll(requests)).filter(
      (x): x is { state: EnvState; found: readonly Manifest[] } => x !== undefined,
    );
  }
  const out: Diagnostic[] = [];
  for (const { job, spec, reason, users } of failures.values()) {
    out.push(
      diagnostic(
        'KustomizeBuildFailed',
        `the Flux build of ${job.dir || '.'}${describeOverlay(spec)} for ${describeUsers(users)} failed: ${reason}`,
        job.dir || '.',
      ),
    );
  }
  for (const { plan, users } of problems.values()) {
    out.push(diagnostic(plan.code, `Kustomization ${describeUsers(users)}: ${plan.problem}`, plan.path));
  }
  return out;
}

/**
 * Steps 3-5 for one env that built: namespaces of the env's output and of each
 * Flux build it makes (each build checked once), `${var}` substitution of each
 * Flux build, and the Kustomizations' dependsOn graph.
 */
function checkEnvBuilds(builder: Builder, s: EnvState): Diagnostic[] {
  if (!s.output) return [];
  const out: Diagnostic[] = [];
  const envCreated = namespacesCreated(s.output);
  out.push(...checkFluxNamespaces(s.output, envCreated, { label: `env ${s.env}`, path: s.dir }));
  const checkedBuilds = new Set<string>([dirKey(s.dir)]);
  for (const { ks, key } of s.fluxBuilds) {
    const result = builder.result(key);
    if (!result?.ok) continue;
    out.push(
      ...checkSubstitution({ env: s.env, path: s.dir, kustomization: ks, output: result.manifests, sources: s.output }),
    );
    if (checkedBuilds.has(key)) continue;
    checkedBuilds.add(key);
    const allowed = new Set([...envCreated, ...namespacesCreated(result.manifests)]);
    out.push(
      ...checkFluxNamespaces(result.manifests, allowed, {
        label: `env ${s.env}: the build of Kustomization ${objectRef(ks)}`,
        path: s.dir,
      }),
    );
  }
  out.push(...checkDependsOn(s.env, [...s.kustomizations.values()], s.dir));
  return out;
}

const dirKey = (dir: string): string => `dir:${dir}`;

/** The spec fields that decide what a Flux Kustomization builds (the key of its plan). */
const specPlanKey = (ks: Manifest): string => {
  const read = readFluxBuildSpec(ks.object.spec);
  return 'spec' in read ? fluxBuildKey(read.spec) : `invalid:${JSON.stringify(ks.object.spec ?? null)}`;
};

/**
 * Works out the build kustomize-controller makes for a Flux Kustomization: the
 * directory at spec.path, its kustomization rewritten (or generated) the way Flux's
 * generator does; no rewrite at all when Flux would change nothing that matters,
 * so the build is shared with a plain build of that directory.
 */
function planFluxBuild(root: string, ks: Manifest): FluxPlan {
  const read = readFluxBuildSpec(ks.object.spec);
  if ('problem' in read) {
    return { problem: read.problem, code: read.pathEscape ? 'PathEscape' : 'KustomizeBuildFailed', path: '.' };
  }
  const spec = read.spec;
  const absDir = spec.path ? join(root, spec.path) : root;
  if (!isDirectory(absDir)) {
    return {
      problem: `kustomization path not found: spec.path "${ks.object.spec.path}" is not a directory of the repository`,
      code: 'KustomizeBuildFailed',
      path: spec.path || '.',
    };
  }
  const file = findKustomizationFileName(absDir);
  const existing = file ? readFileSync(join(absDir, file), 'utf8') : undefined;
  if (!hasFluxOverlay(spec) && existing !== undefined && hasResources(existing))
    return { job: { key: dirKey(spec.path), dir: spec.path }, spec };
  let content: string;
  try {
    content = renderFluxKustomization(
      {
        ...(existing !== undefined ? { existing } : { generated: scanGeneratedResources(absDir) }),
        componentExists: (c) => existsSync(join(absDir, c)),
      },
      spec,
    );
  } catch (e) {
    return {
      problem: `Flux cannot generate the kustomization of ${spec.path || '.'}: ${(e as Error).message}`,
      code: 'KustomizeBuildFailed',
      path: spec.path || '.',
    };
  }
  return {
    job: { key: fluxBuildKey(spec), dir: spec.path, mutation: { file: file ?? 'kustomization.yaml', content } },
    spec,
  };
}

/** Runs build jobs: memoized by key, `concurrency` at once, never two that would see each other's rewrites. */
class Builder {
  kubectlCalls = 0;
  dedupedBuilds = 0;
  private readonly memo = new Map<string, Promise<BuildResult>>();
  private readonly settled = new Map<string, BuildResult>();
  private readonly closures = new Map<string, ReadonlySet<string> | undefined>();
  private readonly queue: { job: BuildJob; reads: ReadonlySet<string> | undefined; start: () => void }[] = [];
  private readonly running = new Set<{ job: BuildJob; reads: ReadonlySet<string> | undefined }>();
  private readonly concurrency: number;

  constructor(
    private readonly root: string,
    private readonly options: KustomizeOracleOptions,
  ) {
    this.concurrency = Math.max(
      1,
      Math.floor(options.concurrency ?? Math.min(4, Math.max(2, 2 * availableParallelism()))),
    );
  }

  build(job: BuildJob): Promise<BuildResult> {
    const known = this.memo.get(job.key);
    if (known) {
      this.dedupedBuilds++;
      return known;
    }
    const promise = new Promise<BuildResult>((resolvePromise) => {
      const entry = { job, reads: this.reads(job), start: () => resolvePromise(this.run(entry)) };
      this.queue.push(entry);
      this.pump();
    });
    this.memo.set(job.key, promise);
    return promise;
  }

  /** The result of a finished build. */
  result(key: string): BuildResult | undefined {
    return this.settled.get(key);
  }

  private reads(job: BuildJob): ReadonlySet<string> | undefined {
    const dirs = readDirClosure(this.root, job.dir, this.closures);
    if (!dirs || !job.mutation) return dirs;
    // A rewritten kustomization also reads the components Flux appended.
    const all = new Set(dirs);
    for (const c of readComponents(job.mutation.content)) {
      const target = normalizeSpecPath(job.dir ? `${job.dir}/${c}` : c);
      const sub = target === undefined ? undefined : readDirClosure(this.root, target, this.closures);
      if (!sub) return undefined;
      sub.forEach((d) => all.add(d));
    }
    return all;
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length && this.running.size < this.concurrency;) {
      const entry = this.queue[i]!;
      if ([...this.running].some((r) => conflicts(r, entry))) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.running.add(entry);
      entry.start();
    }
  }

  private async run(entry: { job: BuildJob; reads: ReadonlySet<string> | undefined }): Promise<BuildResult> {
    const { job } = entry;
    const absDir = job.dir ? join(this.root, job.dir) : this.root;
    const kubectlOptions = {
      repoRoot: this.root,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_KUSTOMIZE_TIMEOUT_MS,
      ...(this.options.kubectl ? { kubectl: this.options.kubectl } : {}),
    };
    let result: BuildResult;
    try {
      const call = () => {
        this.kubectlCalls++;
        return kustomizeBuild(absDir, kubectlOptions);
      };
      const output = job.mutation ? await withMutation(this.root, absDir, job.mutation, call) : await call();
      result = { ok: true, manifests: parseManifests(output) };
    } catch (e) {
      if (!isPlatterError(e, 'KustomizeBuildFailed')) {
        this.running.delete(entry);
        this.pump();
        throw e;
      }
      result = { ok: false, reason: reasonOf(e.message) };
    }
    this.settled.set(job.key, result);
    this.running.delete(entry);
    this.pump();
    return result;
  }
}

/** Two builds conflict when one rewrites a kustomization the other reads. */
function conflicts(
  a: { job: BuildJob; reads: ReadonlySet<string> | undefined },
  b: { job: BuildJob; reads: ReadonlySet<string> | undefined },
): boolean {
  const reads = (x: typeof a, dir: string) => x.reads === undefined || x.reads.has(dir);
  return (a.job.mutation !== undefined && reads(b, a.job.dir)) || (b.job.mutation !== undefined && reads(a, b.job.dir));
}

/** The kubectl reason without the "kubectl kustomize <dir> failed: " prefix kustomizeBuild adds. */
function reasonOf(message: string): string {
  const i = message.indexOf(' failed: ');
  return i >= 0 ? message.slice(i + ' failed: '.length) : message;
}

/** Flux Kustomizations (namespace/name) -> the envs that define them. */
type Users = Map<string, Set<string>>;

function addUser(users: Users, ref: string, env: string): void {
  const envs = users.get(ref) ?? new Set<string>();
  envs.add(env);
  users.set(ref, envs);
}

/** "flux-system/runtime-demo in envs dev, prod; team-a/app in env dev" (capped). */
function describeUsers(users: Users): string {
  const parts = [...users.keys()].sort(cmp).map((ref) => {
    const envs = [...users.get(ref)!].sort(cmp);
    return `${ref} in ${envs.length > 1 ? 'envs' : 'env'} ${list(envs, 5)}`;
  });
  return parts.length > 3 ? `${parts.slice(0, 3).join('; ')}; (+${parts.length - 3} more)` : parts.join('; ');
}

function describeOverlay(spec: FluxBuildSpec): string {
  const parts: string[] = [];
  if (spec.components.length) parts.push(`components [${spec.components.join(', ')}]`);
  if (spec.patches.length) parts.push(`${spec.patches.length} patch(es)`);
  if (spec.images.length) parts.push(`images [${spec.images.map((i) => i.name).join(', ')}]`);
  if (spec.targetNamespace !== undefined) parts.push(`targetNamespace ${spec.targetNamespace}`);
  if (spec.namePrefix !== undefined) parts.push(`namePrefix ${spec.namePrefix}`);
  if (spec.nameSuffix !== undefined) parts.push(`nameSuffix ${spec.nameSuffix}`);
  return parts.length ? ` with ${parts.join(', ')}` : '';
}

function hasResources(kustomization: string): boolean {
  try {
    const kus = parse(kustomization) as unknown;
    return isRecord(kus) && Array.isArray(kus.resources) && kus.resources.length > 0;
  } catch {
    return false;
  }
}

function readComponents(kustomization: string): string[] {
  try {
    const kus = parse(kustomization) as unknown;
    return isRecord(kus) && Array.isArray(kus.components)
      ? kus.components.filter((c): c is string => typeof c === 'string')
      : [];
  } catch {
    return [];
  }
}

/**
 * Promise.all that waits for every promise before failing, so no build is still
 * writing into the scratch copy when it is removed.
 */
async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.path ?? ''}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
