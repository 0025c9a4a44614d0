/**
 * `platter check`: reads ANY Flux + Kustomize repository, no platter.yaml needed
 * (DESIGN §6). It finds each cluster's sync root (the flux-system GitRepository +
 * Kustomization that `flux bootstrap` commits), then follows every Flux
 * Kustomization the way kustomize-controller builds it: `spec.path` (of this
 * repository, or of an ArtifactGenerator's copy of it), `spec.components`
 * appended, `spec.patches`, `spec.targetNamespace`, post-build substitution from
 * `substitute` and the ConfigMaps/Secrets of `substituteFrom` found in the
 * cluster's builds (Secrets: keys only, so SOPS files need no key), nested
 * Kustomizations, and kustomize patches (strategic merge and JSON6902) that change
 * a Kustomization's path or components on the way.
 *
 * Findings: MissingPath, MissingFile, ComponentUnderResources, UnknownDependency and
 * DependencyCycle (Kustomizations and HelmReleases), UnresolvedVariable,
 * PlaintextSecret, MissingPatchTarget, DuplicateResourceId, MissingNamespace,
 * DeprecatedApi (warning), ExternalSource and NotReached (info: not checked),
 * NoFluxClusters. docs/check.md lists them with examples.
 * Pure: the tree is passed in; `kubectl kustomize` builds are the CLI's (--kustomize).
 */
import {
  byteOrder,
  diagnostic,
  findCycles,
  resolveRelative,
  type Diagnostic,
  type ErrorCode,
  type FileTree,
} from '@platter/model';
import {
  applyPatches,
  BOOTSTRAP_COMPONENTS_FILE,
  CLUSTER_SCOPED,
  findKustomizationFile,
  KustomizeWalker,
  missingPath,
  objectId,
  type BuiltObject,
} from '../parse/kustomizeWalk';
import { ParseCache } from '../parse/parseCache';
import { ArtifactTree, GitArtifactTree, artifactFiles, type CopyRule } from './artifacts';
import { apiGroup, deprecatedFluxApi, isFluxKustomization } from './fluxApis';
import { hasExpressions, substituteString, substituteValue, unresolvedIn } from './substitute';

export type CheckSeverity = 'error' | 'warning' | 'info';

export interface CheckFinding {
  readonly code: ErrorCode;
  readonly severity: CheckSeverity;
  readonly message: string;
  /** Repository path of the file the finding is about. */
  readonly path?: string;
}

/** A Flux Kustomization found in a cluster, and how it was built. */
export interface CheckedKustomization {
  /** namespace/name */
  readonly ref: string;
  /** The file that declares it. */
  readonly file: string;
  /** The Kustomization whose build defines it (none for the sync root). */
  readonly parent?: string;
  readonly source: 'repository' | 'artifact' | 'external';
  /** The directory it builds: a repository path, or a path inside `artifact`. */
  readonly path?: string;
  /** The ExternalArtifact it builds from, with the repository file of each artifact path. */
  readonly artifact?: { readonly name: string; readonly files: ReadonlyMap<string, string> };
  /** Its spec after substitution by its parent (what Flux reads). */
  readonly spec: Record<string, any>;
  readonly dependsOn: readonly string[];
  /** Objects its build applies. */
  readonly objects: number;
  /**
   * The objects themselves, every field substituted (only with `{ objects: true }`:
   * `platter adopt` compares them before and after).
   */
  readonly built?: readonly BuiltObject[];
}

export interface CheckOptions {
  /**
   * Keep every Kustomization's built objects, substituted in full (not only the fields
   * the check reads), in {@link CheckedKustomization.built}.
   * @default false
   */
  readonly objects?: boolean;
}

export interface FluxCluster {
  /** The bootstrap path (`clusters/<name>`), or the sync file's directory when the path is missing. */
  readonly name: string;
  /** The file holding the sync Kustomization (gotk-sync.yaml). */
  readonly syncFile: string;
  readonly kustomizations: readonly CheckedKustomization[];
}

export interface FluxCheckReport {
  readonly clusters: readonly FluxCluster[];
  /** Sorted by path, then code. */
  readonly findings: readonly CheckFinding[];
}

/** Namespaces every cluster has (flux-system: bootstrap creates it before anything is applied). */
const DIRS = new WeakMap<FileTree, Map<string, boolean>>();
const ALWAYS_THERE = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system']);
const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';
const MAX_LISTED = 6;

const finding = (code: ErrorCode, message: string, path?: string, severity?: CheckSeverity): CheckFinding =>
  checkFinding(diagnostic(code, message, path), severity);

const checkFinding = (d: Diagnostic, severity?: CheckSeverity): CheckFinding => ({
  ...d,
  severity: severity ?? d.severity,
});

/**
 * Checks a repository as Flux would build it, from every cluster's sync root. The tree
 * is read as a GitRepository artifact holds it (see GitArtifactTree). Never throws on
 * repository content: everything is a finding.
 */
export function checkFluxRepository(repository: FileTree, options: CheckOptions = {}): FluxCheckReport {
  const tree = new GitArtifactTree(repository);
  const parsed = new ParseCache();
  // The walkers read what they are given: the artifact, or (discovery) what is committed.
  const walker = new KustomizeWalker(tree, parsed, { fullPatches: true, artifact: false });
  // When .sourceignore leaves paths out, Git holds more than Flux reads: clusters are found, and files
  // scanned (a plaintext Secret is committed all the same), in what is committed; builds read the artifact.
  const committed = tree.ignoresPaths ? new GitArtifactTree(repository, { sourceIgnore: false }) : tree;
  const discovery =
    committed === tree ? walker : new KustomizeWalker(committed, parsed, { fullPatches: true, artifact: false });
  const findings: CheckFinding[] = [];
  const yamlFiles = committed
    .list('')
    .filter((p) => /\.ya?ml$/.test(p) && !p.split('/').some((s) => s.startsWith('.')));

  const declared = new Map<string, string[]>(); // file -> Flux Kustomizations it declares (with a sourceRef)
  findings.push(...scanFiles(committed, parsed, yamlFiles, declared));

  const roots = discoverRoots(committed, discovery, yamlFiles, findings);
  if (!roots.length) {
    findings.push(
      finding(
        'NoFluxClusters',
        'no cluster found: no flux-system directory or gotk-sync.yaml with the GitRepository + Kustomization that `flux bootstrap` commits (run `flux bootstrap ... --path=clusters/<name>` and commit its files)',
        '.',
      ),
    );
  }
  const clusters = roots.map((root) => new ClusterCheck(tree, walker, root, findings, options.objects === true).run());
  // Definitions no cluster reaches are not checked at all: say so, once per file.
  const reached = new Set(clusters.flatMap((c) => c.kustomizations.map((k) => k.file)));
  for (const [file, names] of declared) {
    if (reached.has(file) || !roots.length) continue;
    findings.push(
      finding(
        'NotReached',
        `${listed(names.map((n) => `Kustomization ${n}`))}: no cluster's build reaches this file, so it is not checked (a profile nobody uses, or a cluster not bootstrapped)`,
        file,
        'info',
      ),
    );
  }
  return { clusters, findings: sortFindings(dedupe(findings)) };
}

/** A sync root: the Kustomization bootstrap commits, or (its files not committed) the bootstrap path. */
interface Root {
  readonly syncFile: string;
  readonly kustomization: BuiltObject;
  readonly gitRepository?: BuiltObject;
}

function discoverRoots(
  tree: FileTree,
  walker: KustomizeWalker,
  yamlFiles: readonly string[],
  findings: CheckFinding[],
): Root[] {
  const dirs = new Set<string>();
  for (const f of yamlFiles) {
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
    if (dir.split('/').at(-1) === 'flux-system' || f.endsWith('/gotk-sync.yaml') || f === 'gotk-sync.yaml')
      dirs.add(dir);
  }
  const roots = new Map<string, Root>();
  const assumed: { dir: string; syncFile: string }[] = [];
  for (const dir of [...dirs].sort()) {
    const objects = walker.build(dir).objects;
    const syncs = objects.filter(
      (o) =>
        isFluxKustomization(o) &&
        o.value.spec?.sourceRef?.kind === 'GitRepository' &&
        (o.name === 'flux-system' || o.file.endsWith('gotk-sync.yaml')),
    );
    for (const ks of syncs) {
      const key = `${ks.file}\0${ks.name}`;
      if (roots.has(key)) continue;
      const repoName = ks.value.spec.sourceRef.name;
      const gitRepository = objects.find(
        (o) =>
          o.kind === 'GitRepository' && o.name === repoName && apiGroup(o.apiVersion) === 'source.toolkit.fluxcd.io',
      );
      roots.set(key, { syncFile: ks.file, kustomization: ks, ...(gitRepository ? { gitRepository } : {}) });
    }
    if (!syncs.length && dir.endsWith('flux-system')) {
      const syncFile =
        tree.read(`${dir}/gotk-sync.yaml`) !== undefined
          ? `${dir}/gotk-sync.yaml`
          : (findKustomizationFile(tree, dir) ?? dir);
      assumed.push({ dir, syncFile });
    }
  }
  // Bootstrap files not committed yet (a template repository): the cluster is the directory holding flux-system.
  const covered = new Set(
    [...roots.values()].map((r) => resolveRelative('', String(r.kustomization.value.spec?.path ?? '')) ?? ''),
  );
  for (const { dir, syncFile } of assumed) {
    const path = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    if (covered.has(path) || [...roots.values()].some((r) => r.syncFile.startsWith(`${dir}/`))) continue;
    covered.add(path);
    findings.push(
      finding(
        'MissingFile',
        `${dir} holds no Flux Kustomization (bootstrap has not committed gotk-sync.yaml yet): checked as \`flux bootstrap --path=${path || '.'}\` would sync it`,
        syncFile,
        'info',
      ),
    );
    const kustomization: BuiltObject = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'flux-system',
      namespace: 'flux-system',
      file: syncFile,
      value: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'flux-system', namespace: 'flux-system' },
        spec: { path: `./${path}`, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
      },
    };
    roots.set(`${syncFile}\0assumed`, { syncFile, kustomization });
  }
  return [...roots.values()].sort((a, b) => byteOrder(a.syncFile, b.syncFile));
}

interface Node {
  readonly ref: string;
  readonly object: BuiltObject;
  readonly parent?: string;
  /** Objects its build applies (after patches, targetNamespace and substitution). */
  objects: BuiltObject[];
  /** The same, before substitution (for unresolved variables). */
  raw: BuiltObject[];
  checked?: CheckedKustomization;
}

type Resolved =
  | { readonly kind: 'repository' }
  | { readonly kind: 'artifact'; readonly name: string; readonly tree: ArtifactTree }
  | { readonly kind: 'external'; readonly why: string }
  | { readonly kind: 'pending' };

class ClusterCheck {
  private readonly nodes = new Map<string, Node>();
  private readonly order: Node[] = [];
  private readonly artifactWalkers = new Map<string, KustomizeWalker>();
  /** Objects built so far in this cluster by kind/namespace/name (first wins), and ArtifactGenerators by namespace. */
  private readonly index = new Map<string, BuiltObject>();
  private readonly generators = new Map<string, BuiltObject[]>();
  private readonly name: string;

  constructor(
    private readonly tree: FileTree,
    private readonly walker: KustomizeWalker,
    private readonly root: Root,
    private readonly findings: CheckFinding[],
    private readonly keepObjects = false,
  ) {
    const path = resolveRelative('', String(root.kustomization.value.spec?.path ?? ''));
    this.name =
      path !== undefined && path !== '' && (this.exists(tree, path) || leftOut(tree, path))
        ? path
        : root.syncFile.slice(0, Math.max(0, root.syncFile.lastIndexOf('/')));
  }

  run(): FluxCluster {
    const rootKs = this.root.kustomization;
    let queue: Node[] = [this.addNode(rootKs, undefined)];
    let pending: Node[] = [];
    // Level by level; a Kustomization whose source is defined by a later build waits for it.
    for (;;) {
      while (queue.length) {
        const next: Node[] = [];
        for (const node of queue) {
          const resolved = this.resolveSource(node);
          if (resolved.kind === 'pending') {
            pending.push(node);
            continue;
          }
          next.push(...this.build(node, resolved));
        }
        queue = next;
      }
      const retry = pending.filter((n) => this.resolveSource(n).kind !== 'pending');
      if (!retry.length) break;
      pending = pending.filter((n) => !retry.includes(n));
      queue = retry;
    }
    for (const node of pending)
      this.build(node, {
        kind: 'external',
        why: this.sourceText(node) + ' is not defined in any build of this cluster',
      });
    this.checkVariables();
    this.checkDependsOn();
    this.checkNamespaces();
    return {
      name: this.name,
      syncFile: this.root.syncFile,
      kustomizations: this.order.map((n) => n.checked!).filter(Boolean),
    };
  }

  /** Whether a directory exists in a tree (remembered per tree: the same paths are asked by every cluster). */
  private exists(tree: FileTree, dir: string): boolean {
    if (dir === '') return true;
    let known = DIRS.get(tree);
    if (!known) DIRS.set(tree, (known = new Map()));
    let hit = known.get(dir);
    if (hit === undefined) known.set(dir, (hit = tree.list(dir).length > 0));
    return hit;
  }

  private addNode(object: BuiltObject, parent: string | undefined): Node {
    const ref = `${object.namespace ?? 'default'}/${object.name}`;
    const node: Node = { ref, object, ...(parent ? { parent } : {}), objects: [], raw: [] };
    this.nodes.set(ref, node);
    this.order.push(node);
    return node;
  }

  private sourceText(node: Node): string {
    const s = node.object.value.spec?.sourceRef ?? {};
    return `${String(s.kind ?? '?')} ${String(s.namespace ?? node.object.namespace ?? 'default')}/${String(s.name ?? '?')}`;
  }

  /** An object built so far in this cluster. */
  private find(kind: string, namespace: string, name: string): BuiltObject | undefined {
    return this.index.get(`${kind}/${namespace}/${name}`);
  }

  private remember(objects: readonly BuiltObject[]): void {
    for (const o of objects) {
      const key = `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;
      if (!this.index.has(key)) this.index.set(key, o);
      if (o.kind === 'ArtifactGenerator') {
        const ns = o.namespace ?? 'default';
        this.generators.set(ns, [...(this.generators.get(ns) ?? []), o]);
      }
    }
  }

  private isThisRepository(kind: unknown, name: unknown, namespace: string): boolean | 'pending' {
    if (kind !== 'GitRepository') return false;
    const rootRepo = this.root.gitRepository;
    const rootName = this.root.kustomization.value.spec?.sourceRef?.name ?? 'flux-system';
    const rootNs =
      this.root.kustomization.value.spec?.sourceRef?.namespace ?? this.root.kustomization.namespace ?? 'flux-system';
    if (name === rootName && namespace === rootNs) return true;
    if (!rootRepo) return false;
    const repo = this.find('GitRepository', namespace, String(name));
    if (!repo) return 'pending';
    return repo.value.spec?.url === rootRepo.value.spec?.url && repo.value.spec?.url !== undefined;
  }

  private resolveSource(node: Node): Resolved {
    if (node === this.order[0]) return { kind: 'repository' };
    const ref = node.object.value.spec?.sourceRef ?? {};
    const namespace = String(ref.namespace ?? node.object.namespace ?? 'default');
    if (ref.kind === 'GitRepository') {
      const self = this.isThisRepository(ref.kind, ref.name, namespace);
      if (self === 'pending') return { kind: 'pending' };
      return self
        ? { kind: 'repository' }
        : { kind: 'external', why: `${this.sourceText(node)} is another repository` };
    }
    if (ref.kind === 'ExternalArtifact') {
      const generators = this.generators.get(namespace) ?? [];
      for (const g of generators) {
        const artifact = (Array.isArray(g.value.spec?.artifacts) ? g.value.spec.artifacts : []).find(
          (a: any) => a?.name === ref.name,
        );
        if (!artifact) continue;
        const sources = new Map<string, any>(
          (Array.isArray(g.value.spec?.sources) ? g.value.spec.sources : []).map((s: any) => [String(s?.alias), s]),
        );
        const rules: CopyRule[] = (Array.isArray(artifact.copy) ? artifact.copy : []).filter(
          (c: any) => typeof c?.from === 'string' && typeof c?.to === 'string',
        );
        const aliases = new Set(rules.map((r) => /^@([^/]+)/.exec(r.from)?.[1] ?? ''));
        const notOurs = [...aliases].filter((a) => {
          const s = sources.get(a);
          return !s || this.isThisRepository(s.kind, s.name, String(s.namespace ?? g.namespace ?? 'default')) !== true;
        });
        if (notOurs.length)
          return {
            kind: 'external',
            why: `ExternalArtifact ${namespace}/${String(ref.name)} copies from ${notOurs.map((a) => `@${a}`).join(', ')}, not this repository`,
          };
        return {
          kind: 'artifact',
          name: String(ref.name),
          tree: new ArtifactTree(this.tree, artifactFiles(this.tree, rules)),
        };
      }
      return { kind: 'pending' };
    }
    return { kind: 'external', why: `${this.sourceText(node)} is not this repository` };
  }

  /** Builds one Flux Kustomization; returns the Kustomizations its build defines. */
  private build(node: Node, resolved: Exclude<Resolved, { kind: 'pending' }>): Node[] {
    const ks = node.object;
    const spec = (ks.value.spec ?? {}) as Record<string, any>;
    const dependsOn = (Array.isArray(spec.dependsOn) ? spec.dependsOn : [])
      .filter((d: any) => typeof d?.name === 'string')
      .map((d: any) => `${String(d.namespace ?? ks.namespace ?? 'default')}/${d.name}`);
    const base = { ref: node.ref, file: ks.file, ...(node.parent ? { parent: node.parent } : {}), spec, dependsOn };
    if (resolved.kind === 'external') {
      this.findings.push(
        finding(
          'ExternalSource',
          `not checked: external source (Kustomization ${node.ref} of cluster ${this.name}: ${resolved.why})`,
          ks.file,
          'info',
        ),
      );
      node.checked = { ...base, source: 'external', objects: 0 };
      return [];
    }
    const tree = resolved.kind === 'artifact' ? resolved.tree : this.tree;
    const walker = resolved.kind === 'artifact' ? this.artifactWalker(resolved.name, resolved.tree) : this.walker;
    const mapPath = (p: string | undefined) =>
      p !== undefined && resolved.kind === 'artifact' ? resolved.tree.repoPath(p) : p;
    const rawPath = typeof spec.path === 'string' ? spec.path : '';
    const dir = resolveRelative('', rawPath);
    const label = resolved.kind === 'artifact' ? `ExternalArtifact ${resolved.name}` : 'the repository';
    node.checked = {
      ...base,
      source: resolved.kind,
      ...(dir !== undefined ? { path: dir } : {}),
      ...(resolved.kind === 'artifact' ? { artifact: { name: resolved.name, files: resolved.tree.files } } : {}),
      objects: 0,
    };
    if (dir === undefined) {
      this.findings.push(
        finding(
          'PathEscape',
          `Kustomization ${node.ref} (cluster ${this.name}): spec.path "${rawPath}" climbs above the root of ${label}`,
          ks.file,
        ),
      );
      return [];
    }
    if (!this.exists(tree, dir)) {
      const subject = `Kustomization ${node.ref} (cluster ${this.name}): spec.path "${rawPath}"`;
      this.findings.push(
        checkFinding(missingPath(dir, { leftOut: leftOut(tree, dir), subject, of: label, at: ks.file })),
      );
      return [];
    }
    const components = (Array.isArray(spec.components) ? spec.components : []).filter(
      (c: unknown): c is string => typeof c === 'string',
    );
    const kept =
      spec.ignoreMissingComponents === true
        ? components.filter((c: string) => {
            const t = resolveRelative(dir, c);
            return t !== undefined && this.exists(tree, t);
          })
        : components;
    const result = walker.build(dir, kept);
    for (const d of result.diagnostics) {
      if (d.code === 'DuplicateResourceId') continue; // checked below on what Flux applies
      this.findings.push({
        ...d,
        ...(d.path !== undefined ? { path: mapPath(d.path.split(':')[0])! } : {}),
        message: `${d.message} (Kustomization ${node.ref}, cluster ${this.name}${resolved.kind === 'artifact' ? `, from ${label}` : ''})`,
      });
    }
    // The controllers' Deployments are in gotk-components.yaml, which bootstrap has not written yet
    // (the walker's rule, the one validate reads too): info, not a fault.
    for (const d of result.awaitingBootstrap ?? [])
      this.findings.push(
        finding(
          d.code,
          `${d.message}: ${BOOTSTRAP_COMPONENTS_FILE} is a placeholder until \`flux bootstrap\` writes it (cluster ${this.name})`,
          mapPath(d.path?.split(':')[0]),
          'info',
        ),
      );
    let objects = result.objects.map((o) => (resolved.kind === 'artifact' ? { ...o, file: mapPath(o.file)! } : o));
    if (Array.isArray(spec.patches) && spec.patches.length) {
      objects = [...objects];
      for (const d of applyPatches(objects, spec.patches, ks.file))
        this.findings.push({
          ...d,
          message: `${d.message} (spec.patches of Kustomization ${node.ref}, cluster ${this.name})`,
        });
    }
    if (typeof spec.targetNamespace === 'string' && spec.targetNamespace) {
      const ns = spec.targetNamespace;
      objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, namespace: ns }));
    }
    node.raw = objects;
    node.objects = this.substitute(node, objects);
    this.remember(node.objects);
    node.checked = {
      ...node.checked,
      objects: node.objects.length,
      ...(this.keepObjects ? { built: node.objects } : {}),
    };
    this.checkDuplicates(node);

    const children: Node[] = [];
    for (const o of node.objects) {
      if (!isFluxKustomization(o)) continue;
      const ref = `${o.namespace ?? 'default'}/${o.name}`;
      if (this.nodes.has(ref)) continue;
      children.push(this.addNode(o, node.ref));
    }
    return children;
  }

  private artifactWalker(name: string, tree: ArtifactTree): KustomizeWalker {
    let w = this.artifactWalkers.get(name);
    if (!w)
      this.artifactWalkers.set(
        name,
        (w = new KustomizeWalker(tree, new ParseCache(), { fullPatches: true, artifact: false })),
      );
    return w;
  }

  /** The variables of a Kustomization's postBuild, from what the cluster's builds hold so far. */
  private variables(node: Node): { vars: Map<string, string>; missing: string[] } | undefined {
    const postBuild = node.object.value.spec?.postBuild;
    if (!postBuild || typeof postBuild !== 'object') return undefined;
    const vars = new Map<string, string>();
    const missing: string[] = [];
    const namespace = node.object.namespace ?? 'default';
    for (const ref of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
      if ((ref?.kind !== 'ConfigMap' && ref?.kind !== 'Secret') || typeof ref.name !== 'string') continue;
      const source = this.find(ref.kind, namespace, ref.name);
      if (!source) {
        if (ref.optional !== true) missing.push(`${ref.kind} ${namespace}/${ref.name}`);
        continue;
      }
      // Keys only: a Secret's values may be SOPS-encrypted, and none is needed to check.
      const keys = [
        ...Object.keys(record(source.value.data)),
        ...(ref.kind === 'Secret' ? Object.keys(record(source.value.stringData)) : []),
      ];
      for (const key of keys) {
        const v = ref.kind === 'ConfigMap' ? source.value.data?.[key] : undefined;
        vars.set(key, typeof v === 'string' ? v : `\0${key}`);
      }
    }
    for (const [k, v] of Object.entries(record(postBuild.substitute))) vars.set(k, String(v));
    return { vars, missing };
  }

  private substitute(node: Node, objects: BuiltObject[]): BuiltObject[] {
    const v = this.variables(node);
    if (!v || (v.vars.size === 0 && node.object.value.spec?.postBuild?.substituteStrategy !== 'Always')) return objects;
    return objects.map((o) => {
      if (skipsSubstitution(o)) return o;
      if (!hasExpressions(o.value)) {
        // `namespace:` of a kustomization is in the build output too, so Flux substitutes it.
        return o.namespace?.includes('${') ? { ...o, namespace: substituteString(o.namespace, v.vars) } : o;
      }
      const value = this.keepObjects
        ? (substituteValue(o.value, v.vars) as Record<string, any>)
        : substituteFields(o, v.vars);
      return {
        ...o,
        value,
        name: String(value.metadata?.name ?? substituteString(o.name, v.vars)),
        ...(o.namespace !== undefined ? { namespace: substituteString(o.namespace, v.vars) } : {}),
      };
    });
  }

  /** Unresolved `${var}`s, with every ConfigMap and Secret of the cluster known. */
  private checkVariables(): void {
    for (const node of this.order) {
      const v = this.variables(node);
      if (!v || !node.raw.length) continue;
      const where = `Kustomization ${node.ref} (cluster ${this.name})`;
      if (v.missing.length) {
        this.findings.push(
          finding(
            'UnresolvedVariable',
            `${where}: postBuild.substituteFrom ${v.missing.join(', ')} is in no build of this cluster (substituteFrom reads the Kustomization's own namespace); Flux fails the Kustomization`,
            node.object.file,
          ),
        );
        continue;
      }
      const skipped = v.vars.size === 0 && node.object.value.spec?.postBuild?.substituteStrategy !== 'Always';
      const byFile = new Map<string, Map<string, string[]>>();
      for (const o of node.raw) {
        if (skipsSubstitution(o)) continue;
        const { names, error } = unresolvedIn(o.value, skipped ? () => false : (n) => v.vars.has(n));
        if (error && !skipped)
          this.findings.push(
            finding('InvalidVariableName', `${where}: Flux cannot substitute ${o.kind} ${o.name}: ${error}`, o.file),
          );
        for (const name of names) {
          const users = byFile.get(o.file) ?? new Map<string, string[]>();
          users.set(name, [...(users.get(name) ?? []), `${o.kind} ${o.name}`]);
          byFile.set(o.file, users);
        }
      }
      for (const [file, users] of byFile) {
        for (const [name, objects] of users) {
          const why = skipped
            ? 'no variable is defined, so Flux skips substitution and applies it literally'
            : `it is defined by neither postBuild.substitute nor substituteFrom, so Flux substitutes ""`;
          this.findings.push(
            finding('UnresolvedVariable', `${where}: \${${name}} in ${listed(objects)}: ${why}`, file),
          );
        }
      }
    }
  }

  private checkDuplicates(node: Node): void {
    const seen = new Map<string, BuiltObject>();
    for (const o of node.objects) {
      const id = objectId(o);
      const first = seen.get(id);
      if (!first) {
        seen.set(id, o);
        continue;
      }
      const files = first.file === o.file ? o.file : `${first.file} and ${o.file}`;
      this.findings.push(
        finding(
          'DuplicateResourceId',
          `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is declared twice in the build of Kustomization ${node.ref} (cluster ${this.name}; ${files}): kustomize fails the build`,
          o.file,
        ),
      );
    }
  }

  /**
   * dependsOn of Kustomizations, and of HelmReleases (helm-controller waits the same way):
   * dangling entries and cycles. When an external source was not read, what it defines
   * is unknown, so a dangling entry is only a warning.
   */
  private checkDependsOn(): void {
    const external = this.order.some((n) => n.checked?.source === 'external');
    const releases = new Map<string, BuiltObject>();
    for (const node of this.order)
      for (const o of node.objects)
        if (o.kind === 'HelmRelease' && apiGroup(o.apiVersion) === 'helm.toolkit.fluxcd.io')
          releases.set(`${o.namespace ?? 'default'}/${o.name}`, o);
    const kinds: { kind: string; items: Map<string, { file: string; deps: readonly string[] }> }[] = [
      {
        kind: 'Kustomization',
        items: new Map(this.order.map((n) => [n.ref, { file: n.object.file, deps: n.checked?.dependsOn ?? [] }])),
      },
      {
        kind: 'HelmRelease',
        items: new Map(
          [...releases].map(([ref, o]) => [
            ref,
            {
              file: o.file,
              deps: (Array.isArray(o.value.spec?.dependsOn) ? o.value.spec.dependsOn : [])
                .filter((d: any) => typeof d?.name === 'string')
                .map((d: any) => `${String(d.namespace ?? o.namespace ?? 'default')}/${d.name}`),
            },
          ]),
        ),
      },
    ];
    for (const { kind, items } of kinds) {
      const graph = new Map<string, readonly string[]>();
      for (const [ref, { file, deps }] of items) {
        graph.set(ref, deps);
        for (const dep of deps) {
          if (items.has(dep)) continue;
          const known = [...items.keys()].sort();
          const message = `${kind} ${ref} (cluster ${this.name}) dependsOn ${dep}, which no ${kind} of the cluster defines (known: ${listed(known)})`;
          this.findings.push(
            external
              ? finding(
                  'UnknownDependency',
                  `${message}; an external source this check did not read may define it, or Flux waits for it forever`,
                  file,
                  'warning',
                )
              : finding('UnknownDependency', `${message}; Flux waits for it forever`, file),
          );
        }
      }
      for (const cycle of findCycles(graph)) {
        this.findings.push(
          finding(
            'DependencyCycle',
            `${kind}s of cluster ${this.name} depend on each other: ${[...cycle, cycle[0]].join(' -> ')}; none of them is ever applied`,
            items.get(cycle[0]!)!.file,
          ),
        );
      }
    }
  }

  /**
   * Flux applies a Kustomization's objects after its parent's and after those of
   * every Kustomization it dependsOn (transitively): namespaces they create exist.
   * A namespace only an unrelated Kustomization creates may not exist yet (warning);
   * one nobody creates fails the apply (error).
   */
  private checkNamespaces(): void {
    const created = new Map<string, Set<string>>(); // node -> namespaces it creates
    const creators = new Map<string, string[]>(); // namespace -> nodes
    for (const node of this.order) {
      const mine = new Set<string>();
      for (const o of node.objects) {
        if (o.kind === 'Namespace' && o.apiVersion === 'v1') mine.add(o.name);
        if (
          o.kind === 'HelmRelease' &&
          o.value.spec?.install?.createNamespace === true &&
          typeof o.value.spec?.targetNamespace === 'string'
        )
          mine.add(o.value.spec.targetNamespace);
      }
      created.set(node.ref, mine);
      for (const ns of mine) creators.set(ns, [...(creators.get(ns) ?? []), node.ref]);
    }
    const memo = new Map<string, Set<string>>();
    const before = (ref: string, visiting: Set<string>): Set<string> => {
      const hit = memo.get(ref);
      if (hit) return hit;
      const out = new Set<string>([ref]);
      if (visiting.has(ref)) return out;
      visiting.add(ref);
      const node = this.nodes.get(ref);
      for (const next of [...(node?.parent ? [node.parent] : []), ...(node?.checked?.dependsOn ?? [])]) {
        if (this.nodes.has(next)) for (const r of before(next, visiting)) out.add(r);
      }
      visiting.delete(ref);
      memo.set(ref, out);
      return out;
    };
    // What an external source applies is unknown: it may create the namespace.
    const unread = new Set(this.order.filter((n) => n.checked?.source === 'external').map((n) => n.ref));
    for (const node of this.order) {
      const allowed = new Set(ALWAYS_THERE);
      const earlier = before(node.ref, new Set());
      if ([...earlier].some((r) => unread.has(r))) continue;
      for (const r of earlier) for (const ns of created.get(r) ?? []) allowed.add(ns);
      const missing = new Map<string, BuiltObject[]>();
      for (const o of node.objects) {
        if (o.namespace !== undefined && o.namespace !== '' && !CLUSTER_SCOPED.has(o.kind) && !allowed.has(o.namespace))
          missing.set(o.namespace, [...(missing.get(o.namespace) ?? []), o]);
        // A chart installed into a namespace nobody creates fails unless the release creates it.
        const target = o.kind === 'HelmRelease' ? o.value.spec?.targetNamespace : undefined;
        if (
          typeof target === 'string' &&
          target &&
          o.value.spec?.install?.createNamespace !== true &&
          !allowed.has(target)
        ) {
          missing.set(target, [...(missing.get(target) ?? []), { ...o, name: `${o.name} (spec.targetNamespace)` }]);
        }
      }
      for (const [ns, objects] of missing) {
        const by = creators.get(ns);
        const what = listed(objects.map((o) => `${o.kind} ${o.name}`));
        if (by?.length) {
          this.findings.push(
            finding(
              'MissingNamespace',
              `Kustomization ${node.ref} (cluster ${this.name}) applies ${what} in namespace ${ns}, which only ${listed(by)} creates; add it to dependsOn, or the first apply fails`,
              objects[0]!.file,
              'warning',
            ),
          );
        } else if (unread.size) {
          this.findings.push(
            finding(
              'MissingNamespace',
              `Kustomization ${node.ref} (cluster ${this.name}) applies ${what} in namespace ${ns}, which nothing checked creates (an external source might; add it to dependsOn)`,
              objects[0]!.file,
              'warning',
            ),
          );
        } else {
          this.findings.push(
            finding(
              'MissingNamespace',
              `Kustomization ${node.ref} (cluster ${this.name}) applies ${what} in namespace ${ns}, which nothing in the cluster creates; Flux fails the apply`,
              objects[0]!.file,
            ),
          );
        }
      }
    }
  }
}

/**
 * Every YAML file of the repository, built or not: plaintext Secrets (committed is
 * leaked, reached by a build or not) and deprecated Flux API versions.
 */
function scanFiles(
  tree: FileTree,
  parsed: ParseCache,
  files: readonly string[],
  declared: Map<string, string[]>,
): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const file of files) {
    const text = tree.read(file);
    if (text === undefined || (!/kind:\s*Secret\b|"kind":\s*"Secret"/.test(text) && !text.includes('fluxcd.io/')))
      continue;
    const read = parsed.read(tree, file);
    if (read.diagnostic) continue; // a file no build reaches may be a template; the builds report their own
    const deprecated = new Map<string, string[]>();
    for (const v of read.values ?? []) {
      if (!v || typeof v !== 'object') continue;
      const o = v as Record<string, any>;
      const apiVersion = String(o.apiVersion ?? '');
      const kind = String(o.kind ?? '');
      if (isFluxKustomization({ apiVersion, kind }) && o.spec?.sourceRef)
        declared.set(file, [...(declared.get(file) ?? []), String(o.metadata?.name ?? '')]);
      const to = deprecatedFluxApi(apiVersion, kind);
      if (to) {
        const key = `${apiVersion}\0${to}`;
        deprecated.set(key, [...(deprecated.get(key) ?? []), `${kind} ${String(o.metadata?.name ?? '')}`]);
      }
      if (kind === 'Secret' && apiVersion === 'v1' && o.sops === undefined) {
        const keys = [...Object.entries(record(o.data)), ...Object.entries(record(o.stringData))]
          .filter(([, value]) => typeof value === 'string' && value !== '' && !/^\$\{[^}]*\}$/.test(value.trim()))
          .map(([key]) => key);
        if (keys.length) {
          out.push(
            finding(
              'PlaintextSecret',
              `Secret ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${String(o.metadata?.name ?? '')} is committed in plaintext (keys: ${listed(keys)}): encrypt it with SOPS and rotate the values, they stay in the Git history`,
              file,
            ),
          );
        }
      }
    }
    for (const [key, objects] of deprecated) {
      const [apiVersion, to] = key.split('\0');
      out.push(
        finding(
          'DeprecatedApi',
          `${listed(objects)} use${objects.length === 1 ? 's' : ''} ${apiVersion}, deprecated (served: ${to}); run \`flux migrate\` to move the repository and the cluster to it`,
          file,
        ),
      );
    }
  }
  return out;
}

/** Whether the repository holds `path` but .sourceignore leaves it out of the GitRepository artifact. */
const leftOut = (tree: FileTree, path: string): boolean => tree instanceof GitArtifactTree && tree.leftOut(path);

/** Kinds whose whole substituted value the check reads (sources, nested Kustomizations, variables). */
const READ_WHOLE = new Set([
  'Kustomization',
  'GitRepository',
  'OCIRepository',
  'Bucket',
  'ExternalArtifact',
  'ArtifactGenerator',
  'ConfigMap',
  'Secret',
  'Namespace',
]);

/**
 * An object's value after substitution, as far as the check reads it: the whole value
 * of the kinds it follows, and of everything else the metadata (names, namespaces)
 * plus a HelmRelease's dependsOn, targetNamespace and install. Substituting a chart's
 * values the check never reads would only cost time at fleet scale (variables in them
 * are still reported, from the unsubstituted object).
 */
function substituteFields(o: BuiltObject, vars: ReadonlyMap<string, string>): Record<string, any> {
  if (READ_WHOLE.has(o.kind)) return substituteValue(o.value, vars) as Record<string, any>;
  const out: Record<string, any> = { ...o.value, metadata: substituteValue(o.value.metadata, vars) };
  const spec = o.value.spec;
  if (o.kind === 'HelmRelease' && spec && typeof spec === 'object') {
    out.spec = { ...spec };
    for (const field of ['dependsOn', 'targetNamespace', 'install'])
      if (spec[field] !== undefined) out.spec[field] = substituteValue(spec[field], vars);
  }
  return out;
}

const skipsSubstitution = (o: BuiltObject): boolean =>
  o.value.metadata?.labels?.[SUBSTITUTE_KEY] === 'disabled' ||
  o.value.metadata?.annotations?.[SUBSTITUTE_KEY] === 'disabled';

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const listed = (items: readonly string[]): string => {
  const unique = [...new Set(items)];
  return unique.length > MAX_LISTED
    ? `${unique.slice(0, MAX_LISTED).join(', ')} (+${unique.length - MAX_LISTED} more)`
    : unique.join(', ') || 'none';
};

const RANK: Record<CheckSeverity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: readonly CheckFinding[]): CheckFinding[] {
  return [...findings].sort(
    (a, b) =>
      byteOrder(a.path ?? '', b.path ?? '') ||
      RANK[a.severity] - RANK[b.severity] ||
      byteOrder(a.code, b.code) ||
      byteOrder(a.message, b.message),
  );
}

function dedupe(findings: readonly CheckFinding[]): CheckFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\0${f.path ?? ''}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
