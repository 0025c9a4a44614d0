import { diagnostic, KUSTOMIZATION_FILE_NAMES, resolveRelative, type Diagnostic, type FileTree } from '@platter/model';
import { parseYamlValues } from '../yaml';
import { ParseCache, type ParsedFile } from './parseCache';
import { changedRange } from './changedRange';
import { applyJsonPatch } from './jsonPatch';
import { isEncryptedValue } from './sops';
import { TrackedTree, type ChangedPaths, type Reads } from './readTracking';
import { artifactView, leftOutOfArtifact, type GitArtifactTree } from '../check/artifacts';

/**
 * A static model of `kustomize build`: follows resources, components and patch
 * files from a kustomization through the tree, collecting the objects it would
 * emit and the mistakes kustomize would reject (or, worse, silently accept).
 * It runs on a FileTree (no processes), so it can check every env of a large
 * fleet in the time kustomize builds a few. The real `kubectl kustomize` stays
 * the oracle in CI; this is what requests and `platter validate` use.
 *
 * Not modelled: replacements, remote bases, name prefixes; objects they would
 * emit are simply not seen (no false errors). Strategic-merge patches and patch
 * files are modelled only with {@link WalkOptions.fullPatches} (what `platter check`
 * reads in repositories Platter did not write). configMapGenerator and
 * secretGenerator are always: an adopted repository keeps its hand-written
 * `vars/` directories, and its Flux Kustomizations substitute from what they generate.
 */
export interface WalkOptions {
  /**
   * Also apply strategic-merge patches and `patches: - path:` files (JSON6902 or
   * strategic merge).
   * @default false (Platter's own repositories use inline JSON6902 only)
   */
  readonly fullPatches?: boolean;
  /**
   * Whether walks read the tree as a GitRepository artifact holds it: what
   * `.sourceignore` files leave out is missing, as it is for Flux.
   * false for a tree that already is what is to be read (check's).
   * @default true
   */
  readonly artifact?: boolean;
}

export interface BuiltObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Repository path of the file that declared it. */
  readonly file: string;
  /** The object's data (for rules that read fields). */
  readonly value: Record<string, any>;
}

export interface WalkResult {
  readonly objects: readonly BuiltObject[];
  readonly diagnostics: readonly Diagnostic[];
  readonly kind: 'Kustomization' | 'Component' | 'Generated';
  /**
   * A Component's inline patches: kustomize applies them to everything built so far
   * in the kustomization that includes it, so they travel with the result.
   */
  readonly patches?: readonly { readonly patch: Record<string, any>; readonly kFile: string }[];
  /**
   * Patches that miss their target only because `flux bootstrap` has not written it yet
   * ({@link isBootstrapPlaceholder}): MissingPatchTarget findings that are no fault, kept
   * apart from `diagnostics` so that every reader of a walk agrees (`platter check` shows
   * them as info, `platter validate` does not report them).
   */
  readonly awaitingBootstrap?: readonly Diagnostic[];
}

/** The file `flux bootstrap` writes the Flux controllers into, in a cluster's flux-system directory. */
export const BOOTSTRAP_COMPONENTS_FILE = 'gotk-components.yaml';

/**
 * Whether `dir` holds bootstrap's placeholder: a gotk-components.yaml with no object
 * yet. `flux bootstrap` writes the real file (the controllers' Deployments) on the
 * cluster's first bootstrap, so a repository made from a template (the official
 * flux2-kustomize-helm-example) commits a comment in its place, and the flux-system
 * kustomization's patches on the controllers have no target in Git until then.
 */
export function isBootstrapPlaceholder(tree: FileTree, dir: string): boolean {
  const text = tree.read(dir ? `${dir}/${BOOTSTRAP_COMPONENTS_FILE}` : BOOTSTRAP_COMPONENTS_FILE);
  return text !== undefined && !/^kind:/m.test(text);
}

/** The model's one list of kustomization file names. */
export const KUSTOMIZATION_FILES: readonly string[] = KUSTOMIZATION_FILE_NAMES;

export function findKustomizationFile(tree: FileTree, dir: string): string | undefined {
  for (const f of KUSTOMIZATION_FILES) {
    const p = dir ? `${dir}/${f}` : f;
    if (tree.read(p) !== undefined) return p;
  }
  return undefined;
}

/** Reads a YAML file into values, or returns a diagnostic naming the line (uncached). */
export function readYaml(tree: FileTree, path: string): ParsedFile {
  return new ParseCache().read(tree, path);
}

/**
 * A Flux Kustomization's spec.path that is no directory of what Flux builds
 * (the repository, or its GitRepository artifact when `.sourceignore` leaves
 * the path out): the one finding for it, from validate's builds and from
 * `platter check` (which names the Kustomization and its file).
 */
export function missingPath(
  dir: string,
  where: { readonly leftOut: boolean; readonly subject?: string; readonly of?: string; readonly at?: string },
): Diagnostic {
  const why = where.leftOut ? leftOutOfArtifact(dir) : `is not a directory of ${where.of ?? 'the repository'}`;
  return diagnostic(
    'MissingPath',
    `${where.subject ?? (dir || '.')} ${why}; Flux fails with "kustomization path not found"`,
    where.at ?? dir,
  );
}

const isRemote = (entry: string) =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.startsWith('github.com/') || entry.includes('?ref=');

const objectOf = (value: unknown, file: string, namespace?: string): BuiltObject | undefined => {
  const v = value as Record<string, any>;
  if (!v || typeof v !== 'object' || typeof v.kind !== 'string') return undefined;
  return {
    apiVersion: String(v.apiVersion ?? ''),
    kind: v.kind,
    name: String(v.metadata?.name ?? ''),
    ...((namespace ?? v.metadata?.namespace) ? { namespace: String(namespace ?? v.metadata?.namespace) } : {}),
    file,
    value: v,
  };
};

export const objectId = (o: { apiVersion: string; kind: string; name: string; namespace?: string }) =>
  `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** A SOPS-encrypted value in a file's text. */
const SOPS_VALUE = /ENC\[AES256_GCM,[^\]]*\]/;

/**
 * Walks with a shared cache: the same directory reached from many envs (a stage,
 * a tenant base) is walked once. A Component's result holds its resources and its
 * patches unapplied; the including kustomization applies them to what it has.
 */
export class KustomizeWalker {
  private readonly cache = new Map<string, WalkResult>();
  /** What each cached walk read, when the tree records reads (a reused walk counts as reading it again). */
  private readonly reads = new Map<string, Reads>();
  /** Parsed files; BuiltObjects are never mutated (a patch makes a new one), so they are shared. */
  private readonly files = new Map<string, { objects: BuiltObject[]; diagnostics: Diagnostic[] }>();
  private readonly tracked: TrackedTree | undefined;
  /** Shared with the walkers derived from this one (what it caches is a function of the patch text only). */
  private patches: PatchCache;
  /** The walker of the tree before a change, and the paths the change touches (see {@link derive}). */
  private origin?: { readonly walker: KustomizeWalker; readonly changed: ChangedPaths };
  /** A walker of the same tree without fullPatches whose walks this one takes where they are the same (see {@link shareWalksOf}). */
  private twin?: KustomizeWalker;

  /**
   * What walks read: the tree, or its GitRepository artifact when `.sourceignore`
   * files leave paths out (decided on the first walk: a walker made to read one
   * file never lists the tree).
   */
  private sourceTree?: FileTree;
  private artifact?: GitArtifactTree;
  private readonly readsArtifact: boolean;

  constructor(
    private readonly tree: FileTree,
    private readonly parsed: ParseCache = new ParseCache(),
    private readonly options: WalkOptions = {},
  ) {
    this.tracked = tree instanceof TrackedTree ? tree : undefined;
    this.patches = { ops: new Map(), patterns: new Map(), strategicMerge: options.fullPatches === true };
    this.readsArtifact = options.artifact !== false;
  }

  private get source(): FileTree {
    if (!this.sourceTree) {
      // Which files are in the artifact is decided on the tree itself: the listing is no read of a walk's.
      if (this.readsArtifact) this.artifact = artifactView(this.tree, this.tracked?.base ?? this.tree);
      this.sourceTree = this.artifact ?? this.tree;
    }
    return this.sourceTree;
  }

  /**
   * A walker of `tree`, which must be this walker's tree with the files at
   * `changed` added, modified or deleted. It takes over every walk this walker
   * (or the walker it was derived from, and so on) has done and recorded the
   * reads of (a walker on a TrackedTree) whose reads the change does not touch:
   * the same result walking again would give. A stage or a component version
   * reached from hundreds of envs is then walked once per commit, not once per
   * plan. This walker is only read, never changed, so one walker of a commit
   * can be shared by any number of plans on it.
   */
  derive(tree: FileTree, parsed: ParseCache, changed: ChangedPaths): KustomizeWalker {
    // A change to a .sourceignore file changes what every walk may read: nothing is taken over then.
    if (changed.touchesEverything) return new KustomizeWalker(tree, parsed, this.options);
    // Else the same artifact rules, over the tree after the change (not listed again).
    const walker = new KustomizeWalker(tree, parsed, this.options);
    if (this.source !== this.tree) walker.artifact = this.artifact!.over(tree);
    walker.sourceTree = walker.artifact ?? tree;
    walker.origin = { walker: this, changed };
    walker.patches = this.patches;
    return walker;
  }

  /**
   * Takes the walks `twin` has done where patch mode makes no difference to
   * them, instead of walking them again: `twin` walks the same tree (the same
   * files) without {@link WalkOptions.fullPatches}, this walker with it, and a
   * walk in which no kustomization has a patch file, a strategic-merge patch or
   * a directory without a kustomization file (nor has any walk it includes) is
   * the same in both modes. A change to a stage rebuilds the root of every env
   * of it, for validation and again for the rendered diff: once is enough.
   * Results only: their objects are then the twin's, which is what the walks
   * derived from the twin's compare by identity; a walk this walker does itself
   * is compared by value as before.
   */
  shareWalksOf(twin: KustomizeWalker): void {
    if (!this.options.fullPatches || twin.options.fullPatches)
      throw new Error('internal: a walker shares the walks of a walker of the other patch mode');
    this.twin = twin;
  }

  /** A walk of `key` this walker has done that patch mode makes no difference to, with what it read. */
  private modeFreeWalk(key: string): { result: WalkResult; reads?: Reads } | undefined {
    const result = this.cache.get(key);
    return result && PATCH_MODE_FREE.has(result) ? { result, reads: this.reads.get(key) } : undefined;
  }

  /** The walk of `key` this walker's origin (or its origin, and so on) has, whether the change touched it or not. */
  private priorWalk(key: string): WalkResult | undefined {
    const origin = this.origin?.walker;
    return origin && (origin.cache.get(key) ?? origin.priorWalk(key));
  }

  /** A walk this walker has done, or can take over from its origin, with what it read (undefined: walk it). */
  private recorded(key: string): { result: WalkResult; reads: Reads } | undefined {
    const result = this.cache.get(key);
    const reads = this.reads.get(key);
    if (result && reads) return { result, reads };
    if (result || !this.origin) return undefined;
    const before = this.origin.walker.recorded(key);
    return before && !this.origin.changed.touches(before.reads) ? before : undefined;
  }

  /** A file's objects parsed by this walker or, when the change left the file alone, by its origin. */
  private parsedFile(path: string): { objects: BuiltObject[]; diagnostics: Diagnostic[] } | undefined {
    const own = this.files.get(path);
    if (own || !this.origin || this.origin.changed.includes(path)) return own;
    return this.origin.walker.parsedFile(path);
  }

  /**
   * Builds `dir`. `extraComponents` are appended to its components the way Flux
   * appends `spec.components` (paths relative to `dir`).
   */
  build(dir: string, extraComponents: readonly string[] = []): WalkResult {
    return this.cached(`${dir}\0${extraComponents.join('\0')}`, (prior) =>
      this.walk(dir, extraComponents, new Set(), prior),
    );
  }

  /**
   * A walk by key, done once per walker (its result is never mutated). A walk
   * the change touched is given the origin's walk of the key (`prior`): what
   * the two share need not be checked again (see {@link duplicateFindings}).
   */
  private cached(key: string, walkIt: (prior?: WalkResult) => WalkResult): WalkResult {
    const hit = this.cache.get(key);
    if (hit) {
      this.tracked?.reuse(this.reads.get(key));
      return hit;
    }
    const taken = this.origin ? this.recorded(key) : undefined;
    if (taken) {
      this.cache.set(key, taken.result);
      this.reads.set(key, taken.reads);
      this.tracked?.reuse(taken.reads);
      return taken.result;
    }
    // The twin's walk, when patch mode makes no difference to it (a walker that records reads needs them too).
    const shared = this.twin?.modeFreeWalk(key);
    if (shared && (!this.tracked || shared.reads)) {
      this.cache.set(key, shared.result);
      if (shared.reads) this.reads.set(key, shared.reads);
      this.tracked?.reuse(shared.reads);
      return shared.result;
    }
    const prior = this.origin ? this.priorWalk(key) : undefined;
    const walk = () => walkIt(prior);
    if (!this.tracked) {
      const result = walk();
      this.cache.set(key, result);
      return result;
    }
    const { value, reads } = this.tracked.track(walk);
    this.cache.set(key, value);
    this.reads.set(key, reads);
    return value;
  }

  private walk(dir: string, extraComponents: readonly string[], stack: Set<string>, prior?: WalkResult): WalkResult {
    const diagnostics: Diagnostic[] = [];
    const objects: BuiltObject[] = [];
    const awaiting: Diagnostic[] = [];
    const result = (kind: WalkResult['kind'], patches?: WalkResult['patches']): WalkResult => ({
      objects,
      diagnostics,
      kind,
      ...(patches ? { patches } : {}),
      ...(awaiting.length ? { awaitingBootstrap: awaiting } : {}),
    });
    const kFile = findKustomizationFile(this.source, dir);
    if (!kFile) {
      // Flux generates a kustomization from the directory's YAML files (recursively).
      const listed = this.source.list(dir);
      const files = listed.filter((p) => /\.ya?ml$/.test(p));
      // Resources and components are walked only once found, so a directory with no file at all is a build's
      // own: a Flux Kustomization's spec.path (an env root's is its bootstrap path). `platter check` says the same.
      if (listed.length === 0) diagnostics.push(missingPath(dir, { leftOut: this.artifact?.leftOut(dir) === true }));
      else if (files.length === 0)
        diagnostics.push(diagnostic('MissingFile', `${dir || '.'} has no kustomization.yaml and no YAML files`, dir));
      if (this.options.fullPatches) {
        // Flux lists a sub-directory that has a kustomization file as one resource, and does not descend into it.
        const kustomized = new Set<string>();
        for (const f of files) {
          if (kustomized.has(f.slice(0, f.lastIndexOf('/')))) continue;
          const sub = [...kustomized].find((d) => f.startsWith(`${d}/`));
          if (sub) continue;
          const parent = f.slice(0, f.lastIndexOf('/'));
          let owner: string | undefined;
          for (let d = parent; d.length > dir.length; d = d.slice(0, Math.max(0, d.lastIndexOf('/')))) {
            if (findKustomizationFile(this.source, d)) owner = d;
          }
          if (owner === undefined) {
            this.addFile(f, objects, diagnostics);
            continue;
          }
          kustomized.add(owner);
          const built = this.walkDir(owner, stack);
          if (built.kind === 'Component') {
            diagnostics.push(
              diagnostic(
                'ComponentUnderResources',
                `${owner} is a Component, but Flux's generated kustomization of ${dir || '.'} lists it as a resource`,
                owner,
              ),
            );
            continue;
          }
          objects.push(...built.objects);
          diagnostics.push(...built.diagnostics);
          awaiting.push(...(built.awaitingBootstrap ?? []));
        }
      } else for (const f of files) this.addFile(f, objects, diagnostics);
      this.applyComponents(
        dir,
        kFile ?? `${dir}/kustomization.yaml`,
        extraComponents,
        objects,
        diagnostics,
        stack,
        awaiting,
      );
      return result('Generated');
    }
    const read = this.parsed.read(this.source, kFile);
    if (read.diagnostic) return { objects, diagnostics: [read.diagnostic], kind: 'Kustomization' };
    const k = (read.values?.[0] ?? {}) as Record<string, any>;
    const kind = k.kind === 'Component' ? 'Component' : 'Kustomization';
    if (stack.has(dir)) {
      this.tracked?.taint();
      return {
        objects,
        diagnostics: [
          diagnostic('DependencyCycle', `${kFile} includes itself through its resources or components`, kFile),
        ],
        kind,
      };
    }
    stack.add(dir);
    // Whether patch mode makes no difference to this walk (see shareWalksOf): known once it is done. Only a
    // walker without full patches is ever a twin, so only its walks are marked.
    let modeFree = !this.options.fullPatches && legacyPatches(k).length === 0;
    if (kind === 'Component' && typeof k.namespace === 'string') {
      diagnostics.push(
        diagnostic(
          'NamespaceInComponent',
          `${kFile} sets \`namespace:\`, which renames Namespace objects and leaks out of the Component: set metadata.namespace on each object instead`,
          kFile,
        ),
      );
    }
    for (const entry of list(k.resources)) {
      if (typeof entry !== 'string' || isRemote(entry)) continue;
      const target = resolveRelative(dir, entry);
      if (target === undefined) {
        diagnostics.push(diagnostic('PathEscape', `${kFile}: resource "${entry}" is outside the repository`, kFile));
        continue;
      }
      if (this.source.read(target) !== undefined) {
        if (!isUnder(target, dir)) {
          diagnostics.push(
            diagnostic(
              'PathEscape',
              `${kFile}: file "${entry}" is outside the kustomization's directory; kustomize refuses files above its root (reference the directory instead)`,
              kFile,
            ),
          );
          continue;
        }
        this.addFile(target, objects, diagnostics);
        continue;
      }
      if (!this.isDir(target)) {
        diagnostics.push(
          diagnostic(
            'MissingFile',
            `${kFile}: resource "${entry}" does not exist (${target})${this.leftOut(target)}`,
            kFile,
          ),
        );
        continue;
      }
      const sub = this.walkDir(target, stack);
      if (!PATCH_MODE_FREE.has(sub)) modeFree = false;
      if (sub.kind === 'Component') {
        diagnostics.push(
          diagnostic(
            'ComponentUnderResources',
            `${kFile}: "${entry}" is a Component and may only be listed under components:`,
            kFile,
          ),
        );
        continue;
      }
      objects.push(...sub.objects);
      diagnostics.push(...sub.diagnostics);
      awaiting.push(...(sub.awaitingBootstrap ?? []));
    }
    // Always: a hand-kept or adopted directory's generated ConfigMap is what its env's Kustomizations substitute from.
    this.addGenerated(dir, kFile, k, objects, diagnostics);
    const componentsModeFree = this.applyComponents(
      dir,
      kFile,
      [...list(k.components).filter((c): c is string => typeof c === 'string'), ...extraComponents],
      objects,
      diagnostics,
      stack,
      awaiting,
    );
    if (!componentsModeFree) modeFree = false;
    const deferred: { patch: Record<string, any>; kFile: string }[] = [];
    const ownPatchesFrom = diagnostics.length;
    const patchEntries = this.options.fullPatches ? [...list(k.patches), ...legacyPatches(k)] : list(k.patches);
    for (const p of patchEntries) {
      if (modeFree && !patchModeFree(p, this.patches)) modeFree = false;
      const path = (p as { path?: unknown })?.path;
      if (typeof path === 'string') {
        const target = resolveRelative(dir, path);
        const text = target === undefined ? undefined : this.source.read(target);
        if (target === undefined || text === undefined) {
          diagnostics.push(
            diagnostic(
              'MissingFile',
              `${kFile}: patch file "${path}" does not exist${target === undefined ? '' : this.leftOut(target)}`,
              kFile,
            ),
          );
        } else if (!isUnder(target, dir)) {
          diagnostics.push(
            diagnostic('PathEscape', `${kFile}: patch "${path}" is outside the kustomization's directory`, kFile),
          );
        } else if (this.options.fullPatches) {
          // The file's content is the patch: JSON6902 operations, or strategic-merge documents.
          const inline: Record<string, any> = { ...(p as Record<string, any>), patch: text };
          delete inline.path;
          if (kind === 'Component') deferred.push({ patch: inline, kFile: target });
          else applyInlinePatch(inline, objects, target, diagnostics, this.patches);
        }
        continue;
      }
      if (kind === 'Component') deferred.push({ patch: p as Record<string, any>, kFile });
      else applyInlinePatch(p as Record<string, any>, objects, kFile, diagnostics, this.patches);
    }
    if (kind === 'Component') {
      stack.delete(dir);
      const component = result(kind, deferred);
      if (modeFree) PATCH_MODE_FREE.add(component);
      return component;
    }
    if (diagnostics.length > ownPatchesFrom && isBootstrapPlaceholder(this.source, dir)) {
      // This kustomization's patches on what bootstrap will write: set apart (see WalkResult.awaitingBootstrap).
      const own = diagnostics.splice(ownPatchesFrom);
      for (const d of own) (d.code === 'MissingPatchTarget' ? awaiting : diagnostics).push(d);
    }
    if (typeof k.namespace === 'string' && kind === 'Kustomization') {
      const ns = k.namespace;
      for (let i = 0; i < objects.length; i++) {
        const o = objects[i]!;
        if (o.namespace !== undefined || !CLUSTER_SCOPED.has(o.kind)) objects[i] = inNamespace(o, ns);
      }
    }
    stack.delete(dir);
    const duplicates = duplicateFindings(objects, prior);
    for (const d of duplicates.found) diagnostics.push(d.diagnostic);
    const done = result(kind);
    DUPLICATES.set(done, duplicates);
    if (modeFree) PATCH_MODE_FREE.add(done);
    return done;
  }

  private applyComponents(
    dir: string,
    kFile: string,
    components: readonly string[],
    objects: BuiltObject[],
    diagnostics: Diagnostic[],
    stack: Set<string>,
    awaiting: Diagnostic[],
  ): boolean {
    // Whether patch mode makes no difference to any component walked (see shareWalksOf).
    let modeFree = true;
    const seen = new Set<string>();
    for (const entry of components) {
      const target = resolveRelative(dir, entry);
      if (target === undefined || !this.isDir(target)) {
        diagnostics.push(
          diagnostic(
            'MissingFile',
            `${kFile}: component "${entry}" does not exist${target === undefined ? '' : this.leftOut(target)}`,
            kFile,
          ),
        );
        continue;
      }
      if (seen.has(target)) {
        diagnostics.push(diagnostic('DiamondComponent', `${kFile}: component "${entry}" is included twice`, kFile));
        continue;
      }
      seen.add(target);
      const sub = this.walkDir(target, stack);
      if (!PATCH_MODE_FREE.has(sub)) modeFree = false;
      if (sub.kind !== 'Component') {
        diagnostics.push(
          diagnostic(
            'KustomizationUnderComponents',
            `${kFile}: "${entry}" is a Kustomization (or has no kind: Component) and may only be listed under resources:`,
            kFile,
          ),
        );
        continue;
      }
      objects.push(...sub.objects);
      diagnostics.push(...sub.diagnostics);
      awaiting.push(...(sub.awaitingBootstrap ?? []));
      for (const { patch, kFile: from } of sub.patches ?? [])
        applyInlinePatch(patch, objects, from, diagnostics, this.patches);
    }
    return modeFree;
  }

  /**
   * The ConfigMaps and Secrets configMapGenerator/secretGenerator emit, with their
   * keys (values are not read: a generator's input may be a secret; a Secret's
   * SOPS-encrypted ones are kept, which shows it is not plaintext). The name
   * keeps no hash suffix: what refers to a generated object by name (substituteFrom)
   * needs `disableNameSuffixHash`, which is what such repositories set.
   */
  private addGenerated(
    dir: string,
    kFile: string,
    k: Record<string, any>,
    objects: BuiltObject[],
    diagnostics: Diagnostic[],
  ) {
    for (const [field, kind] of [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ] as const) {
      // A Secret's value is kept when SOPS encrypted it (kustomize-controller decrypts it), so the plaintext check
      // tells an encrypted input from a plaintext one; every other value stays unread ('').
      const sealed = (value: string | undefined) =>
        kind === 'Secret' && value !== undefined && isEncryptedValue(value) ? value : '';
      for (const g of list(k[field])) {
        if (!g || typeof g !== 'object' || typeof (g as any).name !== 'string') continue;
        const gen = g as Record<string, any>;
        const data: Record<string, string> = {};
        for (const literal of list(gen.literals)) {
          if (typeof literal === 'string' && literal.includes('=')) data[literal.slice(0, literal.indexOf('='))] = '';
        }
        const input = (entry: string): string | undefined => {
          const target = resolveRelative(dir, entry);
          const text = target === undefined ? undefined : this.source.read(target);
          if (text === undefined)
            diagnostics.push(
              diagnostic(
                'MissingFile',
                `${kFile}: ${field} ${gen.name}: file "${entry}" does not exist${target === undefined ? '' : this.leftOut(target)}`,
                kFile,
              ),
            );
          return text;
        };
        for (const f of list(gen.files)) {
          if (typeof f !== 'string') continue;
          const eq = f.indexOf('=');
          const key = eq >= 0 ? f.slice(0, eq) : f.slice(f.lastIndexOf('/') + 1);
          const text = input(eq >= 0 ? f.slice(eq + 1) : f);
          // A file SOPS encrypted whole (its values ENC[...], its metadata beside them) stands for its first value.
          if (text !== undefined) data[key] = /\bsops/.test(text) ? sealed(SOPS_VALUE.exec(text)?.[0]) : '';
        }
        for (const e of [...list(gen.envs), ...(typeof gen.env === 'string' ? [gen.env] : [])]) {
          if (typeof e !== 'string') continue;
          const text = input(e);
          // A SOPS-encrypted env file carries its metadata as sops_* keys, which decryption removes.
          const encrypted = /^sops_mac=/m.test(text ?? '');
          for (const line of text?.split('\n') ?? []) {
            const trimmed = line.trim();
            if (trimmed && !trimmed.startsWith('#') && trimmed.includes('=')) {
              const eq = trimmed.indexOf('=');
              const key = trimmed.slice(0, eq).trim();
              if (!(encrypted && key.startsWith('sops_'))) data[key] = sealed(trimmed.slice(eq + 1).trim());
            }
          }
        }
        const value = {
          apiVersion: 'v1',
          kind,
          metadata: { name: gen.name, ...(typeof gen.namespace === 'string' ? { namespace: gen.namespace } : {}) },
          data,
        };
        objects.push(objectOf(value, kFile)!);
      }
    }
  }

  /** Every directory is walked once per walker (its result is never mutated). */
  private walkDir(dir: string, stack: Set<string>): WalkResult {
    return this.cached(`${dir}\0`, (prior) => this.walk(dir, [], stack, prior));
  }

  /** Why a path a walk does not find is missing, when the artifact leaves it out ('' otherwise). */
  private leftOut(path: string): string {
    return this.artifact?.leftOut(path) ? `: ${path} ${leftOutOfArtifact(path)}` : '';
  }

  private isDir(path: string): boolean {
    return this.source.list(path).length > 0;
  }

  /** Objects of a file, parsed once per walker (a stage's files are reached from every env of the stage). */
  private addFile(path: string, objects: BuiltObject[], diagnostics: Diagnostic[]) {
    let parsed = this.parsedFile(path);
    if (parsed)
      this.tracked?.noteRead(path); // parsed earlier: this walk still depends on the file
    else {
      parsed = { objects: [], diagnostics: [] };
      const read = this.parsed.read(this.source, path);
      if (read.diagnostic) parsed.diagnostics.push(read.diagnostic);
      for (const v of read.values ?? []) {
        const o = objectOf(v, path);
        if (o) parsed.objects.push(o);
        else parsed.diagnostics.push(diagnostic('InvalidManifest', `${path}: a document has no kind`, path));
      }
      this.files.set(path, parsed);
    }
    objects.push(...parsed.objects);
    diagnostics.push(...parsed.diagnostics);
  }
}

/**
 * Inline patches parsed and target patterns compiled, once per walker: an env's
 * flux-system patches are the same text in every env. Both are only read
 * (applyJsonPatch copies what it inserts), so sharing them is safe.
 */
interface PatchCache {
  readonly ops: Map<string, unknown[] | typeof INVALID>;
  readonly patterns: Map<string, RegExp | null>;
  /** Apply strategic-merge patches too (WalkOptions.fullPatches). */
  readonly strategicMerge: boolean;
}

const INVALID = Symbol('invalid YAML');

/** An inline patch's documents, parsed once per text. */
function patchDocuments(text: string, seen: PatchCache): unknown[] | typeof INVALID {
  let docs = seen.ops.get(text);
  if (docs === undefined) {
    try {
      docs = parseYamlValues(text);
    } catch {
      docs = INVALID;
    }
    seen.ops.set(text, docs);
  }
  return docs;
}

/**
 * Walks that patch mode makes no difference to: walked with or without
 * {@link WalkOptions.fullPatches}, the same objects and findings (see
 * KustomizeWalker.shareWalksOf). Marked as they are made; a result is never mutated.
 */
const PATCH_MODE_FREE = new WeakSet<WalkResult>();

/**
 * Whether a `patches:` entry is applied the same in both patch modes: an
 * inline JSON6902 patch with a target (or no patch text at all, skipped in
 * both), not a patch file nor a strategic-merge or target-less patch.
 */
function patchModeFree(entry: unknown, seen: PatchCache): boolean {
  if (!entry || typeof entry !== 'object') return false;
  const e = entry as Record<string, any>;
  if (typeof e.path === 'string') return false;
  if (typeof e.patch !== 'string') return true;
  if (!e.target || typeof e.target !== 'object') return false;
  const docs = patchDocuments(e.patch, seen);
  return docs !== INVALID && Array.isArray(docs[0]);
}

/**
 * Applies an inline JSON6902 patch (`patch:` holding a list of operations, with a
 * `target`) the way kustomize does, so what follows sees the patched objects (an
 * env's runtime Kustomizations with its addon overrides). A patch that matches
 * nothing, or whose `test` fails, is reported: kustomize would skip the first
 * silently and fail the build on the second.
 */
function applyInlinePatch(
  p: Record<string, any>,
  objects: BuiltObject[],
  kFile: string,
  diagnostics: Diagnostic[],
  seen: PatchCache,
): void {
  if (typeof p.patch !== 'string') return;
  if (!seen.strategicMerge && (!p.target || typeof p.target !== 'object')) return;
  const docs = patchDocuments(p.patch, seen);
  if (docs === INVALID) {
    diagnostics.push(diagnostic('InvalidManifest', `${kFile}: a patch is not valid YAML`, kFile));
    return;
  }
  const ops = docs[0];
  if (!Array.isArray(ops)) {
    // A strategic-merge patch: applied only when asked (WalkOptions.fullPatches).
    if (seen.strategicMerge)
      for (const doc of docs) applyStrategicMerge(doc, p.target, objects, kFile, diagnostics, seen);
    return;
  }
  if (!p.target || typeof p.target !== 'object') {
    diagnostics.push(diagnostic('InvalidManifest', `${kFile}: a JSON6902 patch has no target`, kFile));
    return;
  }
  const t = p.target as { kind?: unknown; name?: unknown; namespace?: unknown };
  let hits = 0;
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    if (!targetSelects(t, o, seen.patterns)) continue;
    hits++;
    const result = patched(o, p.patch, ops);
    if (typeof result === 'string') {
      const onComponents = ops.every(
        (op: any) => typeof op?.path === 'string' && op.path.startsWith('/spec/components'),
      );
      const hint = onComponents ? ': the stage changed under this addon override; re-plan it (platter render)' : '';
      diagnostics.push(
        diagnostic(
          'PatchDoesNotApply',
          `${kFile}: the patch on ${o.kind} ${o.name} does not apply (${result}), so kustomize would fail the build${hint}`,
          kFile,
        ),
      );
      continue;
    }
    objects[i] = result;
  }
  if (hits === 0) {
    diagnostics.push(
      diagnostic(
        'MissingPatchTarget',
        `${kFile}: a patch targets ${String(t.kind)} ${String(t.name)}, which this build does not have (kustomize would skip it silently)`,
        kFile,
      ),
    );
  }
}

/**
 * Applies kustomize `patches:` entries (inline JSON6902 or strategic merge; `path:`
 * entries must be read by the caller) to `objects` in place: what Flux does with a
 * Kustomization's `spec.patches`. Returns what did not apply.
 */
export function applyPatches(objects: BuiltObject[], patches: readonly unknown[], kFile: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const cache: PatchCache = { ops: new Map(), patterns: new Map(), strategicMerge: true };
  for (const p of patches)
    if (p && typeof p === 'object') applyInlinePatch(p as Record<string, any>, objects, kFile, diagnostics, cache);
  return diagnostics;
}

/**
 * Whether a kustomize patch target selects an object: each of kind, name and namespace
 * that the target gives is an anchored regular expression (a pattern that does not
 * compile matches itself literally); an absent or empty field selects anything.
 * `patterns` caches compiled expressions across calls.
 */
export function targetSelects(
  target: { readonly kind?: unknown; readonly name?: unknown; readonly namespace?: unknown },
  o: { readonly kind: string; readonly name: string; readonly namespace?: string },
  patterns: Map<string, RegExp | null> = new Map(),
): boolean {
  return (
    selects(target.kind, o.kind, patterns) &&
    selects(target.name, o.name, patterns) &&
    selects(target.namespace, o.namespace, patterns)
  );
}

/** A pattern without regular-expression syntax matches only itself: compared as a string (most targets). */
const LITERAL = /^[\w-]*$/;

function selects(pattern: unknown, value: string | undefined, patterns: Map<string, RegExp | null>): boolean {
  if (typeof pattern !== 'string' || pattern === '') return true;
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = LITERAL.test(pattern) ? null : new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re ? re.test(value ?? '') : pattern === value;
}

/**
 * A strategic-merge patch document: its target is the `target:` selector, or the
 * object with the patch's own kind, name (and namespace, when it names one). Maps
 * merge, `null` deletes a key, lists are replaced, except lists of maps with a
 * `name` that both sides have (containers, env, ports), which merge by name. That
 * is how kustomize merges custom resources (no schema: lists replaced, hence
 * DESIGN §2's JSON6902 for `spec.components`) and close enough for built-in kinds.
 */
function applyStrategicMerge(
  doc: unknown,
  target: unknown,
  objects: BuiltObject[],
  kFile: string,
  diagnostics: Diagnostic[],
  seen: PatchCache,
): void {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return;
  const patch = doc as Record<string, any>;
  const t = (
    target && typeof target === 'object'
      ? target
      : { kind: patch.kind, name: patch.metadata?.name, namespace: patch.metadata?.namespace }
  ) as Record<string, unknown>;
  const deletes = patch.$patch === 'delete';
  let hits = 0;
  for (let i = objects.length - 1; i >= 0; i--) {
    const o = objects[i]!;
    if (!targetSelects(t, o, seen.patterns)) continue;
    hits++;
    if (deletes) {
      objects.splice(i, 1);
      continue;
    }
    const { apiVersion: _a, kind: _k, ...rest } = patch;
    const metadata = rest.metadata && typeof rest.metadata === 'object' ? { ...rest.metadata } : undefined;
    if (metadata && !target) {
      delete metadata.name;
      delete metadata.namespace;
    }
    const value = strategicMerge(o.value, metadata ? { ...rest, metadata } : rest) as Record<string, any>;
    objects[i] = { ...o, value };
  }
  if (hits === 0) {
    const what = `${String(t.kind ?? '*')} ${String(t.name ?? '*')}`;
    diagnostics.push(
      diagnostic(
        'MissingPatchTarget',
        `${kFile}: a patch targets ${what}, which this build does not have (kustomize would fail or skip it)`,
        kFile,
      ),
    );
  }
}

function strategicMerge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(base)) return patch;
    const named = (xs: unknown[]) => xs.every((x) => x && typeof x === 'object' && typeof (x as any).name === 'string');
    if (!patch.length || !named(patch) || !named(base)) return patch;
    const out = [...base];
    for (const item of patch as Record<string, any>[]) {
      const at = out.findIndex((x) => (x as any).name === item.name);
      if (at >= 0) out[at] = strategicMerge(out[at], item);
      else out.push(item);
    }
    return out;
  }
  if (!patch || typeof patch !== 'object') return patch;
  if (!base || typeof base !== 'object' || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete out[key];
    else out[key] = strategicMerge(out[key], value);
  }
  return out;
}

/** kustomize's older patch fields, as `patches:` entries (`patchesStrategicMerge` may hold inline YAML). */
function legacyPatches(k: Record<string, any>): unknown[] {
  const out: unknown[] = [];
  for (const p of list(k.patchesStrategicMerge)) {
    if (typeof p !== 'string') continue;
    out.push(p.includes('\n') ? { patch: p } : { path: p });
  }
  for (const p of list(k.patchesJson6902)) {
    if (p && typeof p === 'object') out.push(p);
  }
  return out;
}

/**
 * An object with a JSON6902 patch applied, or why it does not apply: a function of
 * the object and the patch's text alone (the operations are parsed from it), kept
 * per object. A stage's objects are the same objects in every env of the stage
 * and in every walk that takes the stage over, so each env's patches on them
 * give the same patched objects walk after walk: an env walked again after a
 * change elsewhere in its build comes out as the same objects where the change
 * did not reach, which is what lets the structure check derive its findings
 * from the build before the change (validate/checkStructure.ts).
 */
function patched(o: BuiltObject, patch: string, ops: readonly unknown[]): BuiltObject | string {
  let byPatch = PATCHED.get(o);
  const kept = byPatch?.get(patch);
  if (kept !== undefined) return kept;
  const result = applyJsonPatch(o.value, ops);
  const out = result.error ?? { ...o, value: result.value as Record<string, any> };
  if (!byPatch) PATCHED.set(o, (byPatch = new Map()));
  byPatch.set(patch, out);
  return out;
}

const PATCHED = new WeakMap<BuiltObject, Map<string, BuiltObject | string>>();

/** An object moved into a kustomization's `namespace:`, once per object and namespace (see {@link patched}). */
function inNamespace(o: BuiltObject, ns: string): BuiltObject {
  let byNs = NAMESPACED.get(o);
  let out = byNs?.get(ns);
  if (out) return out;
  out = { ...o, namespace: ns };
  if (!byNs) NAMESPACED.set(o, (byNs = new Map()));
  byNs.set(ns, out);
  return out;
}

const NAMESPACED = new WeakMap<BuiltObject, Map<string, BuiltObject>>();

/** DuplicateResourceId findings of a walk, each with the position of the object it is about. */
interface Duplicates {
  readonly found: readonly { readonly at: number; readonly diagnostic: Diagnostic }[];
  /** Whether some object's kind, namespace or name has a slash (then ids are compared as strings). */
  readonly slashed: boolean;
}

/** The duplicates of each Kustomization walk (a walk after a change starts from those of the walk before it). */
const DUPLICATES = new WeakMap<WalkResult, Duplicates>();

const NO_DUPLICATES: Duplicates = { found: [], slashed: false };

/** The most objects a change may make new in a walk for its duplicates to be derived from the walk before it. */
const MAX_DERIVED_DUPLICATES = 256;

const slashed = (o: BuiltObject) =>
  o.name.includes('/') || o.kind.includes('/') || (o.namespace?.includes('/') ?? false);

/**
 * DuplicateResourceId of `objects`, derived from those of `prior` (the walk of
 * the same kustomization before a change) when it has them. Whether an object
 * is a duplicate reads only the objects of its name before it (twins are found
 * by name first). The objects the two walks share are found as the longest
 * common prefix and suffix by identity: an object whose name no new or removed
 * object has keeps its finding (its earlier namesakes are the same objects in
 * the same order); the objects of the other names are checked again among
 * themselves. With a slash in a kind, namespace or name, ids are compared as
 * strings (see checkDuplicates): everything is checked again.
 */
function duplicateFindings(objects: readonly BuiltObject[], prior?: WalkResult): Duplicates {
  const before = prior && DUPLICATES.get(prior);
  if (!prior || !before || before.slashed) return checkDuplicates(objects);
  const a = prior.objects;
  const b = objects;
  const { start: p, endA, endB } = changedRange(a, b);
  if (endA - p + (endB - p) > MAX_DERIVED_DUPLICATES) return checkDuplicates(objects);
  const names = new Set<string>();
  for (let i = p; i < endA; i++) names.add(a[i]!.name);
  for (let i = p; i < endB; i++) {
    if (slashed(b[i]!)) return checkDuplicates(objects);
    names.add(b[i]!.name);
  }
  if (names.size === 0) return before;
  const shift = b.length - a.length;
  const found: { at: number; diagnostic: Diagnostic }[] = [];
  for (const f of before.found)
    if (!names.has(a[f.at]!.name)) found.push(f.at < p ? f : { at: f.at + shift, diagnostic: f.diagnostic });
  const positions: number[] = [];
  for (let i = 0; i < b.length; i++) if (names.has(b[i]!.name)) positions.push(i);
  found.push(...checkDuplicates(b, positions).found);
  found.sort((x, y) => x.at - y.at);
  return found.length ? { found, slashed: false } : NO_DUPLICATES;
}

/**
 * DuplicateResourceId among `objects` (or among those at `positions`, in
 * order: all objects of the names they hold, for {@link duplicateFindings}).
 */
function checkDuplicates(objects: readonly BuiltObject[], positions?: readonly number[]): Duplicates {
  // The first object of each id, found by name first: an id made for every object of every walk was most of
  // this check's time (an env root of the 1,000-env fleet has about 300 objects, walked again after each change).
  const seen = new Map<string, BuiltObject | BuiltObject[]>();
  const firstOf = (o: BuiltObject) => {
    const named = seen.get(o.name);
    if (named === undefined) return undefined;
    if (!Array.isArray(named)) return sameId(named, o) ? named : undefined;
    return named.find((f) => sameId(f, o));
  };
  const remember = (o: BuiltObject) => {
    const named = seen.get(o.name);
    if (named === undefined) seen.set(o.name, o);
    else if (Array.isArray(named)) named.push(o);
    else seen.set(o.name, [named, o]);
  };
  // An id is `group/kind/namespace/name`: with a slash in a kind, namespace or name (no valid object has one),
  // two ids may be one string; then by the string, as the id says.
  const byString = !positions && objects.some(slashed);
  const ids = new Map<string, BuiltObject>();
  const found: { at: number; diagnostic: Diagnostic }[] = [];
  const count = positions ? positions.length : objects.length;
  for (let n = 0; n < count; n++) {
    const at = positions ? positions[n]! : n;
    const o = objects[at]!;
    const first = byString ? ids.get(objectId(o)) : firstOf(o);
    if (first && first.file !== o.file) {
      found.push({
        at,
        diagnostic: diagnostic(
          'DuplicateResourceId',
          `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is declared twice in one build (${first.file} and ${o.file})`,
          o.file,
        ),
      });
    } else if (first) {
      found.push({
        at,
        diagnostic: diagnostic(
          'DuplicateResourceId',
          `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is declared twice in ${o.file}`,
          o.file,
        ),
      });
    } else if (byString) ids.set(objectId(o), o);
    else remember(o);
  }
  return found.length || byString ? { found, slashed: byString } : NO_DUPLICATES;
}

/** Whether two objects of one name have one id (objectId), without making either. */
const sameId = (a: BuiltObject, b: BuiltObject) =>
  a.kind === b.kind && (a.namespace ?? '') === (b.namespace ?? '') && groupOf(a.apiVersion) === groupOf(b.apiVersion);
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isUnder = (path: string, dir: string) => !dir || path.startsWith(`${dir}/`);

/** Kinds that are not namespaced (a tenant may not create them). */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'Node',
  'ClusterIssuer',
]);
