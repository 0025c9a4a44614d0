import {
  layout,
  normalizeFleet,
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

/**
 * Reads a repository lazily: each entity is parsed on first use and cached, so
 * planning one request on a 1,000-env fleet reads platter.yaml, the menu entries
 * and the few stages and envs it touches, not every file.
 */
export class RepositoryReader {
  private readonly sink: ParseSink;
  private parsedSettings?: ParsedSettings | null;
  private readonly services = new Map<string, RuntimeService>();
  private readonly stages = new Map<string, Stage>();
  private readonly envs = new Map<string, Environment | null>();
  private readonly tenants = new Map<string, Tenant>();
  private readonly apps = new Map<string, App | null>();

  constructor(
    readonly tree: FileTree,
    /** Share one between readers of similar trees (before/after a change) to parse unchanged files once. */
    readonly cache: ParseCache = new ParseCache(),
  ) {
    this.sink = { tree, diagnostics: [], walker: new KustomizeWalker(tree, cache), cache };
  }

  /** Findings so far (parse problems of what has been read). */
  get diagnostics(): Diagnostic[] {
    return sortDiagnostics(unique(this.sink.diagnostics));
  }

  get walker(): KustomizeWalker {
    return this.sink.walker;
  }

  settingsFile(): ParsedSettings | undefined {
    if (this.parsedSettings === undefined) this.parsedSettings = parseSettings(this.sink) ?? null;
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
    return this.tree.dirs(layout.runtimeDir);
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
    if (!s) this.services.set(name, (s = parseService(this.sink, name)));
    return s;
  }

  stage(name: string): Stage | undefined {
    const declared = this.settingsFile()?.file.spec.stages.find((s) => s.name === name);
    if (!declared) return undefined;
    let s = this.stages.get(name);
    if (!s) this.stages.set(name, (s = parseStage(this.sink, declared)));
    return s;
  }

  environment(name: string): Environment | undefined {
    if (!this.envs.has(name)) {
      const declared = this.settingsFile()?.file.spec.environments.find((e) => e.name === name);
      const exists = this.tree.read(layout.envKustomization(name)) !== undefined;
      if (!exists && declared) {
        this.sink.diagnostics.push({ code: 'MissingFile', severity: 'error', message: `environment "${name}" is declared in platter.yaml but ${layout.envKustomization(name)} does not exist`, path: layout.envKustomization(name) });
      }
      this.envs.set(name, exists || !declared ? (parseEnvironment(this.sink, name, declared) ?? null) : null);
    }
    return this.envs.get(name) ?? undefined;
  }

  tenant(name: string): Tenant | undefined {
    const declared = this.settingsFile()?.file.spec.tenants.find((t) => t.name === name);
    if (!declared) return undefined;
    let t = this.tenants.get(name);
    if (!t) this.tenants.set(name, (t = parseTenant(this.sink, declared)));
    return t;
  }

  app(name: string): App | undefined {
    if (!this.apps.has(name)) this.apps.set(name, this.tree.list(layout.appDir(name)).length ? (parseApp(this.sink, name) ?? null) : null);
    return this.apps.get(name) ?? undefined;
  }

  /**
   * A fleet holding only the named entities (plus all stages and the menu, which
   * every rule needs and which are small). What planners work on.
   */
  partialFleet(scope: { environments?: readonly string[]; tenants?: readonly string[]; apps?: readonly string[] }): Fleet | undefined {
    const parsed = this.settingsFile();
    if (!parsed) return undefined;
    const pick = <T>(names: readonly string[] | undefined, all: () => string[], get: (n: string) => T | undefined) =>
      (names ?? all()).map(get).filter((x): x is T => !!x);
    return normalizeFleet({
      settings: parsed.settings,
      stages: this.stageNames().map((s) => this.stage(s)!).filter(Boolean),
      services: this.serviceNames().map((s) => this.service(s)!),
      environments: pick(scope.environments, () => this.environmentNames(), (n) => this.environment(n)),
      tenants: pick(scope.tenants, () => this.tenantNames(), (n) => this.tenant(n)),
      apps: pick(scope.apps, () => this.appNames(), (n) => this.app(n)),
    });
  }

  /** The whole fleet. */
  fleet(): Fleet | undefined {
    return this.partialFleet({});
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

export function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.path ?? ''}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
