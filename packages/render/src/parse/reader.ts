import {
  findNamed,
  layout,
  normalizeFleet,
  normalizeRepoPath,
  sortDiagnostics,
  type App,
  type Diagnostic,
  type Environment,
  type FileTree,
  type Fleet,
  type RuntimeService,
  type Stage,
  type Tenant,
} from '@platter/model';
import { KustomizeWalker } from './kustomizeWalk';
import { ParseCache } from './parseCache';
import { ChangedPaths, TrackedTree, type Reads } from './readTracking';
import {
  parseApp,
  parseEnvironment,
  parseService,
  parseSettings,
  parseStage,
  parseTenant,
  type ParsedSettings,
  type ParseSink,
} from './parseEntities';

/** One parsed entity with what its parse read and reported, so a reader of a changed tree can take it over. */
interface Parsed {
  readonly value: unknown;
  readonly reads: Reads;
  readonly diagnostics: readonly Diagnostic[];
  /** Its platter.yaml entry, which the parse also depends on. */
  readonly declared: unknown;
}

/**
 * Reads a repository lazily: each entity is parsed on first use and cached, and
 * reads only its own files (an env's, an app's, a menu entry's), never the
 * whole tree at once.
 *
 * Every parse records what it read ({@link TrackedTree}); a reader {@link derive}d
 * for the tree after a change takes over each entity whose reads the change does
 * not touch, with its findings, and parses only the others: planning parses the
 * repository once, plus what the change touches.
 */
export class RepositoryReader {
  private readonly sink: ParseSink;
  private readonly tracked: TrackedTree;
  private readonly parsed = new Map<string, Parsed>();
  private parsedSettings?: ParsedSettings | null;
  private readonly services = new Map<string, RuntimeService>();
  private readonly stages = new Map<string, Stage>();
  private readonly envs = new Map<string, Environment | null>();
  private readonly tenants = new Map<string, Tenant>();
  private readonly apps = new Map<string, App | null>();
  private serviceDirs?: readonly string[];
  private model?: Fleet | null;
  private fleetClean?: boolean;

  constructor(
    readonly tree: FileTree,
    /** Share one between readers of similar trees (before/after a change) to parse unchanged files once. */
    readonly cache: ParseCache = new ParseCache(),
    /** A reader of the tree before a change, and the paths the change touches (see {@link derive}). */
    private readonly origin?: { readonly reader: RepositoryReader; readonly changed: ChangedPaths },
  ) {
    this.tracked = new TrackedTree(tree);
    // The walker takes over the origin's walks the change does not touch, as the reader takes over entities.
    const walker = origin
      ? origin.reader.walker.derive(this.tracked, cache, origin.changed)
      : new KustomizeWalker(this.tracked, cache);
    this.sink = { tree: this.tracked, diagnostics: [], walker, cache };
  }

  /**
   * A reader of `tree`, which must be this reader's tree with the files at
   * `changedPaths` added, modified or deleted (an overlay of a plan's changes).
   * It shares the parse cache and takes over every entity this reader has parsed
   * whose parse read none of those paths (nor listed a directory holding one, nor
   * depended on its platter.yaml entry when that changed): the same entity, and
   * the same findings, that parsing it again would give.
   */
  derive(tree: FileTree, changedPaths: Iterable<string>, cache: ParseCache = this.cache): RepositoryReader {
    return new RepositoryReader(tree, cache, {
      reader: this,
      changed: ChangedPaths.of([...changedPaths].map(normalizeRepoPath)),
    });
  }

  /**
   * An entity this reader has parsed or can take over from its origin (which
   * may itself take it over from its own origin): a reader derived from one that
   * was derived from a commit's reader (PlanBase) reaches back to it.
   */
  private recorded(key: string, declared: unknown): Parsed | undefined {
    const own = this.parsed.get(key);
    if (own || !this.origin) return own;
    const before = this.origin.reader.recorded(key, declared);
    return before && sameData(before.declared, declared) && !this.origin.changed.touches(before.reads)
      ? before
      : undefined;
  }

  /** Parses one entity (recording its reads and findings), or takes it over from the origin reader. */
  private parse<T>(key: string, declared: unknown, fn: () => T): T {
    const before = this.origin?.reader.recorded(key, declared);
    if (before && sameData(before.declared, declared) && !this.origin!.changed.touches(before.reads)) {
      this.sink.diagnostics.push(...before.diagnostics);
      this.parsed.set(key, before);
      return before.value as T;
    }
    const start = this.sink.diagnostics.length;
    const { value, reads } = this.tracked.track(fn);
    this.parsed.set(key, { value, reads, diagnostics: this.sink.diagnostics.slice(start), declared });
    return value;
  }

  /** Findings so far (parse problems of what has been read). */
  get diagnostics(): Diagnostic[] {
    return sortDiagnostics(unique(this.sink.diagnostics));
  }

  get walker(): KustomizeWalker {
    return this.sink.walker;
  }

  /**
   * The tree as this reader and its {@link walker} read it, recording reads: a
   * ValidationIndex of this reader's tree records its units' reads through it
   * and so shares the walker's walks (a PlanBase keeps one set of them).
   */
  get trackedTree(): TrackedTree {
    return this.tracked;
  }

  settingsFile(): ParsedSettings | undefined {
    if (this.parsedSettings === undefined)
      this.parsedSettings = this.parse('settings', undefined, () => parseSettings(this.sink) ?? null);
    return this.parsedSettings ?? undefined;
  }

  stageNames(): string[] {
    return this.settingsFile()?.file.spec.stages.map((s) => s.name) ?? [];
  }

  environmentNames(): string[] {
    const declared = this.settingsFile()?.file.spec.environments.map((e) => e.name) ?? [];
    return [...new Set([...this.tree.dirs(layout.envsDir), ...declared])].sort();
  }

  serviceNames(): string[] {
    // Listed once per reader, like every entity it parses (service() asks for each service: a listing of
    // runtime/ per service was a scan of the menu's files per service).
    return [...(this.serviceDirs ??= this.tree.dirs(layout.runtimeDir))];
  }

  tenantNames(): string[] {
    return this.settingsFile()?.file.spec.tenants.map((t) => t.name) ?? [];
  }

  appNames(): string[] {
    return this.tree.dirs(layout.appsDir);
  }

  service(name: string): RuntimeService | undefined {
    if (!this.serviceNames().includes(name)) return undefined;
    let s = this.services.get(name);
    if (!s)
      this.services.set(name, (s = this.parse(`service\0${name}`, undefined, () => parseService(this.sink, name))));
    return s;
  }

  stage(name: string): Stage | undefined {
    const declared = findNamedIn(this.settingsFile()?.file.spec.stages, name);
    if (!declared) return undefined;
    let s = this.stages.get(name);
    if (!s) this.stages.set(name, (s = this.parse(`stage\0${name}`, declared, () => parseStage(this.sink, declared))));
    return s;
  }

  environment(name: string): Environment | undefined {
    if (!this.envs.has(name)) {
      const declared = findNamedIn(this.settingsFile()?.file.spec.environments, name);
      const env = this.parse(`env\0${name}`, declared, () => {
        const exists = this.sink.tree.read(layout.envKustomization(name)) !== undefined;
        if (!exists && declared) {
          this.sink.diagnostics.push({
            code: 'MissingFile',
            severity: 'error',
            message: `environment "${name}" is declared in platter.yaml but ${layout.envKustomization(name)} does not exist`,
            path: layout.envKustomization(name),
          });
        }
        return exists || !declared ? (parseEnvironment(this.sink, name, declared) ?? null) : null;
      });
      this.envs.set(name, env);
    }
    return this.envs.get(name) ?? undefined;
  }

  tenant(name: string): Tenant | undefined {
    const declared = findNamedIn(this.settingsFile()?.file.spec.tenants, name);
    if (!declared) return undefined;
    let t = this.tenants.get(name);
    if (!t)
      this.tenants.set(name, (t = this.parse(`tenant\0${name}`, declared, () => parseTenant(this.sink, declared))));
    return t;
  }

  app(name: string): App | undefined {
    if (!this.apps.has(name)) {
      this.apps.set(
        name,
        this.parse(`app\0${name}`, undefined, () =>
          this.sink.tree.list(layout.appDir(name)).length ? (parseApp(this.sink, name) ?? null) : null,
        ),
      );
    }
    return this.apps.get(name) ?? undefined;
  }

  /**
   * A fleet holding only the named entities (plus all stages and the menu, which
   * every rule needs and which are small). What planners work on.
   */
  partialFleet(scope: {
    environments?: readonly string[];
    tenants?: readonly string[];
    apps?: readonly string[];
  }): Fleet | undefined {
    const parsed = this.settingsFile();
    if (!parsed) return undefined;
    const pick = <T>(names: readonly string[] | undefined, all: () => string[], get: (n: string) => T | undefined) =>
      (names ?? all()).map(get).filter((x): x is T => !!x);
    return normalizeFleet({
      settings: parsed.settings,
      stages: this.stageNames()
        .map((s) => this.stage(s)!)
        .filter(Boolean),
      services: this.serviceNames().map((s) => this.service(s)!),
      environments: pick(
        scope.environments,
        () => this.environmentNames(),
        (n) => this.environment(n),
      ),
      tenants: pick(
        scope.tenants,
        () => this.tenantNames(),
        (n) => this.tenant(n),
      ),
      apps: pick(
        scope.apps,
        () => this.appNames(),
        (n) => this.app(n),
      ),
    });
  }

  /**
   * The whole fleet, made once per reader (its entities are parsed once anyway).
   * A reader derived for no change has every entity of its origin: its origin's
   * fleet (a plan on a PlanBase reads the commit's model as the base made it).
   */
  fleet(): Fleet | undefined {
    if (this.model === undefined) {
      const origin = this.origin;
      const shared =
        origin && origin.changed.isEmpty && origin.reader.tree === this.tree ? origin.reader.cleanFleet() : undefined;
      this.model = shared ?? this.partialFleet({}) ?? null;
    }
    return this.model ?? undefined;
  }

  /**
   * Its fleet, when a reader derived for no change would take every entity of it
   * over: not when one met an include cycle (that one is parsed again), nor when
   * there is none (the derived reader parses, for the findings that say why).
   */
  private cleanFleet(): Fleet | undefined {
    const model = this.fleet();
    if (!model) return undefined;
    this.fleetClean ??= ![...this.parsed.values()].some((p) => ChangedPaths.none.touches(p.reads));
    return this.fleetClean ? model : undefined;
  }
}

export interface ParseResult {
  /** undefined when platter.yaml is missing or unreadable (see diagnostics). */
  readonly model?: Fleet;
  readonly diagnostics: Diagnostic[];
}

/** Parses the whole repository into the model, with every parse finding. */
export function parseRepository(tree: FileTree): ParseResult {
  const reader = new RepositoryReader(tree);
  const model = reader.fleet();
  return { ...(model ? { model } : {}), diagnostics: reader.diagnostics };
}

/** An entry of a platter.yaml list by name: a reader asks for each of 1,000 envs (findNamed indexes the list). */
const findNamedIn = <T extends { readonly name: string }>(list: readonly T[] | undefined, name: string) =>
  list ? findNamed(list, name) : undefined;

/** Strict equality of parsed data (platter.yaml entries): same keys, same values, all the way down. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((x, i) => sameData(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

export function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.path ?? ''}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
