import {
  layout,
  normalizeRepoPath,
  sortDiagnostics,
  versionRuleFacts,
  type ComponentVersion,
  type Diagnostic,
  type Environment,
  type FileTree,
  type Fleet,
  type RuleOptions,
  type Stage,
} from '@platter/model';
import { checkPlatterShape, withoutForeign, type PlatterShape } from '../check/platterShape';
import { KustomizeWalker, type WalkResult } from '../parse/kustomizeWalk';
import type { ParseCache } from '../parse/parseCache';
import { RepositoryReader, unique } from '../parse/reader';
import { ChangedPaths, touchesEveryRead, TrackedTree, type Reads } from '../parse/readTracking';
import { walkEnvironment, type Builder } from './checkStructure';
import { checkTenantPaths } from './checkTenantPaths';
import { checkCloudClasses } from '../cloud/checkCloudClasses';
import { validateRepository } from './validateRepository';
import { allUnits, computeUnits, fieldsOwner, unitOf, type UnitId } from './validationUnits';

/** Files a tenant's render reads outside its own directory: the cloud resources of app overlays, a stage's cloud-classes install. */
const CLOUD_READS = /^(?:apps\/[^/]+\/(?:[^/]+|envs\/[^/]+)\/cloud\/|stages\/[^/]+\/cloud-classes(?:\.yaml$|\/))/;

/**
 * Incremental validation (issue 17): after a change, only the units of
 * {@link validateRepository} the change can reach are checked (validationUnits.ts
 * names the units). What a change reaches is decided from the tree before it:
 *
 * - a unit that reads files (an env's structure, an app's base, the tenant paths,
 *   the cloud classes) is
 *   reached when the change adds, modifies or deletes a file its builds read, or
 *   a file in a directory they listed. The reads are recorded by the same walker
 *   the checks build with ({@link walkEnvironment}): this index is the reverse
 *   dependency "which envs can this path reach";
 * - a unit that reads the model is reached when an entity it depends on parses
 *   differently after the change (the reader re-parses exactly the entities whose
 *   files the change touches, and a re-parsed entity counts only if it differs);
 *   the dependencies are listed per unit in {@link reachOf}, erring on the side of
 *   reaching;
 * - `fields:<owner>` (managed fields) also when the change touches a file under
 *   the owner's directory, `yaml:<path>` when the file itself changed;
 * - parse findings and NotPlatterShaped are always reported (the reader carries
 *   the first over; the second is one listing of the top-level directories);
 * - everything, when platter.yaml does not parse before or after, the change
 *   makes a top-level directory Platter's or not (NotPlatterShaped), or it
 *   touches a `.sourceignore` file (what every build may read).
 *
 * Its findings are exactly a full validation's findings of the reached units
 * (incremental.property.test.ts), and a unit it does not reach has the same
 * findings before and after the change.
 */
export class ValidationIndex {
  private constructor(
    readonly tree: FileTree,
    /** The reader that parsed the whole model of the tree (derived from for each change). */
    readonly reader: RepositoryReader,
    readonly model: Fleet | undefined,
    /** What each unit that reads files read, by unit id. */
    readonly reads: ReadonlyMap<UnitId, Reads>,
    /** Each build the checks make (an env, a Flux Kustomization's path, an app base), with what it read. */
    readonly builds: ReadonlyMap<string, RecordedBuild>,
    /** NotPlatterShaped of the tree. */
    readonly shape: PlatterShape,
    /** The walker that made the builds (a walker of the tree after a change takes its walks over). */
    readonly walker: KustomizeWalker | undefined,
  ) {}

  /**
   * Parses the tree's model and walks every env, app and tenant path once,
   * recording what each read (no rule runs: building the index is cheaper than a
   * validation). Keep it for the commit and validate changes against it.
   */
  static build(
    tree: FileTree,
    options: { readonly reader?: RepositoryReader; readonly cache?: ParseCache } = {},
  ): ValidationIndex {
    const listed = options.reader ? tree : new ListingMemo(tree);
    const reader = options.reader ?? new RepositoryReader(listed, options.cache);
    const model = reader.fleet();
    const reads = new Map<UnitId, Reads>();
    const builds = new Map<string, RecordedBuild>();
    let walker: KustomizeWalker | undefined;
    if (model) {
      // A reader given: its walker makes the builds (they are its walks, kept once), recorded through its tree.
      const tracked = options.reader ? options.reader.trackedTree : new TrackedTree(listed);
      const w = (walker = options.reader ? options.reader.walker : new KustomizeWalker(tracked, reader.cache));
      // Each build recorded once with its reads; a unit that makes it again depends on the same reads.
      const recording: Builder = {
        build: (dir, components = []) => {
          const key = buildKey(dir, components);
          const hit = builds.get(key);
          if (hit) {
            tracked.reuse(hit.reads);
            return hit.result;
          }
          const { value, reads: r } = tracked.track(() => w.build(dir, components));
          builds.set(key, { result: value, reads: r });
          return value;
        },
      };
      for (const e of model.environments)
        reads.set(unitOf.env(e.name), tracked.track(() => walkEnvironment(recording, e.name)).reads);
      for (const a of model.apps)
        reads.set(unitOf.app(a.name), tracked.track(() => recording.build(layout.appBaseDir(a.name))).reads);
      reads.set('tenantPaths', tracked.track(() => checkTenantPaths(model, tracked, recording, reader.cache)).reads);
      reads.set('cloudClasses', tracked.track(() => checkCloudClasses(tracked, model)).reads);
    }
    return new ValidationIndex(listed, reader, model, reads, builds, checkPlatterShape(listed), walker);
  }

  /** A build as the index recorded it (undefined: the index did not make it). */
  recordedBuild(dir: string, components: readonly string[] = []): WalkResult | undefined {
    return this.builds.get(buildKey(dir, components))?.result;
  }

  private reverse?: ReverseIndex;
  private readsByResult?: Map<WalkResult, Reads>;

  /** What a build the index recorded read (undefined: not one of its builds). */
  readsOf(result: WalkResult): Reads | undefined {
    if (!this.readsByResult) {
      this.readsByResult = new Map();
      for (const b of this.builds.values()) this.readsByResult.set(b.result, b.reads);
    }
    return this.readsByResult.get(result);
  }

  /**
   * Which recorded reads a change touches: the reads that saw a changed file
   * (read it, present or not) or listed a directory holding one, and every
   * computation that reused them, found from the changed paths upwards through a
   * reverse index of the reads (built once per index): a query costs what the
   * change reaches, not the size of the fleet.
   */
  touchedBy(changed: readonly string[]): (reads: Reads) => boolean {
    if (touchesEveryRead(changed)) return () => true;
    const rev = (this.reverse ??= reverseIndex([
      ...this.reads.values(),
      ...[...this.builds.values()].map((b) => b.reads),
    ]));
    const hit = new Set<Reads>();
    const up = (r: Reads) => {
      if (hit.has(r)) return;
      hit.add(r);
      for (const p of rev.parents.get(r) ?? []) up(p);
    };
    rev.tainted.forEach(up);
    const dirs = new Set<string>(['']);
    for (const p of changed) {
      rev.byFile.get(p)?.forEach(up);
      for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
    }
    for (const d of dirs) rev.byDir.get(d)?.forEach(up);
    return (reads) => hit.has(reads);
  }
}

interface ReverseIndex {
  readonly byFile: ReadonlyMap<string, readonly Reads[]>;
  readonly byDir: ReadonlyMap<string, readonly Reads[]>;
  readonly parents: ReadonlyMap<Reads, readonly Reads[]>;
  readonly tainted: readonly Reads[];
}

/** The reads DAG turned around: who read a file, who listed a directory, who reused a computation. */
function reverseIndex(roots: readonly Reads[]): ReverseIndex {
  const byFile = new Map<string, Reads[]>();
  const byDir = new Map<string, Reads[]>();
  const parents = new Map<Reads, Reads[]>();
  const tainted: Reads[] = [];
  const seen = new Set<Reads>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  const stack = [...roots];
  while (stack.length) {
    const r = stack.pop()!;
    if (seen.has(r)) continue;
    seen.add(r);
    if (r.tainted) tainted.push(r);
    for (const f of new Set(r.files)) push(byFile, f, r);
    for (const d of new Set(r.dirs)) push(byDir, d, r);
    for (const p of r.parts) {
      push(parents, p, r);
      stack.push(p);
    }
  }
  return { byFile, byDir, parents, tainted };
}

interface RecordedBuild {
  readonly result: WalkResult;
  readonly reads: Reads;
}

const buildKey = (dir: string, components: readonly string[]) => `${dir}\0${components.join('\0')}`;

/**
 * Builds as the index recorded them where the change touches nothing they read
 * (the same result a walk of the tree after the change gives), else walks the
 * tree after the change: an env-config change re-walks that env, not the runtime
 * components and apps it deploys.
 */
export function reusingBuilder(base: ValidationIndex, touched: (r: Reads) => boolean, after: KustomizeWalker): Builder {
  return {
    build: (dir, components = []) => {
      const recorded = base.builds.get(buildKey(dir, components));
      return recorded && !touched(recorded.reads) ? recorded.result : after.build(dir, components);
    },
    // The builds of the index's tree: the structure check of an env whose build the change made new
    // derives its findings from the env's check there (checkStructure.ts).
    before: { build: (dir, components = []) => base.builds.get(buildKey(dir, components))?.result },
    // A recorded build the change does not touch is what `build` answers for its key.
    unchanged: (result) => {
      const reads = base.readsOf(result);
      return reads !== undefined && !touched(reads);
    },
  };
}

/**
 * A tree whose listings are computed once: the reader lists runtime/ for each
 * service it parses, and listing a large in-memory tree is a scan. Only for a
 * tree nobody writes to while it is read (a commit, the tree after a change).
 */
class ListingMemo implements FileTree {
  private readonly lists = new Map<string, string[]>();
  private readonly subdirs = new Map<string, string[]>();

  constructor(private readonly base: FileTree) {}

  read(path: string): string | undefined {
    return this.base.read(path);
  }

  list(dir = ''): string[] {
    let hit = this.lists.get(dir);
    if (!hit) this.lists.set(dir, (hit = this.base.list(dir)));
    return [...hit];
  }

  dirs(dir: string): string[] {
    let hit = this.subdirs.get(dir);
    if (!hit) this.subdirs.set(dir, (hit = this.base.dirs(dir)));
    return [...hit];
  }
}

/** What a change reaches (in the tree after it). */
export interface Reach {
  /** Everything: platter.yaml unreadable on one side, or the top-level shape changed. */
  readonly all: boolean;
  /** The reached units (every unit of the tree after the change when `all`). */
  readonly units: ReadonlySet<UnitId>;
  /** The reached envs (whose structure is checked; their model rule too where the model reaches it), sorted. */
  readonly environments: readonly string[];
  /** How many envs the tree after the change has. */
  readonly totalEnvironments: number;
}

export interface IncrementalValidation {
  /** The model after the change (undefined when platter.yaml is unreadable). */
  readonly model?: Fleet;
  /** The findings of the reached units after the change, sorted and de-duplicated. */
  readonly diagnostics: Diagnostic[];
  readonly reach: Reach;
}

/**
 * Validates `after`, which is the index's tree with the files at `changedPaths`
 * added, modified or deleted (a rename is a delete and an add), checking only
 * what the change reaches. The index is only read: validate any number of
 * changes against it.
 */
export function validateIncrementally(
  base: ValidationIndex,
  tree: FileTree,
  changedPaths: Iterable<string>,
  options: RuleOptions = {},
): IncrementalValidation {
  const changed = [...new Set([...changedPaths].map(normalizeRepoPath))].sort();
  const after = new ListingMemo(tree);
  const reader = base.reader.derive(after, changed);
  const model = reader.fleet();
  const touched = base.touchedBy(changed);
  // Listings and the kustomization files they find change only when a file is added or deleted.
  const shape = changed.every((p) => base.tree.read(p) !== undefined && after.read(p) !== undefined)
    ? base.shape
    : checkPlatterShape(after);
  const reach = reachOf(base, after, reader, model, changed, { touched, shape });
  if (!model) {
    const full = validateRepository(after, { ...options, reader });
    return { diagnostics: full.diagnostics, reach };
  }
  // A walker of the tree after the change that takes over the index's walks the change does not touch
  // (a stage component re-walked for one env's config would otherwise be walked from scratch).
  const afterWalker = base.walker
    ? base.walker.derive(after, reader.cache, new ChangedPaths(changed))
    : new KustomizeWalker(after, reader.cache);
  const walker = reusingBuilder(base, touched, afterWalker);
  const units = computeUnits({ tree: after, reader, model, walker, options }, reach.all ? 'all' : reach.units);
  return { model, diagnostics: finishFindings(after, reader, units, shape), reach };
}

/**
 * The findings of computed units as validateRepository reports them: with the
 * parse findings, NotPlatterShaped instead of what was read in a foreign
 * directory, sorted and de-duplicated.
 */
export function finishFindings(
  tree: FileTree,
  reader: RepositoryReader,
  units: ReadonlyMap<UnitId, readonly Diagnostic[]>,
  shape: PlatterShape = checkPlatterShape(tree),
): Diagnostic[] {
  const all = [...[...units.values()].flat(), ...reader.diagnostics];
  return sortDiagnostics(unique([...withoutForeign(all, shape.foreign), ...shape.diagnostics]));
}

/** How the model differs across a change, entity by entity (added, removed or parsed differently). */
export interface ModelDelta {
  readonly settings: boolean;
  readonly environments: ReadonlySet<string>;
  /** Envs that differ in more than their config and secrets (what other entities' rules and renders read). */
  readonly envMeta: ReadonlySet<string>;
  readonly stages: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  /** Of a changed service, its versions that differ ('*': the service apart from its versions, or all). */
  readonly serviceVersions: ReadonlyMap<string, ReadonlySet<string>>;
  /** The same, counting only what the env rules read of a version (VERSION_RULE_FIELDS). */
  readonly ruleVersions: ReadonlyMap<string, ReadonlySet<string>>;
  readonly tenants: ReadonlySet<string>;
  readonly apps: ReadonlySet<string>;
}

function modelDelta(
  before: Fleet,
  after: Fleet,
  readers: { before: RepositoryReader; after: RepositoryReader },
): ModelDelta {
  // An entity the reader after the change took over is the very object parsed before (unchanged);
  // only the others are compared (the model is normalized into new objects each time).
  const takenOver = {
    env: (n: string) => readers.before.environment(n) === readers.after.environment(n),
    stage: (n: string) => readers.before.stage(n) === readers.after.stage(n),
    service: (n: string) => readers.before.service(n) === readers.after.service(n),
    tenant: (n: string) => readers.before.tenant(n) === readers.after.tenant(n),
    app: (n: string) => readers.before.app(n) === readers.after.app(n),
  };
  const changed = <T extends { name: string }>(
    a: readonly T[],
    b: readonly T[],
    kept: (name: string) => boolean,
    same: (x: T, y: T) => boolean = equalData,
  ) => {
    const out = new Set<string>();
    const byName = new Map(a.map((x) => [x.name, x]));
    for (const x of b) {
      const y = byName.get(x.name);
      if (!y || (x !== y && !kept(x.name) && !same(x, y))) out.add(x.name);
      byName.delete(x.name);
    }
    for (const name of byName.keys()) out.add(name);
    return out;
  };
  const envMeta = (x: Environment, y: Environment) => {
    const { config: _c1, secrets: _s1, ...a } = x;
    const { config: _c2, secrets: _s2, ...b } = y;
    return equalData(a, b);
  };
  const environments = changed(before.environments, after.environments, takenOver.env);
  const services = changed(before.services, after.services, takenOver.service);
  const named = <T extends { version: string }>(v: T) => ({ ...v, name: v.version });
  const metaCandidates = (m: Fleet) => m.environments.filter((e) => environments.has(e.name));
  const versionsOf = (project: (v: ComponentVersion) => { version: string }) =>
    new Map(
      [...services].map((name) => {
        const x = before.services.find((v) => v.name === name);
        const y = after.services.find((v) => v.name === name);
        if (!x || !y) return [name, new Set(['*'])];
        const { versions: vx, ...restX } = x;
        const { versions: vy, ...restY } = y;
        if (!equalData(restX, restY)) return [name, new Set(['*'])];
        return [
          name,
          changed(
            vx.map((v) => named(project(v))),
            vy.map((v) => named(project(v))),
            () => false,
          ),
        ];
      }),
    );
  return {
    settings:
      readers.before.settingsFile() !== readers.after.settingsFile() && !equalData(before.settings, after.settings),
    environments,
    envMeta: changed(metaCandidates(before), metaCandidates(after), () => false, envMeta),
    stages: changed(before.stages, after.stages, takenOver.stage),
    services,
    serviceVersions: versionsOf((v) => v),
    ruleVersions: versionsOf(versionRuleFacts),
    tenants: changed(before.tenants, after.tenants, takenOver.tenant),
    apps: changed(before.apps, after.apps, takenOver.app),
  };
}

/** The model side of what a change reaches: its delta, and who depends on it. */
export interface ModelReach {
  readonly delta: ModelDelta;
  /** What the settings' render, CODEOWNERS, the model rules and the policies read changed: everything but env config. */
  readonly fleetWide: boolean;
  readonly stageChanged: (env: string) => boolean;
  /** Whether the env (on either side) runs, overrides or pins a service whose menu entry changed. */
  readonly runsChangedService: (env: string) => boolean;
  /** Whether the env (on either side) pins a service whose menu entry changed, at its pin's or its stage's version. */
  readonly pinsChangedService: (env: string) => boolean;
  /** Whether the stage (on either side) runs a version of a service whose menu entry changed. */
  readonly stageRunsChangedService: (stage: string) => boolean;
  /** fleetWide apart from the menu: what reads the settings, stages, tenants, apps or envs but no service. */
  readonly fleetWideButMenu: boolean;
  /** Whether an env's model rule and the model facts its structure check reads can differ. */
  readonly envRules: (env: string) => boolean;
}

/**
 * How the model differs across a change, and which units that reads the model
 * depend on the difference (the one place of these dependencies: incremental
 * validation and validateChange use it).
 */
export function modelReach(
  before: Fleet,
  after: Fleet,
  readers: { readonly before: RepositoryReader; readonly after: RepositoryReader },
): ModelReach {
  const d = modelDelta(before, after, readers);
  const any = (s: ReadonlySet<string>) => s.size > 0;
  const fleetWideButMenu = d.settings || any(d.stages) || any(d.tenants) || any(d.apps) || any(d.envMeta);
  const fleetWide = fleetWideButMenu || any(d.services);
  const envsOf = (m: Fleet) => new Map(m.environments.map((e) => [e.name, e]));
  const envsBefore = envsOf(before);
  const envsAfter = envsOf(after);
  const stagesBefore = new Map(before.stages.map((s) => [s.name, s]));
  const stagesAfter = new Map(after.stages.map((s) => [s.name, s]));
  // Whether a service's menu entry changed as far as these versions of it go (`rules`: in what the env rules read).
  const changedVersion = (service: string, versions: readonly (string | undefined)[], rules = false) => {
    const changed = (rules ? d.ruleVersions : d.serviceVersions).get(service);
    return !!changed && (changed.has('*') || versions.some((v) => v !== undefined && changed.has(v)));
  };
  const stageRunsChangedService = (stage: string) =>
    any(d.services) &&
    [stagesBefore.get(stage), stagesAfter.get(stage)].some(
      (s) => !!s && s.components.some((c) => changedVersion(c.service, [c.version])),
    );
  // Whether a stage runs, at the stage's version, a service whose menu entry changed: once per stage object
  // (1,000 envs ask about a few stages).
  const stageRunsChanged = [new Map<Stage, boolean>(), new Map<Stage, boolean>()];
  const runsChangedStaged = (stage: Stage, rules: boolean) => {
    const memo = stageRunsChanged[rules ? 1 : 0]!;
    let hit = memo.get(stage);
    if (hit === undefined)
      memo.set(stage, (hit = stage.components.some((c) => changedVersion(c.service, [c.version], rules))));
    return hit;
  };
  // Whether a changed menu version is one an env runs of a service, its stage's or a pin's (`pinsOnly`: of a
  // service it pins, whose render carries what the pinned version says differently from the stage's; `rules`:
  // changed in what the env rules read). A pinned version counts once, through the pins (whether the stage runs
  // the service or not); an addon override reads the version the stage runs.
  const changedServiceOf = (env: string, pinsOnly: boolean, rules = false) => {
    if (!any(d.services)) return false;
    const sides = [
      [envsBefore.get(env), stagesBefore],
      [envsAfter.get(env), stagesAfter],
    ] as const;
    return sides.some(([e, stages]) => {
      if (!e) return false;
      const stage = stages.get(e.stage);
      const staged = (service: string) => stage?.components.find((c) => c.service === service)?.version;
      return (
        (!pinsOnly &&
          ((stage !== undefined && runsChangedStaged(stage, rules)) ||
            e.addonOverrides.some((o) => changedVersion(o.service, [staged(o.service)], rules)))) ||
        (e.versionOverrides ?? []).some((p) => changedVersion(p.service, [p.version, staged(p.service)], rules))
      );
    });
  };
  // The versions an env runs of a service: its stage's and any pin (the env's checks read both).
  const runsChangedService = (env: string) => changedServiceOf(env, false);
  const pinsChangedService = (env: string) => changedServiceOf(env, true);
  const stageChanged = (env: string) =>
    d.stages.has(envsBefore.get(env)?.stage ?? '\0') || d.stages.has(envsAfter.get(env)?.stage ?? '\0');
  const envRules = (env: string) =>
    d.environments.has(env) || stageChanged(env) || d.settings || any(d.tenants) || changedServiceOf(env, false, true);
  return {
    delta: d,
    fleetWide,
    fleetWideButMenu,
    stageChanged,
    runsChangedService,
    pinsChangedService,
    stageRunsChangedService,
    envRules,
  };
}

/**
 * The units of `after` a change reaches (see {@link ValidationIndex} for the
 * rule; this is its one implementation).
 */
export function reachOf(
  base: ValidationIndex,
  after: FileTree,
  reader: RepositoryReader,
  model: Fleet | undefined,
  changed: readonly string[],
  known: { readonly touched?: (r: Reads) => boolean; readonly shape?: PlatterShape } = {},
): Reach {
  const everything = (): Reach => ({
    all: true,
    units: new Set(model ? allUnits(after, model) : ['parse', 'shape']),
    environments: model ? model.environments.map((e) => e.name).sort() : [],
    totalEnvironments: model?.environments.length ?? 0,
  });
  const before = base.model;
  if (!before || !model) return everything();
  const foreign = (known.shape ?? checkPlatterShape(after)).foreign;
  if (foreign.join('\0') !== base.shape.foreign.join('\0')) return everything();
  if (touchesEveryRead(changed)) return everything();

  const m = modelReach(before, model, { before: base.reader, after: reader });
  const { delta: d, fleetWide, stageChanged } = m;
  const touched = known.touched ?? base.touchedBy(changed);
  const reads = (id: UnitId) => {
    const r = base.reads.get(id);
    return r === undefined || touched(r); // a unit the index has no reads of is new: reached
  };
  const paths = new Set(changed);
  const owners = new Set(changed.map(fieldsOwner));
  // Renders read files outside the directories they write (a stage's install of the cloud classes reads
  // cloud/): a change in a directory that is no entity's reaches every entity's managed fields.
  // So does a cloud file a tenant's app Kustomization reads (issue 21: a claim in an app overlay, a stage's
  // cloud-classes install decide its dependsOn).
  const allFields = changed.some((p) => (p.includes('/') && fieldsOwner(p) === 'settings') || CLOUD_READS.test(p));
  const any = (s: ReadonlySet<string>) => s.size > 0;

  const units = new Set<UnitId>(['parse', 'shape']);
  const reach = (id: UnitId, yes: boolean) => (yes || (allFields && id.startsWith('fields:'))) && units.add(id);
  reach('rules', fleetWide);
  reach('tenantPaths', reads('tenantPaths') || any(d.tenants) || any(d.apps) || d.settings);
  // CODEOWNERS is rendered from the settings, tenants and apps; .sops.yaml from the envs' recipients.
  const generated = d.settings || any(d.tenants) || any(d.apps) || any(d.envMeta);
  reach('managedFiles', generated || paths.has(layout.codeowners) || paths.has(layout.sopsConfig));
  reach('lifecycle', paths.has(layout.settings) || any(d.stages) || any(d.envMeta));
  reach('promotion', paths.has(layout.settings) || fleetWide);
  reach('cloudClasses', reads('cloudClasses') || fleetWide);
  const environments: string[] = [];
  for (const e of model.environments) {
    // The structure check reads the env's builds and model facts (its secrets, stage, tenants, settings).
    const rule = m.envRules(e.name);
    if (reads(unitOf.env(e.name)) || rule) {
      units.add(unitOf.env(e.name));
      environments.push(e.name);
    }
    // The model rule reads only the model.
    reach(unitOf.envRule(e.name), rule);
    // An env's render reads the env, its stage, the settings, the tenants and apps deployed to it, and the
    // versions of what it pins (a pin carries what its version says differently from the stage's).
    const fields = `env:${e.name}`;
    reach(
      unitOf.fields(fields),
      owners.has(fields) ||
        d.environments.has(e.name) ||
        stageChanged(e.name) ||
        d.settings ||
        any(d.tenants) ||
        any(d.apps) ||
        m.pinsChangedService(e.name),
    );
  }
  for (const a of model.apps) {
    reach(unitOf.app(a.name), reads(unitOf.app(a.name)));
    const fields = `app:${a.name}`;
    reach(
      unitOf.fields(fields),
      owners.has(fields) || d.apps.has(a.name) || any(d.tenants) || any(d.stages) || any(d.envMeta) || d.settings,
    );
  }
  for (const s of model.stages) {
    // A stage's render reads the stage, the settings, the tenants and the versions of the services it runs.
    const fields = `stage:${s.name}`;
    reach(
      unitOf.fields(fields),
      owners.has(fields) || d.stages.has(s.name) || m.fleetWideButMenu || m.stageRunsChangedService(s.name),
    );
  }
  for (const s of model.services) {
    const fields = `service:${s.name}`;
    reach(unitOf.fields(fields), owners.has(fields) || d.services.has(s.name) || d.settings);
  }
  for (const t of model.tenants) {
    const fields = `tenant:${t.name}`;
    reach(
      unitOf.fields(fields),
      owners.has(fields) || d.tenants.has(t.name) || any(d.apps) || any(d.envMeta) || any(d.stages) || d.settings,
    );
  }
  // The settings' render (platter.yaml, CODEOWNERS, .sops.yaml) reads no service.
  reach(unitOf.fields('settings'), owners.has('settings') || m.fleetWideButMenu);
  for (const p of changed) reach(unitOf.yaml(p), /\.ya?ml$/.test(p) && after.read(p) !== undefined);
  return { all: false, units, environments: environments.sort(), totalEnvironments: model.environments.length };
}

/** Strict equality of parsed data: same keys in the same order, same values, all the way down. */
function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && equalData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
