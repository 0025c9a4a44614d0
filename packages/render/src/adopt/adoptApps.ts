/**
 * `platter adopt`, apps -> tenant apps. In the flux2-kustomize-helm-example layout an
 * app is a base directory (`apps/base/<app>`: its HelmRepository, HelmRelease and
 * whatever else) and one overlay per cluster (`apps/<env>`: `../base/<app>` and a
 * patch pinning the chart version), built by a Flux Kustomization of that cluster.
 * Platter's app layout holds the same files under other names:
 *
 * - `apps/base/<app>/` moves to `apps/<app>/base/`; the file of its HelmRepository
 *   becomes `source.yaml`, the file of its HelmRelease `release.yaml` (the names
 *   Platter reads), and its kustomization gains the `platter.dev/tenant` annotation
 *   (metadata of a kustomization file is not in what it builds);
 * - each overlay `apps/<env>/` moves to `apps/<app>/envs/<env>/`; the patch file
 *   holding the HelmRelease's `spec.chart.spec.version` becomes its `release.yaml`
 *   (Platter's version pin);
 * - an overlay several apps share (`apps/<env>` listing `../base/a` and `../base/b`)
 *   gives each app its own `apps/<app>/envs/<env>/` with the patches that name its
 *   objects; the shared overlay stays (unmanaged) and lists those overlays instead;
 * - the Flux Kustomization that built the overlay keeps its name, namespace and every
 *   field but `spec.path` (plumbing the proof lists): every object stays in the
 *   inventory of the Kustomization that applies it today, so nothing is pruned and
 *   re-created.
 *
 * The tenant's binding (tenants/<t>/: namespaces, ServiceAccount, RoleBinding, the
 * `platter` GitRepository, the app's Flux Kustomization in its namespace running as
 * the tenant) is NOT written: it adds RBAC objects and changes who applies the app,
 * which is not Flux plumbing (issue 13 allows only names, namespaces and paths), and
 * the app's own Namespace could not be applied with the tenant's rights. The report
 * names it per tenant as the follow-up change. The owner is the team CODEOWNERS
 * gives the app's directory (`@org/team` -> tenant `team`, owner `group:default/team`:
 * the group that owns a tenant, model/fleet/owners.ts), else the `--tenant` default.
 *
 * An app that cannot be mapped faithfully stays where it is (unmanaged), with why:
 * copied by an ArtifactGenerator, an overlay building more than one thing or read by
 * more than one cluster, a base listed by something else, no single HelmRelease and
 * source, no version pin in an overlay, no owner.
 */
import {
  basename,
  dirname,
  isValidCodeownersHandle,
  isValidName,
  isValidVersion,
  KUSTOMIZATION_FILE_NAMES,
  layout,
  relativePath,
  resolveRelative,
  byteOrder,
  type MemoryFileTree,
  type App,
  type FileTree,
  type Tenant,
} from '@platter/model';
import type { FluxCluster } from '../check';
import { CLUSTER_SCOPED } from '../parse/kustomizeWalk';
import { parseDocuments, parseYamlValues, stringifyDocuments, toYaml } from '../yaml';

/** An app adopted as a tenant app. */
export interface AdoptedApp {
  readonly name: string;
  readonly tenant: string;
  readonly namespace: string;
  /** Its base directory before. */
  readonly from: string;
  /** Per env: the overlay before, and the Flux Kustomization that builds it (unchanged but its path). */
  readonly overlays: readonly {
    readonly env: string;
    readonly from: string;
    readonly kustomization: string;
    /** The overlay lists other apps too: this app's part was cut out, the overlay stays (unmanaged). */
    readonly shared?: true;
  }[];
  /**
   * What `platter validate` will say about it, and why adopt leaves it: a cluster-scoped
   * object of its base (its Namespace) stays where the Kustomization that applies it
   * today reads it; the tenant binding moves it to tenants/<t>/base.
   */
  readonly notes: readonly string[];
}

/** A tenant adopt declares in platter.yaml, and the binding it leaves for a later change. */
export interface AdoptedTenant {
  readonly name: string;
  readonly owner: string;
  /** Where the owner came from: a CODEOWNERS handle, or `--tenant`. */
  readonly from: string;
  readonly apps: readonly string[];
  /** What a follow-up change adds (not in this plan: it changes what Flux applies). */
  readonly binding: string;
}

export interface AppMapping {
  readonly apps: readonly AdoptedApp[];
  readonly tenants: readonly AdoptedTenant[];
  /** App directories (a base or an overlay) left unmanaged, and why. */
  readonly unmapped: readonly { readonly dir: string; readonly why: string }[];
  /** For platter.yaml: the model of the tenants and apps. */
  readonly fleetTenants: readonly Tenant[];
  readonly fleetApps: readonly App[];
  /** Base kustomization files (after the moves) -> tenant, for the annotation. */
  readonly annotate: ReadonlyMap<string, string>;
  /** Apps cut out of an overlay they shared with others. */
  readonly shared: readonly SharedOverlay[];
}

interface Mover {
  dir(from: string, to: string): void;
  map(path: string): string;
}

interface Env {
  readonly name: string;
  readonly cluster: FluxCluster;
}

const APPS = 'apps/';

/**
 * Finds the apps of the adopted clusters, decides which map, and records their moves
 * in `moves`. `tenant` is the `--tenant` default owner.
 */
export function mapApps(
  tree: FileTree,
  envs: readonly Env[],
  moves: Mover,
  holdsPinned: (dir: string) => boolean,
  tenant: string | undefined,
  taken: ReadonlySet<string>,
): AppMapping {
  const unmapped = new Map<string, string>();
  const kustomizationFiles = tree
    .list('')
    .filter((f) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basename(f)));
  const kustomizationOf = (dir: string) =>
    KUSTOMIZATION_FILE_NAMES.map((n) => `${dir}/${n}`).find((p) => tree.read(p) !== undefined);

  // Overlays: directories under apps/ a Flux Kustomization of an adopted cluster builds.
  const overlays = new Map<string, { envs: Set<string>; refs: Set<string>; built: BuiltLike[] }>();
  for (const env of envs) {
    for (const k of env.cluster.kustomizations) {
      if (k.source !== 'repository' || k.path === undefined || !k.path.startsWith(APPS)) continue;
      const o = overlays.get(k.path) ?? { envs: new Set(), refs: new Set(), built: [] };
      o.envs.add(env.name);
      o.refs.add(k.ref);
      o.built.push(...(k.built ?? []));
      overlays.set(k.path, o);
    }
  }

  // Each overlay's bases: one (the overlay is the app's), or several (each app gets its overlay, see Use.shared).
  const bases = new Map<string, Use[]>();
  for (const [dir, o] of [...overlays].sort(([a], [b]) => byteOrder(a, b))) {
    const file = kustomizationOf(dir);
    const k = file ? readFirst(tree, file) : undefined;
    const resources = strings(k?.resources).map((r) => resolveRelative(dir, r));
    const isBase = (b: string | undefined): b is string =>
      b !== undefined && b.startsWith(APPS) && !!kustomizationOf(b);
    if (!k || !resources.length || !resources.every(isBase)) {
      const others = strings(k?.resources).filter((r) => !isBase(resolveRelative(dir, r)));
      unmapped.set(
        dir,
        `it builds ${others.join(', ') || 'nothing'}, not only app base directories under apps/: an overlay maps to apps/<app>/envs/<env> when it builds app bases`,
      );
      continue;
    }
    if (strings(k.components).length || o.envs.size !== 1 || o.refs.size !== 1) {
      unmapped.set(
        dir,
        strings(k.components).length
          ? 'it includes components'
          : `more than one cluster or Kustomization builds it (${[...o.refs].join(', ')}): Platter's overlay is one env's`,
      );
      continue;
    }
    const use = { overlay: dir, env: [...o.envs][0]!, ref: [...o.refs][0]!, built: o.built };
    if (resources.length === 1) {
      bases.set(resources[0]!, [...(bases.get(resources[0]!) ?? []), use]);
      continue;
    }
    const split = splitPatches(tree, dir, k, resources as string[], o.built);
    if (typeof split === 'string') {
      unmapped.set(dir, split);
      continue;
    }
    for (const [base, patches] of split)
      bases.set(base, [...(bases.get(base) ?? []), { ...use, shared: { file: file!, patches } }]);
  }

  const codeowners = tree.read(layout.codeowners);
  const apps: AdoptedApp[] = [];
  const tenants = new Map<
    string,
    { owner: string; from: string; codeowners: string[]; namespaces: Set<string>; apps: string[] }
  >();
  const fleetApps: App[] = [];
  const annotate = new Map<string, string>();
  const shared: SharedOverlay[] = [];
  const names = new Set(taken);
  for (const [base, uses] of [...bases].sort(([a], [b]) => byteOrder(a, b))) {
    const name = basename(base);
    const refuse = (why: string) => {
      unmapped.set(base, why);
      for (const u of uses) unmapped.set(u.overlay, `its base ${base} stays unmanaged`);
    };
    if (!isValidName(name) || names.has(name)) {
      refuse(
        names.has(name) ? `an app or service named ${name} is adopted already` : `${name} is not a valid app name`,
      );
      continue;
    }
    if ([base, ...uses.map((u) => u.overlay)].some(holdsPinned)) {
      refuse('an ArtifactGenerator copies its files by path');
      continue;
    }
    if (new Set(uses.map((u) => u.env)).size !== uses.length) {
      refuse('one env builds it from two overlays');
      continue;
    }
    const overlayDirs = new Set(uses.map((u) => u.overlay));
    const readers = kustomizationFiles.filter((f) => {
      if (overlayDirs.has(dirname(f)) || dirname(f) === base) return false;
      const v = readFirst(tree, f);
      return [...strings(v?.resources), ...strings(v?.components)].some((e) => {
        const t = resolveRelative(dirname(f), e);
        return t !== undefined && (t === base || t.startsWith(`${base}/`));
      });
    });
    if (readers.length) {
      refuse(`${readers.join(', ')} reads it too (shared): Platter's app base belongs to one app`);
      continue;
    }
    if (tree.dirs(base).length || uses.some((u) => tree.dirs(u.overlay).length)) {
      refuse('it has sub-directories: Platter reads an app base and overlay as flat directories');
      continue;
    }
    // One HelmRelease and its source, each in a file of the base.
    const built = uses[0]!.built.filter((o) => o.file.startsWith(`${base}/`));
    const releases = built.filter(
      (o) => o.kind === 'HelmRelease' && o.apiVersion.startsWith('helm.toolkit.fluxcd.io/'),
    );
    const release = releases[0];
    const ref = release?.value.spec?.chart?.spec?.sourceRef ?? {};
    const source = built.find(
      (o) =>
        (o.kind === 'HelmRepository' || o.kind === 'OCIRepository') &&
        o.kind === ref.kind &&
        o.name === ref.name &&
        (o.namespace ?? '') === String(ref.namespace ?? release?.namespace ?? ''),
    );
    if (releases.length !== 1 || !source || source.file === release!.file) {
      refuse(
        releases.length !== 1
          ? `${releases.length} HelmReleases: Platter's app is one HelmRelease and its source`
          : 'its HelmRelease and the HelmRepository it reads are not in two files of its own base',
      );
      continue;
    }
    const target = layout.appBaseDir(name);
    // The names Platter reads (a kustomization.yml or Kustomization becomes kustomization.yaml).
    const renames: [string, string][] = [
      [source.file, `${target}/source.yaml`],
      [release!.file, `${target}/release.yaml`],
      [kustomizationOf(base)!, layout.appBaseKustomization(name)],
      ...uses
        .filter((u) => !u.shared)
        .map((u): [string, string] => [
          kustomizationOf(u.overlay)!,
          layout.appOverlayKustomization(name, { env: u.env }),
        ]),
    ];
    // Each overlay's pin: the patch file holding the HelmRelease's chart version.
    const pins: [string, string][] = [];
    const missing: string[] = [];
    for (const u of uses) {
      const file = (u.shared ? patchFiles(u) : tree.list(u.overlay).filter((f) => dirname(f) === u.overlay))
        .filter((f) => /\.ya?ml$/.test(f))
        .find((f) =>
          values(tree, f).some(
            (v) =>
              v?.kind === 'HelmRelease' &&
              v?.metadata?.name === release!.name &&
              typeof v?.spec?.chart?.spec?.version === 'string',
          ),
        );
      if (!file) missing.push(u.overlay);
      else pins.push([file, `${layout.appOverlayDir(name, { env: u.env })}/release.yaml`]);
    }
    if (missing.length) {
      refuse(
        `${missing.join(', ')} pins no chart version (Platter's pin is spec.chart.spec.version in the overlay's release.yaml; adding one would change the HelmRelease)`,
      );
      continue;
    }
    const ranges = uses
      .map((u) => [u.overlay, pinOf(tree, pins, u.overlay, release!.name)] as const)
      .filter(([, v]) => !isValidVersion(v));
    if (ranges.length) {
      refuse(
        `${ranges.map(([o, v]) => `${o} pins ${JSON.stringify(v)}`).join(', ')}: Platter pins one SemVer version per overlay, and pinning one would change the HelmRelease`,
      );
      continue;
    }
    // A shared overlay's other patch files of this app move into the app's own overlay.
    const pinned = new Set(pins.map(([f]) => f));
    for (const u of uses.filter((x) => x.shared))
      for (const f of patchFiles(u))
        if (!pinned.has(f)) renames.push([f, `${layout.appOverlayDir(name, { env: u.env })}/${basename(f)}`]);
    const clash = [...renames, ...pins].find(
      ([from, to]) =>
        from !== moveInto(to, base, target, uses, name) &&
        tree.read(moveInto(to, base, target, uses, name)) !== undefined,
    );
    if (clash) {
      refuse(`${clash[1]} would be two files (rename ${basename(clash[0])} needs the name of another)`);
      continue;
    }
    const owner = ownerOf(codeowners, base, tenant);
    if (typeof owner === 'string') {
      refuse(owner);
      continue;
    }

    names.add(name);
    moves.dir(base, target);
    for (const u of uses) if (!u.shared) moves.dir(u.overlay, layout.appOverlayDir(name, { env: u.env }));
    for (const u of uses)
      if (u.shared)
        shared.push({ app: name, env: u.env, overlay: u.overlay, file: u.shared.file, patches: u.shared.patches });
    for (const [from, to] of [...renames, ...pins]) if (moves.map(from) !== to) moves.dir(from, to);
    annotate.set(layout.appBaseKustomization(name), owner.tenant);
    const namespace = release!.namespace ?? 'default';
    const t = tenants.get(owner.tenant) ?? {
      owner: owner.owner,
      from: owner.from,
      codeowners: owner.handle ? [owner.handle] : [],
      namespaces: new Set<string>(),
      apps: [],
    };
    t.namespaces.add(namespace);
    t.apps.push(name);
    tenants.set(owner.tenant, t);
    const deployments = uses
      .map((u) => ({ env: u.env, version: pinOf(tree, pins, u.overlay, release!.name) }))
      .sort((a, b) => byteOrder(a.env, b.env));
    apps.push({
      name,
      tenant: owner.tenant,
      namespace,
      from: base,
      overlays: uses
        .map((u) => ({
          env: u.env,
          from: u.overlay,
          kustomization: u.ref,
          ...(u.shared ? { shared: true as const } : {}),
        }))
        .sort((a, b) => byteOrder(a.env, b.env)),
      notes: [
        ...new Set(
          built
            .filter((o) => CLUSTER_SCOPED.has(o.kind))
            .map(
              (o) =>
                `${o.kind} ${o.name} stays in ${moves.map(o.file)}, applied by the Kustomization that applies it today: \`platter validate\` reports ClusterScopedInTenantPath until the tenant binding moves it to ${layout.tenantNamespaces(owner.tenant)}`,
            ),
        ),
      ].sort(byteOrder),
    });
    fleetApps.push({
      name,
      tenant: owner.tenant,
      namespace,
      source: {
        type: 'helm',
        repository: String(source.value.spec?.url ?? ''),
        chart: String(release!.value.spec?.chart?.spec?.chart ?? ''),
      },
      dependsOn: [],
      deployments,
    });
  }

  const sortedTenants = [...tenants].sort(([a], [b]) => byteOrder(a, b));
  return {
    apps,
    tenants: sortedTenants.map(([name, t]) => ({
      name,
      owner: t.owner,
      from: t.from,
      apps: [...t.apps].sort(byteOrder),
      binding: `tenants/${name}/ (namespaces ${[...t.namespaces].sort(byteOrder).join(', ')} labelled, ServiceAccount ${name} + RoleBinding ${name}-admin, GitRepository platter, each app's Flux Kustomization in its namespace as ${name}) is left to a later change: it adds RBAC objects and changes who applies the apps, which is not Flux plumbing`,
    })),
    unmapped: [...unmapped].map(([dir, why]) => ({ dir, why })).sort((a, b) => byteOrder(a.dir, b.dir)),
    fleetTenants: sortedTenants.map(([name, t]) => ({
      name,
      owner: t.owner,
      codeowners: t.codeowners,
      namespaces: [...t.namespaces].sort(byteOrder),
      stages: [],
    })),
    fleetApps: fleetApps.sort((a, b) => byteOrder(a.name, b.name)),
    annotate,
    shared,
  };
}

/** One use of an app base: an overlay of one env, the app's alone or `shared` with other apps. */
interface Use {
  readonly overlay: string;
  readonly env: string;
  readonly ref: string;
  readonly built: BuiltLike[];
  /** The overlay lists several app bases: its kustomization file, and the patches (index, entry) of this app. */
  readonly shared?: { readonly file: string; readonly patches: readonly SharedPatch[] };
}

interface SharedPatch {
  readonly index: number;
  readonly entry: Record<string, any>;
}

/** An app's own overlay cut out of an overlay several apps share: written by `writeSharedOverlays`. */
export interface SharedOverlay {
  readonly app: string;
  readonly env: string;
  readonly overlay: string;
  readonly file: string;
  readonly patches: readonly SharedPatch[];
}

const patchFiles = (u: Use): string[] =>
  (u.shared?.patches ?? []).flatMap(({ entry }) =>
    typeof entry.path === 'string' ? [resolveRelative(u.overlay, entry.path)!] : [],
  );

/** Keys of a kustomization that lists app bases and patches them, nothing else. */
const SHARED_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'resources', 'patches']);

/**
 * The patches of an overlay several apps share, per app base, or why they cannot be
 * cut apart faithfully: each patch must name the one object it patches (a target with
 * a literal kind and name, or a patch file of one object without a target) and that
 * object must come from one base. A target without a name patches every app.
 */
function splitPatches(
  tree: FileTree,
  dir: string,
  k: Record<string, any>,
  bases: readonly string[],
  built: readonly BuiltLike[],
): Map<string, SharedPatch[]> | string {
  const extra = Object.keys(k).filter((key) => !SHARED_KEYS.has(key));
  if (extra.length) return `it lists several apps and also sets ${extra.join(', ')}, which applies to all of them`;
  const out = new Map<string, SharedPatch[]>(bases.map((b) => [b, []]));
  const patches: unknown[] = Array.isArray(k.patches) ? k.patches : [];
  for (const [index, entry] of patches.entries()) {
    const p = (entry ?? {}) as Record<string, any>;
    let kind: unknown = p.target?.kind;
    let name: unknown = p.target?.name;
    if (p.target === undefined && typeof p.path === 'string') {
      const file = resolveRelative(dir, p.path);
      const docs = file && dirname(file) === dir ? values(tree, file) : [];
      if (docs.length === 1) [kind, name] = [docs[0]?.kind, docs[0]?.metadata?.name];
    }
    if (typeof p.path === 'string' && dirname(resolveRelative(dir, p.path) ?? '') !== dir)
      return `its patch ${p.path} is not a file of ${dir}`;
    if (typeof kind !== 'string' || typeof name !== 'string' || !/^[a-z0-9.-]+$/.test(name))
      return `it lists several apps and patch ${index + 1} names no single object (a target without a literal kind and name patches every app)`;
    const owners = bases.filter((b) =>
      built.some((o) => o.kind === kind && o.name === name && o.file.startsWith(`${b}/`)),
    );
    if (owners.length !== 1)
      return `patch ${index + 1} (${kind} ${name}) targets ${owners.length ? 'objects of several apps' : 'no object of its apps'}`;
    out.get(owners[0]!)!.push({ index, entry: p });
  }
  return out;
}

type BuiltLike = NonNullable<FluxCluster['kustomizations'][number]['built']>[number];

/** Where a target path of the base or an overlay was before (for the clash check). */
function moveInto(
  to: string,
  base: string,
  target: string,
  uses: readonly { overlay: string; env: string; shared?: unknown }[],
  app: string,
): string {
  if (to.startsWith(`${target}/`)) return `${base}${to.slice(target.length)}`;
  for (const u of uses) {
    if (u.shared) continue; // its overlay is a new directory
    const dir = layout.appOverlayDir(app, { env: u.env });
    if (to.startsWith(`${dir}/`)) return `${u.overlay}${to.slice(dir.length)}`;
  }
  return to;
}

function pinOf(tree: FileTree, pins: readonly [string, string][], overlay: string, release: string): string {
  const file = pins.find(([from]) => dirname(from) === overlay)![0];
  const pin = values(tree, file).find((v) => v?.kind === 'HelmRelease' && v?.metadata?.name === release);
  return String(pin?.spec?.chart?.spec?.version);
}

/**
 * The tenant that owns a directory: the first team handle on the last CODEOWNERS
 * line matching it (GitHub's rule: the last match wins), unless that line is the
 * catch-all (the platform's); else the `--tenant` default; else why none.
 */
export function ownerOf(
  codeowners: string | undefined,
  dir: string,
  fallback: string | undefined,
): { tenant: string; owner: string; from: string; handle?: string } | string {
  let match: string[] | undefined;
  for (const raw of (codeowners ?? '').split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (matchesCodeowners(pattern!, `${dir}/`))
      match = pattern === '*' || pattern === '/*' || pattern === '**' ? undefined : owners;
  }
  const team = match?.find((h) => isValidCodeownersHandle(h) && /^@[^/]+\/[^/]+$/.test(h));
  if (team) {
    const tenant = team.slice(team.indexOf('/') + 1).toLowerCase();
    if (isValidName(tenant))
      return { tenant, owner: `group:default/${tenant}`, from: `CODEOWNERS ${team}`, handle: team };
  }
  if (fallback !== undefined) return { tenant: fallback, owner: `group:default/${fallback}`, from: '--tenant' };
  return `no owner: no CODEOWNERS line gives ${dir} to a team (@org/team), and no --tenant default was given`;
}

/** A CODEOWNERS pattern (gitignore-like) against a path; a directory path ends with `/`. */
function matchesCodeowners(pattern: string, path: string): boolean {
  const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
  const body = pattern.replace(/^\//, '');
  const source = body
    .split('**')
    .map((part) =>
      part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]'),
    )
    .join('.*');
  // A pattern matches the path itself or anything below it.
  const re = new RegExp(`${anchored ? '^' : '(^|/)'}${source}${body.endsWith('/') ? '' : '(/|$)'}`);
  return re.test(path);
}

function values(tree: FileTree, file: string): Record<string, any>[] {
  try {
    return parseYamlValues(tree.read(file) ?? '') as Record<string, any>[];
  } catch {
    return [];
  }
}

function readFirst(tree: FileTree, path: string): Record<string, any> | undefined {
  return values(tree, path)[0];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * Writes the own overlay of each app cut out of a shared one
 * (`apps/<app>/envs/<env>/kustomization.yaml`: `../../base` and the app's patches),
 * and makes the shared overlay (moved, as unmanaged) list those overlays instead of
 * the bases, without the patches that left. `map` is where a file moved.
 */
export function writeSharedOverlays(
  after: MemoryFileTree,
  shared: readonly SharedOverlay[],
  map: (path: string) => string,
): void {
  const byFile = new Map<string, SharedOverlay[]>();
  for (const s of shared) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  for (const [file, list] of byFile) {
    const moved = map(file);
    const dir = dirname(moved);
    const docs = parseDocuments(after.read(moved)!);
    const value = docs[0]!.toJS() as Record<string, any>;
    let resources = strings(value.resources);
    for (const s of list) {
      const own = layout.appOverlayDir(s.app, { env: s.env });
      const patches = s.patches.map(({ entry }) =>
        typeof entry.path === 'string'
          ? { ...entry, path: relativePath(own, map(resolveRelative(s.overlay, entry.path)!)) }
          : entry,
      );
      after.write(
        layout.appOverlayKustomization(s.app, { env: s.env }),
        toYaml({
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: ['../../base'],
          ...(patches.length ? { patches } : {}),
        }),
      );
      resources = resources.map((r) =>
        resolveRelative(dir, r) === layout.appBaseDir(s.app) ? relativePath(dir, own) : r,
      );
    }
    docs[0]!.set('resources', resources);
    const gone = new Set(list.flatMap((s) => s.patches.map((p) => p.index)));
    const kept = (Array.isArray(value.patches) ? value.patches : []).filter((_: unknown, i: number) => !gone.has(i));
    if (kept.length) docs[0]!.set('patches', kept);
    else if (value.patches !== undefined) docs[0]!.delete('patches');
    after.write(moved, stringifyDocuments(docs));
  }
}
