import {
  checkAddonSelection,
  diagnostic,
  layout,
  type ComponentVersion,
  type Diagnostic,
  type FileTree,
  type Fleet,
  type RuntimeService,
  type Stage,
  effectiveComponent,
} from '@platter/model';
import { KustomizeWalker, ParseCache, RepositoryReader } from '../parse';

/**
 * The compatibility matrix (issue 19 §1): every released component version ×
 * the addon combinations the stages allow × every stage's config. For each
 * combination: does it build (the static Flux-way build of `_base` with the
 * addons appended as components, as Flux appends `spec.components`), do its
 * addons conflict (or not exist in that version), are its `requires` met by the
 * stage (config keys in the stage's config or in every env's; secret keys in
 * every env's `runtime-<svc>` Secret).
 *
 * Combinations per version and stage: every conflict-free subset of the
 * version's addons in menu order (Kustomize applies components in list order,
 * so the menu's order is the one a request writes), plus every combination the
 * stage or one of its envs runs today (even a conflicting one: it is real).
 * When a version has more subsets than `maxPerCell`, a stated sample: none,
 * each addon alone, the largest conflict-free set, and every one used today.
 *
 * Pure over the tree; `platter menu matrix --kustomize` re-checks the builds
 * with the real `kubectl kustomize` (gitops-repo's kustomizeMatrix).
 */
export interface MatrixCombination {
  readonly service: string;
  readonly version: string;
  readonly stage: string;
  /** In the order Flux would apply them. */
  readonly addons: readonly string[];
  /** Whether the stage itself runs exactly this version and addon list today. */
  readonly usedByStage: boolean;
  /** Envs of the stage that run exactly this (through their addon overrides), sorted. */
  readonly usedByEnvironments: readonly string[];
  readonly builds: boolean;
  readonly conflictFree: boolean;
  readonly requiresMet: boolean;
  /** Why it fails (empty when it passes). */
  readonly findings: readonly Diagnostic[];
}

export interface MatrixCell {
  readonly service: string;
  readonly version: string;
  readonly stage: string;
  /** The stage runs this version today. */
  readonly used: boolean;
  readonly status: 'ok' | 'fails';
  readonly combinations: number;
  readonly failing: number;
  /** The failing combinations' findings, one line each (`[addons] CODE: message`). */
  readonly reasons: readonly string[];
}

export interface CompatibilityMatrix {
  readonly combinations: readonly MatrixCombination[];
  /** One per version × stage, services and versions in menu order, stages in promotion order. */
  readonly cells: readonly MatrixCell[];
  /** Present when some version had more combinations than were checked. */
  readonly sample?: { readonly total: number; readonly checked: number; readonly rule: string };
}

export interface MatrixOptions {
  /** Most combinations checked per version × stage before sampling. @default 16 */
  readonly maxPerCell?: number;
  /** Only this service. */
  readonly service?: string;
}

export const SAMPLE_RULE =
  'none, each addon alone, the largest conflict-free set, and every combination a stage or env runs today';

/** The matrix of a repository tree (parses it). */
export function compatibilityMatrixOf(tree: FileTree, options: MatrixOptions = {}): CompatibilityMatrix {
  const cache = new ParseCache();
  const fleet = new RepositoryReader(tree, cache).fleet();
  if (!fleet) return { combinations: [], cells: [] };
  // Every patch applied, as kustomize applies it: an addon's patch file on an object _base lacks fails here.
  return compatibilityMatrix(fleet, new KustomizeWalker(tree, cache, { fullPatches: true }), options);
}

/** The matrix of a parsed fleet; `walker` should apply every patch (WalkOptions.fullPatches). */
export function compatibilityMatrix(
  fleet: Fleet,
  walker: KustomizeWalker,
  options: MatrixOptions = {},
): CompatibilityMatrix {
  const max = options.maxPerCell ?? 16;
  const combinations: MatrixCombination[] = [];
  const cells: MatrixCell[] = [];
  let total = 0;
  let checked = 0;
  for (const service of fleet.services) {
    if (options.service && service.name !== options.service) continue;
    for (const version of service.versions) {
      for (const stage of fleet.stages) {
        const used = usedCombinations(fleet, stage, service.name);
        const all = conflictFreeSubsets(version);
        total += all.length + used.filter((u) => !all.some((a) => same(a, u.addons))).length;
        const chosen = all.length > max ? sample(version, all) : all;
        const lists: (readonly string[])[] = [...chosen];
        for (const u of used) if (!lists.some((l) => same(l, u.addons))) lists.push(u.addons);
        checked += lists.length;
        const mine = lists.map((addons) => {
          const use = used.find((u) => same(u.addons, addons));
          const usedByStage =
            !!use?.byStage && stage.components.some((c) => c.service === service.name && c.version === version.version);
          const envs = stage.components.some((c) => c.service === service.name && c.version === version.version)
            ? (use?.environments ?? [])
            : [];
          return checkCombination(fleet, walker, service, version, stage, addons, usedByStage, envs);
        });
        combinations.push(...mine);
        const failing = mine.filter((c) => c.findings.length);
        cells.push({
          service: service.name,
          version: version.version,
          stage: stage.name,
          used: stage.components.some((c) => c.service === service.name && c.version === version.version),
          status: failing.length ? 'fails' : 'ok',
          combinations: mine.length,
          failing: failing.length,
          reasons: failing.flatMap((c) =>
            c.findings.map((d) => `[${c.addons.join(', ') || 'no addons'}] ${d.code}: ${d.message}`),
          ),
        });
      }
    }
  }
  return { combinations, cells, ...(checked < total ? { sample: { total, checked, rule: SAMPLE_RULE } } : {}) };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The addon lists a stage and its envs run for a service today (the stage's, then each distinct env list). */
function usedCombinations(
  fleet: Fleet,
  stage: Stage,
  service: string,
): { addons: readonly string[]; byStage: boolean; environments: string[] }[] {
  const c = stage.components.find((x) => x.service === service);
  if (!c) return [];
  const out = [{ addons: c.addons, byStage: true, environments: [] as string[] }];
  for (const env of fleet.environments
    .filter((e) => e.stage === stage.name)
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const addons = effectiveComponent(c, env).addons;
    const hit = out.find((u) => same(u.addons, addons));
    if (hit) hit.environments.push(env.name);
    else out.push({ addons, byStage: false, environments: [env.name] });
  }
  return out;
}

function conflicts(version: ComponentVersion, a: string, b: string): boolean {
  const x = version.addons.find((v) => v.name === a);
  const y = version.addons.find((v) => v.name === b);
  return !!(x?.conflictsWith.includes(b) || y?.conflictsWith.includes(a));
}

/** Every conflict-free subset of the version's addons, in menu order (the empty one first). */
function conflictFreeSubsets(version: ComponentVersion): string[][] {
  const names = version.addons.map((a) => a.name);
  // 2^n grows fast: stop enumerating once far past any sampling limit.
  const out: string[][] = [[]];
  for (const name of names) {
    const grown = out.filter((s) => s.every((o) => !conflicts(version, o, name))).map((s) => [...s, name]);
    out.push(...grown);
    if (out.length > 4096) break;
  }
  return out.map((s) => names.filter((n) => s.includes(n)));
}

function sample(version: ComponentVersion, all: string[][]): string[][] {
  const largest = all.reduce((a, b) => (b.length > a.length ? b : a), []);
  const out: string[][] = [[], ...version.addons.map((a) => [a.name])];
  if (!out.some((l) => same(l, largest))) out.push(largest);
  return out;
}

function checkCombination(
  fleet: Fleet,
  walker: KustomizeWalker,
  service: RuntimeService,
  version: ComponentVersion,
  stage: Stage,
  addons: readonly string[],
  usedByStage: boolean,
  usedByEnvironments: readonly string[],
): MatrixCombination {
  const where = `stage "${stage.name}" with ${service.name} ${version.version}`;
  const path = layout.componentFile(service.name, version.version);
  const selection = checkAddonSelection(service, version, addons, where, path).filter((d) => d.severity === 'error');
  const requires = checkRequires(fleet, stage, version);
  const known = addons.filter((a) => version.addons.some((x) => x.name === a));
  const build = walker
    .build(
      layout.baseDir(service.name, version.version),
      known.map((a) => `../${a}`),
    )
    .diagnostics.filter((d) => d.severity === 'error');
  return {
    service: service.name,
    version: version.version,
    stage: stage.name,
    addons,
    usedByStage,
    usedByEnvironments,
    builds: build.length === 0,
    conflictFree: selection.length === 0,
    requiresMet: requires.length === 0,
    findings: [...selection, ...requires, ...build],
  };
}

/** `requires` against a stage: config keys in its config or every env's; secret keys in every env's Secret. */
function checkRequires(fleet: Fleet, stage: Stage, version: ComponentVersion): Diagnostic[] {
  const envs = fleet.environments.filter((e) => e.stage === stage.name);
  const out: Diagnostic[] = [];
  const label = `${version.service} ${version.version}`;
  for (const key of version.requires.config) {
    const inStage = key === 'stage' || key === 'env' || key in stage.config;
    const inEveryEnv = envs.length > 0 && envs.every((e) => key in e.config);
    if (!inStage && !inEveryEnv)
      out.push(
        diagnostic(
          'MissingConfigKey',
          `${label} needs config key "${key}": stage "${stage.name}" ${envs.length ? 'and not every env of it sets' : 'does not set'} it`,
          layout.stageConfig(stage.name),
        ),
      );
  }
  const secret = `runtime-${version.service}`;
  for (const key of version.requires.secrets) {
    const lacking = envs.filter(
      (e) => !e.secrets.some((s) => s.name === secret && s.namespace === 'flux-system' && s.keys.includes(key)),
    );
    if (lacking.length)
      out.push(
        diagnostic(
          'MissingSecretKey',
          `${label} needs secret key "${key}" in ${secret}: ${lacking.map((e) => e.name).join(', ')} lack it`,
          layout.secretFile(lacking[0]!.name, secret),
        ),
      );
  }
  return out;
}

/**
 * What a newly released version breaks (issue 19 §1, `menu release`): every
 * addon list a stage or env runs the service with today, checked against the
 * new version: conflicts, requires against the stage, and the build. A list
 * with an addon the new version does not have is left out: dropping an addon
 * in a release is deliberate (`removeAddons`), and upgrading a stage that uses
 * it is refused then (AddonIncompatible).
 */
export function releaseBreaks(fleet: Fleet, walker: KustomizeWalker, service: string, version: string): Diagnostic[] {
  const svc = fleet.services.find((s) => s.name === service);
  const v = svc?.versions.find((x) => x.version === version);
  if (!svc || !v) return [];
  const out: Diagnostic[] = [];
  for (const stage of fleet.stages) {
    for (const used of usedCombinations(fleet, stage, service)) {
      if (!used.addons.every((a) => v.addons.some((x) => x.name === a))) continue;
      const who = [...(used.byStage ? [`stage ${stage.name}`] : []), ...used.environments].join(', ');
      for (const d of checkCombination(fleet, walker, svc, v, stage, used.addons, false, []).findings)
        out.push({
          ...d,
          message: `${service} ${version} with [${used.addons.join(', ') || 'no addons'}] as ${who} runs it today: ${d.message}`,
        });
    }
  }
  return out;
}
