/**
 * `platter adopt`: plans the migration of a Flux repository of another layout into
 * Platter's (docs/repository-layout.md), as file changes for review. Reads the
 * repository with check's discovery (`checkFluxRepository`: every cluster from its
 * bootstrap root, every Flux Kustomization built the Flux way), then:
 *
 * - a cluster `clusters/<c>` becomes the environment `envs/<c>`: its files move there
 *   as they are (relative references rewritten), its bootstrap path follows, and its
 *   kustomization gains `env-config.yaml` and the stage component;
 * - the profile a cluster includes (`clusters/_profiles/<p>`, a Component) becomes the
 *   stage `<p>` and moves to `stages/<p>/profile/`; a cluster without one is its own
 *   stage. Each stage gets Platter's Component (`stages/<s>/kustomization.yaml` +
 *   `stage-config.yaml`);
 * - a service directory `<x>/<svc>/` whose `_base` a Flux Kustomization builds and
 *   which holds one HelmRelease becomes the runtime service `<svc>` at a first
 *   released version (`runtime/<svc>/<version>/`, `_base` and addon Components
 *   moved as they are, component.yaml with chart, addons and digest);
 * - an app (`apps/base/<app>` + one overlay `apps/<env>` per cluster) becomes a
 *   tenant app (`apps/<app>/base`, `apps/<app>/envs/<env>`), owned by the team
 *   CODEOWNERS names or the `--tenant` default; its Flux Kustomization keeps all
 *   but its path, and the tenant's binding is left to a later change (adoptApps.ts);
 * - a plaintext Secret (one per file) under a cluster moves to the env's
 *   `secrets/<name>.yaml.encrypted`; one elsewhere is encrypted where it is. The
 *   values are encrypted by the caller (gitops-repo `sealAdoption`): this module
 *   never puts them in a change;
 * - everything else stays where it is, as unmanaged resources, still referenced
 *   from where it was (the report lists it). Files an ArtifactGenerator copies by
 *   path never move.
 *
 * Then it proves the result (proveAdoption): per cluster, what Flux applies is the
 * same. Touches only what moves or is added. Rejects NoFluxClusters, MissingRecipients
 * (a plaintext Secret and no `--age-recipient` for its env), PlaintextSecret (one no
 * adopted cluster applies), AdoptionChangesObjects. A repository with platter.yaml is
 * already adopted: the plan is empty.
 */
import {
  basename,
  byteOrder,
  cloudLayout,
  dirname,
  isPlatterError,
  isValidName,
  KUSTOMIZATION_FILE_NAMES,
  layout,
  MemoryFileTree,
  PlatterError,
  relativePath,
  resolveRelative,
  type ComponentVersion,
  type FileChange,
  type FileTree,
  type Fleet,
} from '@platter/model';
import { checkFluxRepository, type FluxCheckReport, type FluxCluster } from '../check';
import {
  copyPattern,
  globToRegExp,
  isArtifactGenerator,
  movedCopyPattern,
  SOURCE_IGNORE_FILE,
  sourceIgnore,
} from '../check/artifacts';
import { isFluxKustomization } from '../check/fluxApis';
import type { BuiltObject } from '../parse/kustomizeWalk';
import { DECRYPTION_PATCH, envDecrypts } from '../render/fluxSystem';
import { ANNOTATIONS } from '../render/objects';
import { componentMetadata, digestOfTree } from '../render/renderMenu';
import { renderCodeowners, renderSettingsFile, renderSopsConfig } from '../render/renderSettings';
import { deepEqual, parseDocuments, parseYamlValues, stringifyDocuments, toYaml } from '../yaml';
import { mapApps, writeSharedOverlays, type AdoptedApp, type AdoptedTenant, type AppMapping } from './adoptApps';
import { proveAdoption, type ClusterProof } from './proveAdoption';

export interface AdoptOptions {
  /** age recipients per environment (`--age-recipient ENV=age1…`): plaintext Secrets are encrypted to them. */
  readonly ageRecipients?: Readonly<Record<string, readonly string[]>>;
  /** Name of the fleet in platter.yaml. @default 'fleet' */
  readonly name?: string;
  /** The platform team's catalog ref. @default 'group:default/platform-team' */
  readonly platformTeam?: string;
  /** The tenant that owns an app CODEOWNERS gives to no team (`--tenant`); without it such apps stay unmanaged. */
  readonly tenant?: string;
}

/** A plaintext Secret to encrypt: the caller encrypts it and adds the file. */
export interface PendingSecret {
  /** Where the encrypted file goes. */
  readonly path: string;
  /** Where the plaintext was (deleted by the plan, unless it is `path`). */
  readonly from: string;
  readonly recipients: readonly string[];
  readonly name: string;
  readonly namespace: string;
  readonly type?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
}

export interface AdoptionReport {
  readonly environments: readonly { readonly name: string; readonly cluster: string; readonly stage: string }[];
  readonly stages: readonly { readonly name: string; readonly profile?: string }[];
  readonly services: readonly { readonly name: string; readonly version: string; readonly from: string }[];
  /** Directories and files moved as they are. */
  readonly moved: readonly { readonly from: string; readonly to: string }[];
  /** Clusters left as they are, and why. */
  readonly notAdopted: readonly { readonly cluster: string; readonly why: string }[];
  /** Files kept where they are as unmanaged resources (still applied from where they were referenced). */
  readonly unmanaged: readonly string[];
  /** Service directories that stay unmanaged, and why. */
  readonly unmappedServices: readonly { readonly dir: string; readonly why: string }[];
  readonly secrets: readonly { readonly from: string; readonly to: string; readonly recipients: number }[];
  /** Runtime services bound to a stage (`stages/<stage>/runtime/<svc>.yaml`, Kustomization `runtime-<svc>`). */
  readonly bound: readonly BoundService[];
  /** Runtime services left unbound, and why (their Kustomization stays where it is declared). */
  readonly notBound: readonly { readonly service: string; readonly why: string }[];
  /** Why no service was bound (the proof with them bound failed), when so. */
  readonly unbound?: string;
  /**
   * Plaintext Secrets no adopted cluster applies (a cluster not adopted, a file no build
   * reaches): adopt cannot know whose recipients to encrypt them to. They stay as they
   * are, and are listed so that someone encrypts them (and rotates the values).
   */
  readonly plaintextLeft: readonly string[];
  /** Apps adopted as tenant apps (apps/<app>/base + apps/<app>/envs/<env>), their Flux Kustomizations kept. */
  readonly apps: readonly AdoptedApp[];
  /** Their tenants, declared in platter.yaml, each with the binding this plan leaves to a later change. */
  readonly tenants: readonly AdoptedTenant[];
  /** App directories left unmanaged, and why. */
  readonly unmappedApps: readonly { readonly dir: string; readonly why: string }[];
  readonly proof: readonly ClusterProof[];
}

export interface AdoptionDraft {
  /** platter.yaml was there: nothing to do. */
  readonly alreadyPlatter: boolean;
  /** Every change but the encrypted Secret files (see `secrets`). */
  readonly changes: readonly FileChange[];
  readonly secrets: readonly PendingSecret[];
  readonly report: AdoptionReport;
  /** The check of the repository before, to prove the sealed result against (sealAdoption). */
  readonly before?: FluxCheckReport;
  /** Each cluster's bootstrap path after adoption. */
  readonly clusterPaths: Readonly<Record<string, string>>;
  /** Flux Kustomizations renamed (`flux-system/ingress-nginx` -> `flux-system/runtime-ingress-nginx`). */
  readonly renamed: Readonly<Record<string, string>>;
}

/**
 * Whether a service directory without a HelmRelease (a monitoring agent, a set of
 * ClusterIssuers) becomes a runtime component of plain manifests (component.yaml
 * `source: manifests`, issue 14). false keeps such directories unmanaged: the one switch.
 */
export const MANIFEST_COMPONENTS = true;

const DEFAULT_PLATFORM_TEAM = 'group:default/platform-team';
const NO_APPS: AppMapping = {
  apps: [],
  tenants: [],
  unmapped: [],
  fleetTenants: [],
  fleetApps: [],
  annotate: new Map(),
  shared: [],
};
const FIRST_VERSION = '1.0.0';
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
/** Top-level directories Platter reads by name (platterShape). */
const PLATTER_DIRS = ['apps', 'envs', 'stages', 'runtime', 'tenants'];

export function planAdoption(tree: FileTree, options: AdoptOptions = {}): AdoptionDraft {
  try {
    return draftAdoption(tree, options, true);
  } catch (e) {
    // Apps adopted as tenant apps must not change what Flux applies either (a generator
    // keying data by a file name adopt renames, say): when the proof fails with them, adopt
    // without them, and they stay unmanaged, said why. Failing without them too is the
    // repository's own refusal.
    if (!isPlatterError(e, 'AdoptionChangesObjects')) throw e;
    const without = draftAdoption(tree, options, false);
    const why = `adopting them as tenant apps would change what Flux applies (${e.message}): they stay unmanaged`;
    return { ...without, report: { ...without.report, unmappedApps: [{ dir: 'apps', why }] } };
  }
}

function draftAdoption(tree: FileTree, options: AdoptOptions, withApps: boolean): AdoptionDraft {
  if (tree.read(layout.settings) !== undefined) {
    return { alreadyPlatter: true, changes: [], secrets: [], report: emptyReport(), clusterPaths: {}, renamed: {} };
  }
  const before = checkFluxRepository(tree, { objects: true });
  if (!before.clusters.length) {
    throw new PlatterError(
      'NoFluxClusters',
      'no cluster found to adopt: no flux-system directory with the GitRepository + Kustomization that `flux bootstrap` commits (run `platter check` to see what was read)',
      '.',
    );
  }
  const files = tree.list('').filter((p) => !p.split('/').some((s) => s.startsWith('.')));
  const pinned = new Set(
    before.clusters.flatMap((c) => c.kustomizations.flatMap((k) => (k.artifact ? [...k.artifact.files.values()] : []))),
  );
  const holdsPinned = (dir: string) => files.some((f) => f.startsWith(`${dir}/`) && pinned.has(f));
  const moves = new Moves();
  const notAdopted: { cluster: string; why: string }[] = [];

  // 1. Clusters -> environments.
  const envs: { name: string; cluster: FluxCluster; stage: string; profile?: string }[] = [];
  const taken = new Set<string>();
  for (const cluster of before.clusters) {
    const why = unadoptable(tree, cluster, before.clusters, holdsPinned);
    if (why) {
      notAdopted.push({ cluster: cluster.name, why });
      continue;
    }
    const name = envName(cluster.name, taken);
    taken.add(name);
    envs.push({ name, cluster, stage: name });
    moves.dir(cluster.name, layout.envDir(name));
  }

  // 2. Profiles -> stages: the one Component outside the cluster a cluster's kustomizations include.
  const kustomizationFiles = files.filter((f) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basename(f)));
  for (const env of envs) {
    const included = new Set<string>();
    for (const f of kustomizationFiles) {
      if (!f.startsWith(`${env.cluster.name}/`)) continue;
      const k = readFirst(tree, f);
      for (const c of strings(k?.components)) {
        const target = resolveRelative(dirname(f), c);
        if (target !== undefined && !target.startsWith(`${env.cluster.name}/`)) included.add(target);
      }
    }
    const [profile] = included;
    if (included.size === 1 && isValidName(basename(profile!))) {
      env.stage = basename(profile!);
      env.profile = profile!;
    }
  }
  const stages = new Map<string, string | undefined>();
  for (const env of envs) {
    const known = stages.get(env.stage);
    if (stages.has(env.stage) && known !== env.profile) {
      env.stage = env.name; // two profiles of one name: the env keeps its own stage
      env.profile = undefined;
    }
    if (!stages.has(env.stage)) stages.set(env.stage, env.profile);
  }
  for (const [stage, profile] of stages)
    if (profile !== undefined && !holdsPinned(profile)) moves.dir(profile, `${layout.stageDir(stage)}/profile`);

  // 3. Service directories (<x>/<svc>/_base + addons) -> runtime services.
  const services = new Map<string, { dir: string; version: ComponentVersion }>();
  const unmappedServices = new Map<string, string>();
  for (const env of envs) {
    for (const k of env.cluster.kustomizations) {
      if (k.source !== 'repository' || k.path === undefined || basename(k.path) !== '_base') continue;
      const dir = dirname(k.path);
      if (!dir || [...services.values()].some((s) => s.dir === dir) || unmappedServices.has(dir)) continue;
      const why = serviceProblem(dir, envs, services, holdsPinned, moves);
      const version = why ? undefined : componentVersionOf(tree, dir, k.built ?? []);
      if (why || typeof version === 'string') {
        unmappedServices.set(dir, why ?? (version as string));
        continue;
      }
      services.set(version!.service, { dir, version: version! });
      moves.dir(dir, layout.versionDir(version!.service, version!.version));
    }
  }

  // 3b. Apps (apps/base/<app> + apps/<env>) -> tenant apps (adoptApps.ts).
  if (options.tenant !== undefined && !isValidName(options.tenant)) {
    throw new PlatterError(
      'InvalidName',
      `--tenant ${JSON.stringify(options.tenant)} is not a valid tenant name (lower-case letters, digits and dashes)`,
      'tenant',
    );
  }
  const appMap = withApps ? mapApps(tree, envs, moves, holdsPinned, options.tenant, new Set(services.keys())) : NO_APPS;

  // 4. What stays in a top-level directory Platter reads by name moves under unmanaged/. Files an
  // ArtifactGenerator copies move too when its copy rules can follow them (rewrite): the artifact
  // then holds the same files at the same paths (the proof checks what is built from it).
  const copyRules = artifactCopyPatterns(tree, files);
  for (const top of PLATTER_DIRS) {
    const rest = files.filter((f) => f.startsWith(`${top}/`) && moves.map(f) === f);
    if (rest.length && (!rest.some((f) => pinned.has(f)) || copiesCanFollow(top, files, copyRules, moves)))
      moves.dir(top, `unmanaged/${top}`);
  }

  // 5. Plaintext Secrets.
  const secrets = plaintextSecrets(tree, envs, options, moves);
  const removed = new Set(secrets.filter((s) => s.path !== s.from).map((s) => s.from));

  // 6. Every file at its new place, its references rewritten.
  const unbound = new MemoryFileTree();
  for (const f of files) {
    if (removed.has(f)) continue;
    unbound.write(moves.map(f), rewrite(f, moves.map(f), tree.read(f) ?? '', moves, removed));
  }
  for (const f of tree.list('').filter((p) => p.split('/').some((s) => s.startsWith('.'))))
    unbound.write(f, tree.read(f) ?? '');
  writeSharedOverlays(unbound, appMap.shared, (p) => moves.map(p));
  // An adopted app's base names its tenant (and itself) as Platter's renderApp writes it; not part of any build.
  for (const [file, tenant] of appMap.annotate) {
    const docs = parseDocuments(unbound.read(file)!);
    const metadata = (docs[0]!.toJS()?.metadata ?? {}) as Record<string, any>;
    docs[0]!.set(
      'metadata',
      docs[0]!.createNode({
        ...metadata,
        name: basename(dirname(dirname(file))),
        annotations: { ...metadata.annotations, [ANNOTATIONS.tenant]: tenant },
      }),
    );
    // metadata after apiVersion and kind, where Platter writes it.
    const items = (docs[0]!.contents as { items?: { key: unknown }[] } | null)?.items;
    const at = items?.findIndex((i) => String((i.key as { value?: unknown })?.value ?? i.key) === 'metadata') ?? -1;
    const kind = items?.findIndex((i) => String((i.key as { value?: unknown })?.value ?? i.key) === 'kind') ?? -1;
    if (items && at > kind + 1 && kind >= 0) items.splice(kind + 1, 0, ...items.splice(at, 1));
    unbound.write(file, stringifyDocuments(docs));
  }

  // 7. Environments, stages, runtime services, platter.yaml.
  const fleet = {
    ...fleetOf(envs, stages, services, tree, before, options),
    tenants: [...appMap.fleetTenants],
    apps: [...appMap.fleetApps],
  };
  for (const env of envs) addEnvironment(tree, unbound, env, secrets, removed, options.ageRecipients?.[env.name] ?? []);
  for (const [stage] of stages) {
    unbound.write(
      layout.stageKustomization(stage),
      toYaml({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', resources: ['stage-config.yaml'] }),
    );
    unbound.write(
      layout.stageConfig(stage),
      toYaml({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'stage-config', namespace: 'flux-system' },
        data: { stage },
      }),
    );
  }
  for (const { version: v } of services.values()) writeComponentFile(unbound, v);
  unbound.write(layout.settings, renderSettingsFile({ fleet, previous: new MemoryFileTree() }));
  unbound.write(layout.sopsConfig, sopsConfig(fleet, tree.read(layout.sopsConfig)));
  // CODEOWNERS: an existing one is kept as it is (it may say more than Platter would generate).
  if (tree.read(layout.codeowners) === undefined) unbound.write(layout.codeowners, renderCodeowners(fleet));

  // 7b. A .sourceignore that keeps only the directories Flux read (`/*`, `!/clusters/`): the directories
  // the files moved to are in the GitRepository artifact too, or Flux would not find them (the proof reads it).
  reincludeMoved(tree, unbound, files, moves);

  // 8. The proof, on the result with the Secrets still in plaintext (sealAdoption proves the sealed one again).
  // First with the runtime services bound to their stages (stages/<s>/runtime/<svc>.yaml); when that changes
  // what Flux applies, without (the services' Kustomizations stay where they are declared, unmanaged).
  const clusterPaths = Object.fromEntries(before.clusters.map((c) => [c.name, moves.map(c.name)]));
  const prove = (result: MemoryFileTree, renamed: ReadonlyMap<string, string>) => {
    const proving = result.clone();
    for (const s of secrets) proving.write(s.path, toYaml(secretObject(s)));
    return proveAdoption(before, proving, (c) => clusterPaths[c] ?? c, renamed);
  };
  let after = unbound;
  let proof: ClusterProof[];
  let bound: BoundService[] = [];
  let unboundWhy: string | undefined;
  const binding = unbound.clone();
  const attempt = bindServices(binding, envs, services, moves, adoptedOnly(tree, kustomizationFiles, envs));
  try {
    proof = prove(binding, attempt.renamed);
    after = binding;
    bound = attempt.bound;
  } catch (e) {
    if (!isPlatterError(e, 'AdoptionChangesObjects')) throw e;
    unboundWhy = e.message;
    proof = prove(unbound, new Map());
  }

  const changes = changesBetween(tree, after, new Set(secrets.map((s) => s.path)));
  const movedFiles = new Set(files.filter((f) => moves.map(f) !== f));
  const report: AdoptionReport = {
    environments: envs.map((e) => ({ name: e.name, cluster: e.cluster.name, stage: e.stage })),
    stages: [...stages].map(([name, profile]) => ({ name, ...(profile !== undefined ? { profile } : {}) })),
    services: [...services.values()]
      .map(({ dir, version }) => ({ name: version.service, version: version.version, from: dir }))
      .sort((a, b) => byteOrder(a.name, b.name)),
    moved: moves.list().filter(({ from }) => files.some((f) => f === from || f.startsWith(`${from}/`))),
    notAdopted,
    // Resources only: a README or a Terraform file next to them is not something Flux applies.
    unmanaged: files.filter((f) => !movedFiles.has(f) && !removed.has(f) && /\.ya?ml$/.test(f)).sort(byteOrder),
    unmappedServices: [...unmappedServices].map(([dir, why]) => ({ dir, why })),
    secrets: secrets.map((s) => ({ from: s.from, to: s.path, recipients: s.recipients.length })),
    bound,
    notBound:
      bound.length || unboundWhy === undefined ? [...attempt.notBound].map(([service, why]) => ({ service, why })) : [],
    ...(unboundWhy !== undefined ? { unbound: unboundWhy } : {}),
    plaintextLeft: before.findings
      .filter((f) => f.code === 'PlaintextSecret' && f.path !== undefined && !secrets.some((s) => s.from === f.path))
      .map((f) => moves.map(f.path!))
      .sort(byteOrder),
    apps: appMap.apps,
    tenants: appMap.tenants,
    unmappedApps: appMap.unmapped,
    proof,
  };
  const renamed = Object.fromEntries(after === unbound ? [] : [...attempt.renamed]);
  return { alreadyPlatter: false, changes, secrets, report, before, clusterPaths, renamed };
}

/** A runtime service bound to a stage: its Flux Kustomization is Platter's `runtime-<svc>` there. */
export interface BoundService {
  readonly stage: string;
  readonly service: string;
  /** The Kustomization it was (namespace/name). */
  readonly was: string;
}

/**
 * Binds the adopted runtime services to their stages, the way Platter lays them out:
 * the Flux Kustomization that builds `runtime/<svc>/<version>/_base` in every env of a
 * stage becomes `stages/<stage>/runtime/<svc>.yaml`, named `runtime-<svc>`, with the
 * spec Flux saw (patches of the profiles on the way applied, so they are dropped);
 * its declaration leaves the profile, and every dependsOn follows the rename. Only
 * where every env of the stage builds it alike, in flux-system. The caller proves
 * the result, and falls back to no binding when the proof fails.
 */
function bindServices(
  after: MemoryFileTree,
  envs: readonly { name: string; cluster: FluxCluster; stage: string }[],
  services: ReadonlyMap<string, { dir: string; version: ComponentVersion }>,
  moves: Moves,
  adoptedOnly: (file: string) => boolean,
): { renamed: Map<string, string>; bound: BoundService[]; notBound: Map<string, string> } {
  const renamed = new Map<string, string>();
  const bound: BoundService[] = [];
  const notBound = new Map<string, string>(); // service -> why
  const declarations = new Map<string, string>(); // old name -> declaring file (after)
  const stageNames = [...new Set(envs.map((e) => e.stage))].sort(byteOrder);
  for (const stage of stageNames) {
    const members = envs.filter((e) => e.stage === stage);
    for (const [service, { dir, version }] of [...services].sort(([a], [b]) => byteOrder(a, b))) {
      const found = members.map((e) =>
        e.cluster.kustomizations.find((k) => k.source === 'repository' && k.path === `${dir}/_base`),
      );
      const first = found[0];
      if (!first && found.every((k) => !k)) continue; // the stage does not run it
      if (!first || found.some((k) => !k || k.ref !== first.ref || !deepEqual(k.spec, first.spec))) {
        notBound.set(service, `the envs of stage ${stage} do not all build it alike`);
        continue;
      }
      const [namespace, name] = [
        first.ref.slice(0, first.ref.indexOf('/')),
        first.ref.slice(first.ref.indexOf('/') + 1),
      ];
      const target = `runtime-${service}`;
      // Its declaration leaves its file: only when nothing but the adopted clusters reads that file.
      if (namespace !== 'flux-system') {
        notBound.set(service, `its Kustomization ${first.ref} is not in flux-system`);
        continue;
      }
      if (!adoptedOnly(first.file)) {
        notBound.set(
          service,
          `its Kustomization ${first.ref} is declared in ${first.file}, which more than the adopted clusters read (an unused profile, a cluster not adopted): kept where it is`,
        );
        continue;
      }
      if (declarations.has(name) && declarations.get(name) !== moves.map(first.file)) {
        notBound.set(service, `two Kustomizations named ${name}`);
        continue;
      }
      // The object as its parent's build applied it (its API version, labels and annotations kept).
      const declared = members[0]!.cluster.kustomizations
        .find((k) => k.ref === first.parent)
        ?.built?.find((o) => isFluxKustomization(o) && o.name === name && o.namespace === namespace);
      if (!declared) continue;
      const object = {
        apiVersion: declared.apiVersion,
        kind: 'Kustomization',
        metadata: { ...declared.value.metadata, name: target, namespace },
        spec: { ...first.spec, path: `./${layout.baseDir(service, version.version)}` },
      };
      after.write(layout.stageRuntime(stage, service), toYaml(object));
      const kFile = layout.stageKustomization(stage);
      const docs = parseDocuments(after.read(kFile)!);
      docs[0]!.set('resources', [...strings(docs[0]!.toJS()?.resources), `runtime/${service}.yaml`]);
      after.write(kFile, stringifyDocuments(docs));
      declarations.set(name, moves.map(first.file));
      if (name !== target) renamed.set(first.ref, `${namespace}/${target}`);
      bound.push({ stage, service, was: first.ref });
    }
  }
  for (const [name, file] of declarations) removeDeclaration(after, file, name);
  renameDependsOn(
    after,
    new Map([...renamed].map(([a, b]) => [a.slice(a.indexOf('/') + 1), b.slice(b.indexOf('/') + 1)])),
  );
  for (const b of bound) notBound.delete(b.service);
  return { renamed, bound, notBound };
}

/**
 * Whether only adopted clusters read a file: it is under an adopted cluster's directory,
 * or every kustomization that lists its directory (as a resource or component) is read
 * only by adopted clusters. A directory nobody lists (an unused profile, a path of a
 * Flux Kustomization) is not: its content is left alone.
 */
function adoptedOnly(
  tree: FileTree,
  kustomizationFiles: readonly string[],
  envs: readonly { cluster: FluxCluster }[],
): (file: string) => boolean {
  const memo = new Map<string, boolean>();
  const listedBy = (dir: string): string[] =>
    kustomizationFiles.filter((k) => {
      if (dirname(k) === dir) return false; // its own kustomization lists its files
      const v = readFirst(tree, k);
      return [...strings(v?.resources), ...strings(v?.components)].some((e) => {
        const target = resolveRelative(dirname(k), e);
        return target === dir || (target !== undefined && dirname(target) === dir);
      });
    });
  const dirOnly = (dir: string, seen: Set<string>): boolean => {
    if (envs.some((e) => dir === e.cluster.name || dir.startsWith(`${e.cluster.name}/`))) return true;
    const hit = memo.get(dir);
    if (hit !== undefined) return hit;
    if (seen.has(dir)) return false;
    seen.add(dir);
    const readers = listedBy(dir);
    const only = readers.length > 0 && readers.every((k) => dirOnly(dirname(k), seen));
    memo.set(dir, only);
    return only;
  };
  return (file) => dirOnly(dirname(file), new Set());
}

/**
 * Removes a Flux Kustomization's declaration from its file (the file too, when nothing
 * else is in it, with the kustomization entries listing it), and the patches that
 * targeted it by name (their effect is in the stage's file already).
 */
function removeDeclaration(after: MemoryFileTree, file: string, name: string): void {
  const isIt = (v: any) =>
    v &&
    isFluxKustomization({ apiVersion: String(v.apiVersion ?? ''), kind: String(v.kind ?? '') }) &&
    v.metadata?.name === name;
  const gone = new Set<string>();
  const text = after.read(file);
  if (text !== undefined) {
    const docs = parseDocuments(text);
    const kept = docs.filter((d) => !isIt(d.toJS()));
    if (!kept.length) {
      after.delete(file);
      gone.add(file);
    } else if (kept.length !== docs.length) {
      const out = stringifyDocuments(kept);
      // The first document left keeps no `---` the file did not start with.
      after.write(file, !text.startsWith('---') && out.startsWith('---\n') ? out.slice(4) : out);
    }
  }
  for (const k of after.list('').filter((f) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basename(f)))) {
    const docs = parseDocuments(after.read(k)!);
    const value = docs[0]?.toJS() as Record<string, any> | undefined;
    if (!value) continue;
    const dir = dirname(k);
    const target = (p: unknown) => (typeof p === 'string' ? resolveRelative(dir, p) : undefined);
    const patchFileIsIt = (p: unknown) => {
      const path = target(p);
      if (path === undefined || after.read(path) === undefined) return false;
      const values = parseYamlValues(after.read(path)!);
      return values.length === 1 && isIt(values[0]);
    };
    let changed = false;
    const resources = strings(value.resources);
    if (resources.some((r) => gone.has(target(r) ?? ''))) {
      docs[0]!.set(
        'resources',
        resources.filter((r) => !gone.has(target(r) ?? '')),
      );
      changed = true;
    }
    if (Array.isArray(value.patches)) {
      const kept = value.patches.filter(
        (p: any) =>
          !(p?.target?.kind === 'Kustomization' && p.target.name === name) && !(p?.path && patchFileIsIt(p.path)),
      );
      if (kept.length !== value.patches.length) {
        for (const p of value.patches) if (p?.path && patchFileIsIt(p.path)) after.delete(target(p.path)!);
        if (kept.length) docs[0]!.set('patches', kept);
        else docs[0]!.delete('patches');
        changed = true;
      }
    }
    if (changed) after.write(k, stringifyDocuments(docs));
  }
}

/** dependsOn of every Flux Kustomization in flux-system follows the renames. */
function renameDependsOn(after: MemoryFileTree, names: ReadonlyMap<string, string>): void {
  if (!names.size) return;
  for (const file of after.list('').filter((f) => /\.ya?ml$/.test(f))) {
    const text = after.read(file)!;
    if (!text.includes('kustomize.toolkit.fluxcd.io') || !text.includes('dependsOn')) continue;
    let docs;
    try {
      docs = parseDocuments(text);
    } catch {
      continue;
    }
    let changed = false;
    for (const doc of docs) {
      const v = doc.toJS() as Record<string, any> | null;
      if (!v || !isFluxKustomization({ apiVersion: String(v.apiVersion ?? ''), kind: String(v.kind ?? '') })) continue;
      const deps = v.spec?.dependsOn;
      if (!Array.isArray(deps)) continue;
      deps.forEach((d: any, i: number) => {
        const ns = d?.namespace ?? v.metadata?.namespace ?? 'flux-system';
        const to = typeof d?.name === 'string' && ns === 'flux-system' ? names.get(d.name) : undefined;
        if (to) {
          doc.setIn(['spec', 'dependsOn', i, 'name'], to);
          changed = true;
        }
      });
    }
    if (changed) after.write(file, stringifyDocuments(docs));
  }
}

/** Why a cluster stays as it is (undefined: it is adopted). */
function unadoptable(
  tree: FileTree,
  cluster: FluxCluster,
  all: readonly FluxCluster[],
  holdsPinned: (dir: string) => boolean,
): string | undefined {
  const root = cluster.kustomizations[0];
  if (!root || root.path === undefined || root.path !== cluster.name || !tree.list(cluster.name).length)
    return `its bootstrap path ${JSON.stringify(root?.spec.path ?? null)} is not a directory of the repository (platter check says why): fix it and adopt again`;
  if (!cluster.syncFile.startsWith(`${cluster.name}/`))
    return `its sync file ${cluster.syncFile} is outside ${cluster.name}`;
  if (all.some((c) => c !== cluster && c.name.startsWith(`${cluster.name}/`)))
    return `it holds another cluster's directory`;
  if (holdsPinned(cluster.name)) return 'an ArtifactGenerator copies its files by path';
  return undefined;
}

/** The env name of a cluster directory: its last segment, or more of its path when that is taken. */
function envName(dir: string, taken: ReadonlySet<string>): string {
  const segments = dir.split('/').filter((s) => s !== 'clusters');
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'cluster';
  for (let n = 1; n <= segments.length; n++) {
    const name = clean(segments.slice(-n).join('-'));
    if (!taken.has(name)) return name;
  }
  let i = 2;
  while (taken.has(`${clean(segments.join('-'))}-${i}`)) i++;
  return `${clean(segments.join('-'))}-${i}`;
}

function serviceProblem(
  dir: string,
  envs: readonly { cluster: FluxCluster }[],
  services: ReadonlyMap<string, unknown>,
  holdsPinned: (dir: string) => boolean,
  moves: Moves,
): string | undefined {
  if (moves.map(dir) !== dir || envs.some((e) => dir.startsWith(`${e.cluster.name}/`)))
    return 'inside a cluster or profile directory';
  if (holdsPinned(dir)) return 'an ArtifactGenerator copies its files by path';
  if (services.has(basename(dir))) return `a service named ${basename(dir)} is already adopted from elsewhere`;
  if (!isValidName(basename(dir))) return `${basename(dir)} is not a valid service name`;
  return undefined;
}

/** The first released version of a service directory, or why it stays unmanaged. */
function componentVersionOf(tree: FileTree, dir: string, built: readonly BuiltObject[]): ComponentVersion | string {
  const releases = built.filter((o) => o.kind === 'HelmRelease' && o.apiVersion.startsWith('helm.toolkit.fluxcd.io/'));
  const addons = tree
    .dirs(dir)
    .filter((d) => d !== '_base' && readFirst(tree, `${dir}/${d}/kustomization.yaml`)?.kind === 'Component')
    .sort(byteOrder);
  if (releases.length === 0) {
    // Plain manifests (a monitoring agent): a runtime component of source `manifests`, its files as they are.
    if (!MANIFEST_COMPONENTS) return 'plain manifests (no HelmRelease): kept as unmanaged resources';
    const namespaces = built.map((o) => o.namespace).filter((n): n is string => !!n);
    const files = Object.fromEntries(
      tree
        .list(dir)
        .filter((f) => f.startsWith(`${dir}/_base/`) || addons.some((a) => f.startsWith(`${dir}/${a}/`)))
        .map((f) => [f.slice(dir.length + 1), tree.read(f) ?? '']),
    );
    return {
      source: 'manifests',
      service: basename(dir),
      version: FIRST_VERSION,
      description: `adopted from ${dir}`,
      // The namespace most of its objects are in (what the build applies, after substitution).
      namespace: mostCommon(namespaces) ?? 'default',
      files,
      dependsOn: [],
      addons: addons.map((name) => ({ name, conflictsWith: [], patchTargets: [] })),
      requires: { config: [], secrets: [] },
      lifecycle: { status: 'stable' },
    };
  }
  if (releases.length > 1) return `${releases.length} HelmReleases in one _base: kept as unmanaged resources`;
  const release = releases[0]!;
  const chart = release.value.spec?.chart?.spec ?? {};
  const sourceRef = chart.sourceRef ?? {};
  const source = built.find(
    (o) =>
      o.kind === sourceRef.kind &&
      o.name === sourceRef.name &&
      (o.namespace ?? '') === String(sourceRef.namespace ?? release.namespace ?? ''),
  );
  const url = source?.value.spec?.url;
  if (typeof chart.chart !== 'string' || typeof url !== 'string')
    return `HelmRelease ${release.name} names no chart of a HelmRepository in its _base: kept as unmanaged resources`;
  const chartVersion = typeof chart.version === 'string' ? chart.version : '*';
  return {
    service: basename(dir),
    version: SEMVER.test(chartVersion) ? chartVersion : FIRST_VERSION,
    description: `adopted from ${dir}`,
    namespace: String(release.value.spec?.targetNamespace ?? release.namespace ?? 'default'),
    chart: { repository: url, name: chart.chart, version: chartVersion },
    dependsOn: [],
    addons: addons.map((name) => ({ name, conflictsWith: [], patchTargets: [] })),
    requires: { config: [], secrets: [] },
    lifecycle: { status: 'stable' },
  };
}

function writeComponentFile(after: MemoryFileTree, v: ComponentVersion): void {
  const path = layout.componentFile(v.service, v.version);
  const metadata = JSON.parse(JSON.stringify(componentMetadata(v))) as Record<string, any>;
  after.write(path, toYaml(metadata));
  const digest = digestOfTree(after, v.service, v.version);
  after.write(path, toYaml({ ...metadata, spec: { ...metadata.spec, lifecycle: { status: 'stable' }, digest } }));
}

/** Plaintext Secrets the clusters apply: one per file under a cluster moves to the env's secrets/. */
function plaintextSecrets(
  tree: FileTree,
  envs: readonly { name: string; cluster: FluxCluster }[],
  options: AdoptOptions,
  moves: Moves,
): PendingSecret[] {
  const found = new Map<string, { secret: BuiltObject; envs: Set<string> }>();
  for (const env of envs) {
    for (const k of env.cluster.kustomizations) {
      for (const o of k.built ?? []) {
        if (o.kind !== 'Secret' || o.apiVersion !== 'v1') continue;
        // Plaintext as committed: the built object is substituted (`${user}` is not a committed value).
        const raw = rawSecret(tree, o);
        if (!raw || !isPlaintext(raw)) continue;
        const hit = found.get(o.file) ?? { secret: { ...o, value: raw }, envs: new Set<string>() };
        hit.envs.add(env.name);
        found.set(o.file, hit);
      }
    }
  }
  const out: PendingSecret[] = [];
  for (const [file, { secret, envs: users }] of [...found].sort(([a], [b]) => byteOrder(a, b))) {
    const recipients = [...new Set([...users].flatMap((e) => options.ageRecipients?.[e] ?? []))];
    const missing = [...users].filter((e) => !(options.ageRecipients?.[e] ?? []).length);
    if (missing.length) {
      throw new PlatterError(
        'MissingRecipients',
        `${file} holds Secret ${secret.name} in plaintext and adopt never leaves it so: give the age recipients of ${missing.map((e) => `env ${e}`).join(', ')} with ${missing.map((e) => `--age-recipient ${e}=age1…`).join(' ')}`,
        file,
      );
    }
    const single = parseYamlValues(tree.read(file) ?? '').length === 1;
    const env = envs.find((e) => file.startsWith(`${e.cluster.name}/`));
    const values = secret.value;
    const base = {
      from: file,
      recipients,
      name: secret.name,
      namespace: secret.namespace ?? 'default',
      ...(typeof values.type === 'string' ? { type: values.type } : {}),
      ...(values.metadata?.labels ? { labels: values.metadata.labels } : {}),
      ...(values.data ? { data: values.data } : {}),
      ...(values.stringData ? { stringData: values.stringData } : {}),
    };
    if (!single) {
      throw new PlatterError(
        'PlaintextSecret',
        `${file} holds Secret ${secret.name} in plaintext next to other objects: move it into a file of its own and adopt again`,
        file,
      );
    }
    // Under a cluster: Platter's place, envs/<env>/secrets/ (applied by the env's kustomization, which decrypts).
    const path =
      env && users.size === 1
        ? layout.secretFile(env.name, secret.name)
        : `${moves.map(file).replace(/\.ya?ml$/, '')}${'.yaml.encrypted'}`;
    out.push({ ...base, path });
  }
  return out;
}

/** The Secret as its file holds it (the one of that name, or the file's only Secret). */
function rawSecret(tree: FileTree, o: BuiltObject): Record<string, any> | undefined {
  let docs: unknown[];
  try {
    docs = parseYamlValues(tree.read(o.file) ?? '');
  } catch {
    return undefined;
  }
  const secrets = docs.filter((d): d is Record<string, any> => (d as Record<string, any>)?.kind === 'Secret');
  return secrets.find((d) => d.metadata?.name === o.name) ?? (secrets.length === 1 ? secrets[0] : undefined);
}

const isPlaintext = (o: Record<string, any>): boolean =>
  o.sops === undefined &&
  [...Object.values(o.data ?? {}), ...Object.values(o.stringData ?? {})].some(
    (v) => typeof v === 'string' && v !== '' && !/^\$\{[^}]*\}$/.test(v.trim()),
  );

export const secretObject = (s: PendingSecret): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: s.name, namespace: s.namespace, ...(s.labels ? { labels: s.labels } : {}) },
  ...(s.type ? { type: s.type } : {}),
  ...(s.data ? { data: s.data } : {}),
  ...(s.stringData ? { stringData: s.stringData } : {}),
});

/** The env's kustomization (written, or the cluster's own with Platter's entries added) and env-config. */
function addEnvironment(
  tree: FileTree,
  after: MemoryFileTree,
  env: { name: string; cluster: FluxCluster; stage: string },
  secrets: readonly PendingSecret[],
  removed: ReadonlySet<string>,
  /** The env's age recipients (`--age-recipient`), as platter.yaml gets them. */
  recipients: readonly string[],
): void {
  const dir = layout.envDir(env.name);
  const own = secrets
    .filter((s) => s.path.startsWith(`${layout.secretsDir(env.name)}/`))
    .map((s) => relativePath(dir, s.path));
  const platterResources = ['env-config.yaml', ...own];
  const stage = relativePath(dir, layout.stageDir(env.stage));
  const existing = KUSTOMIZATION_FILE_NAMES.map((n) => `${dir}/${n}`).find((p) => after.read(p) !== undefined);
  if (existing) {
    const docs = parseDocuments(after.read(existing)!);
    const doc = docs[0]!;
    const resources = strings(doc.toJS()?.resources);
    const components = strings(doc.toJS()?.components);
    doc.set('resources', [...resources, ...platterResources.filter((r) => !resources.includes(r))]);
    if (!components.includes(stage)) doc.set('components', [...components, stage]);
    after.write(existing, stringifyDocuments(docs));
  } else {
    // Flux generated this directory's kustomization: list what it listed (fluxGenerator's rule), then Platter's.
    const generated = generatedResources(tree, env.cluster.name).filter(
      (r) => !removed.has(`${env.cluster.name}/${r}`),
    );
    after.write(
      layout.envKustomization(env.name),
      toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [...generated, ...platterResources],
        components: [stage],
      }),
    );
  }
  after.write(
    layout.envConfig(env.name),
    toYaml({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'env-config', namespace: 'flux-system' },
      data: { env: env.name, cluster_name: env.name },
    }),
  );
  // Encrypted Secrets need the root Kustomization to decrypt: Platter's patch on flux-system (plumbing),
  // where render writes it (envDecrypts: the env has secrets or recipients), so validate finds it Platter's.
  const fluxKustomization = KUSTOMIZATION_FILE_NAMES.map((n) => `${dir}/flux-system/${n}`).find(
    (p) => after.read(p) !== undefined,
  );
  if (fluxKustomization && envDecrypts({ ageRecipients: recipients, secrets: own })) {
    const docs = parseDocuments(after.read(fluxKustomization)!);
    const patches = Array.isArray(docs[0]!.toJS()?.patches) ? docs[0]!.toJS().patches : [];
    if (!patches.some((p: any) => p?.patch === DECRYPTION_PATCH.patch)) {
      docs[0]!.set('patches', [...patches, { ...DECRYPTION_PATCH, target: { ...DECRYPTION_PATCH.target } }]);
      after.write(fluxKustomization, stringifyDocuments(docs));
    }
  }
}

/** The resources of Flux's generated kustomization of a directory (YAML files; sub-directories with a kustomization, not descended). */
function generatedResources(tree: FileTree, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = rel ? `${dir}/${rel}` : dir;
    const entries = [
      ...tree.dirs(abs).map((d) => ({ name: d, dir: true })),
      ...tree
        .list(abs)
        .filter((p) => p.slice(abs.length + 1).indexOf('/') < 0)
        .map((p) => ({ name: basename(p), dir: false })),
    ].sort((a, b) => byteOrder(a.name, b.name));
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.dir) {
        if (KUSTOMIZATION_FILE_NAMES.some((n) => tree.read(`${dir}/${path}/${n}`) !== undefined)) out.push(path);
        else walk(path);
      } else if (/\.ya?ml$/.test(e.name)) out.push(path);
    }
  };
  walk('');
  return out;
}

function fleetOf(
  envs: readonly { name: string; cluster: FluxCluster; stage: string }[],
  stages: ReadonlyMap<string, string | undefined>,
  services: ReadonlyMap<string, { version: ComponentVersion }>,
  tree: FileTree,
  before: FluxCheckReport,
  options: AdoptOptions,
): Fleet {
  const root = before.clusters.flatMap((c) => c.kustomizations[0]?.built ?? []).find((o) => o.kind === 'GitRepository');
  const codeowners = tree.read(layout.codeowners);
  const everyone = codeowners
    ?.split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find(([pattern]) => pattern === '*' || pattern === '/*' || pattern === '**')
    ?.slice(1);
  return {
    settings: {
      name: options.name ?? 'fleet',
      platformTeam: options.platformTeam ?? DEFAULT_PLATFORM_TEAM,
      platformCodeowners: everyone ?? [],
      // Lockdown changes the controllers' arguments, which would change what Flux applies: off, say so in the report.
      lockdown: false,
      repository: {
        url: String(root?.value.spec?.url ?? 'https://example.invalid/fleet.git'),
        branch: String(root?.value.spec?.ref?.branch ?? 'main'),
      },
      tenantConfigKeys: ['env', 'stage'],
    },
    stages: [...stages.keys()].sort(byteOrder).map((name) => ({
      name,
      allowPrerelease: false,
      config: {},
      components: [],
    })),
    environments: envs.map((e) => ({
      name: e.name,
      stage: e.stage,
      ageRecipients: [...(options.ageRecipients?.[e.name] ?? [])],
      config: { cluster_name: e.name },
      secrets: [],
      addonOverrides: [],
    })),
    services: [...services.values()].map(({ version }) => ({ name: version.service, versions: [version] })),
    tenants: [],
    apps: [],
  };
}

/** Platter's .sops.yaml, with the rules of an existing one kept after its own (sops takes the first match). */
function sopsConfig(fleet: Fleet, existing: string | undefined): string {
  const generated = renderSopsConfig(fleet);
  if (existing === undefined) return generated;
  const old = (parseYamlValues(existing)[0] as Record<string, any> | undefined)?.creation_rules;
  if (!Array.isArray(old) || !old.length) return generated;
  const mine = (parseYamlValues(generated)[0] as Record<string, any> | undefined)?.creation_rules ?? [];
  const header = generated
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .join('\n');
  return `${header}\n${toYaml({ creation_rules: [...mine, ...old] })}`;
}

/** Directory and file moves, longest prefix first. */
class Moves {
  private readonly dirs: { from: string; to: string }[] = [];

  dir(from: string, to: string): void {
    this.dirs.push({ from, to });
    this.dirs.sort((a, b) => b.from.length - a.from.length);
  }

  map(path: string): string {
    for (const d of this.dirs) {
      if (path === d.from) return d.to;
      if (path.startsWith(`${d.from}/`)) return `${d.to}${path.slice(d.from.length)}`;
    }
    return path;
  }

  list(): { from: string; to: string }[] {
    return [...this.dirs].sort((a, b) => byteOrder(a.from, b.from));
  }
}

/**
 * Re-includes in the root .sourceignore each top-level directory that now holds a file the GitRepository
 * artifact would leave out while it held the file at its old place (or a file adopt adds), and each
 * directory Platter writes to later: `!/envs/` after flux2-kustomize-helm-example's `/*`. A file it left out before stays left out wherever rules name it by
 * more than its top directory; what would be applied anew is the proof's refusal.
 */
function reincludeMoved(tree: FileTree, after: MemoryFileTree, files: readonly string[], moves: Moves): void {
  const root = after.read(SOURCE_IGNORE_FILE);
  const [was, now] = [sourceIgnore(tree), sourceIgnore(after)];
  if (root === undefined || !was || !now) return;
  const tops = new Set<string>();
  const top = (p: string) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : undefined);
  const targets = new Set<string>();
  for (const f of files) {
    const to = moves.map(f);
    targets.add(to);
    if (to !== f && !was(f) && now(to) && top(to)) tops.add(top(to)!);
  }
  for (const p of after.list('')) {
    if (targets.has(p) || tree.read(p) !== undefined || p.split('/').some((s) => s.startsWith('.'))) continue;
    if (now(p) && top(p)) tops.add(top(p)!);
  }
  // The directories later requests write to (a runtime service, a tenant, a cloud class) must be there too.
  for (const dir of [...PLATTER_DIRS, cloudLayout.dir, 'unmanaged'])
    if (now(`${dir}/${layout.settings}`)) tops.add(dir);
  if (!tops.size) return;
  const lines = [...tops].sort(byteOrder).map((t) => `!/${t}/`);
  after.write(
    SOURCE_IGNORE_FILE,
    `${root.replace(/\n*$/, '\n')}\n# platter adopt: Platter's directories, in the artifact like the ones their files came from\n${lines.join('\n')}\n`,
  );
}

/** Every `from` and `exclude` pattern of the ArtifactGenerators in the repository's YAML files. */
function artifactCopyPatterns(tree: FileTree, files: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!/\.ya?ml$/.test(f)) continue;
    const text = tree.read(f) ?? '';
    if (!text.includes('ArtifactGenerator')) continue;
    let values: unknown[];
    try {
      values = parseYamlValues(text);
    } catch {
      continue; // check reported it
    }
    for (const v of values as Record<string, any>[]) {
      if (!v || !isArtifactGenerator(v)) continue;
      for (const a of Array.isArray(v.spec?.artifacts) ? v.spec.artifacts : [])
        for (const c of Array.isArray(a?.copy) ? a.copy : []) {
          if (typeof c?.from === 'string') out.push(c.from);
          for (const e of Array.isArray(c?.exclude) ? c.exclude : []) if (typeof e === 'string') out.push(e);
        }
    }
  }
  return out;
}

/**
 * Whether the copy rules that read `top` can follow it to unmanaged/<top>: each pattern that
 * matches a file under it is anchored inside it (`@repo/apps/base/**`, not `@repo/**` or
 * `@repo/*\/base/**`, which would then copy other paths), and nothing under that anchor was
 * moved elsewhere already. Then every artifact keeps its files and their artifact paths.
 */
function copiesCanFollow(top: string, files: readonly string[], patterns: readonly string[], moves: Moves): boolean {
  const under = (f: string, dir: string) => dir === '' || f === dir || f.startsWith(`${dir}/`);
  for (const pattern of patterns) {
    const { prefix } = copyPattern(pattern);
    if (under(prefix, top) && prefix !== '') {
      if (files.some((f) => under(f, prefix) && moves.map(f) !== f)) return false;
      continue;
    }
    const re = globToRegExp(pattern.replace(/^@[^/]*\/?/, ''));
    if (files.some((f) => under(f, top) && (re.test(f) || under(f, prefix)))) return false;
  }
  return true;
}

/** Keys of a kustomization whose entries are paths relative to it. */
const PATH_LISTS = ['resources', 'components', 'bases', 'crds', 'patchesStrategicMerge'] as const;
const PATH_OBJECT_LISTS = ['patches', 'patchesJson6902', 'replacements'] as const;
const GENERATORS = ['configMapGenerator', 'secretGenerator'] as const;

/**
 * A file's text at its new place: a kustomization's local references and a Flux
 * Kustomization's spec.path (and its components, relative to it) follow the moves.
 * Unchanged files keep their bytes.
 */
function rewrite(from: string, to: string, text: string, moves: Moves, removed: ReadonlySet<string>): string {
  const isKustomization = (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basename(from));
  if (!isKustomization && !/\.ya?ml$/.test(from)) return text;
  if (!isKustomization && !text.includes('kustomize.toolkit.fluxcd.io') && !text.includes('ArtifactGenerator'))
    return text;
  let docs;
  try {
    docs = parseDocuments(text);
  } catch {
    return text; // check reported it; the proof decides
  }
  const [oldDir, newDir] = [dirname(from), dirname(to)];
  const relocate = (entry: string, base = oldDir, target = newDir): string | undefined => {
    if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/')) return entry;
    const [key, path] = entry.includes('=')
      ? [entry.slice(0, entry.indexOf('=') + 1), entry.slice(entry.indexOf('=') + 1)]
      : ['', entry];
    const abs = resolveRelative(base, path);
    if (abs === undefined) return entry;
    if (removed.has(abs)) return undefined;
    const moved = moves.map(abs);
    const rel = relativePath(target, moved);
    return resolveRelative(target, path) === moved ? entry : `${key}${rel}`;
  };
  let changed = false;
  for (const doc of docs) {
    const value = doc.toJS() as Record<string, any> | null;
    if (!value || typeof value !== 'object') continue;
    if (isKustomization) {
      for (const key of PATH_LISTS) {
        if (!Array.isArray(value[key])) continue;
        const next = value[key]
          .map((e: unknown) => (typeof e === 'string' ? relocate(e) : e))
          .filter((e: unknown) => e !== undefined);
        if (JSON.stringify(next) !== JSON.stringify(value[key])) {
          doc.set(key, next);
          changed = true;
        }
      }
      for (const key of PATH_OBJECT_LISTS) {
        if (!Array.isArray(value[key])) continue;
        value[key].forEach((item: any, i: number) => {
          if (typeof item?.path !== 'string') return;
          const next = relocate(item.path);
          if (next !== undefined && next !== item.path) {
            doc.setIn([key, i, 'path'], next);
            changed = true;
          }
        });
      }
      for (const key of GENERATORS) {
        if (!Array.isArray(value[key])) continue;
        value[key].forEach((gen: any, i: number) => {
          for (const field of ['files', 'envs']) {
            if (!Array.isArray(gen?.[field])) continue;
            const next = gen[field].map((e: unknown) => (typeof e === 'string' ? (relocate(e) ?? e) : e));
            if (JSON.stringify(next) !== JSON.stringify(gen[field])) {
              doc.setIn([key, i, field], next);
              changed = true;
            }
          }
          if (typeof gen?.env === 'string') {
            const next = relocate(gen.env) ?? gen.env;
            if (next !== gen.env) {
              doc.setIn([key, i, 'env'], next);
              changed = true;
            }
          }
        });
      }
    } else if (isArtifactGenerator(value)) {
      // Copy rules follow the directories they copy from (step 4 moved them only when they can).
      (Array.isArray(value.spec?.artifacts) ? value.spec.artifacts : []).forEach((a: any, i: number) =>
        (Array.isArray(a?.copy) ? a.copy : []).forEach((c: any, j: number) => {
          if (typeof c?.from === 'string') {
            const next = movedCopyPattern(c.from, (p) => moves.map(p));
            if (next !== c.from) {
              doc.setIn(['spec', 'artifacts', i, 'copy', j, 'from'], next);
              changed = true;
            }
          }
          (Array.isArray(c?.exclude) ? c.exclude : []).forEach((e: unknown, k: number) => {
            if (typeof e !== 'string') return;
            const next = movedCopyPattern(e, (p) => moves.map(p));
            if (next !== e) {
              doc.setIn(['spec', 'artifacts', i, 'copy', j, 'exclude', k], next);
              changed = true;
            }
          });
        }),
      );
    } else if (isFluxKustomization({ apiVersion: String(value.apiVersion ?? ''), kind: String(value.kind ?? '') })) {
      const path = value.spec?.path;
      if (typeof path !== 'string' || value.spec?.sourceRef?.kind !== 'GitRepository') continue;
      const abs = resolveRelative('', path);
      if (abs === undefined || moves.map(abs) === abs) continue;
      const moved = moves.map(abs);
      doc.setIn(['spec', 'path'], `./${moved}`);
      changed = true;
      if (Array.isArray(value.spec.components)) {
        const next = value.spec.components.map((c: unknown) =>
          typeof c === 'string' ? (relocate(c, abs, moved) ?? c) : c,
        );
        doc.setIn(['spec', 'components'], next);
      }
    }
  }
  return changed ? stringifyDocuments(docs) : text;
}

function changesBetween(before: FileTree, after: MemoryFileTree, skip: ReadonlySet<string>): FileChange[] {
  const out: FileChange[] = [];
  const paths = new Set([...before.list(''), ...after.list('')]);
  for (const path of [...paths].sort(byteOrder)) {
    if (skip.has(path)) continue;
    const [a, b] = [before.read(path), after.read(path)];
    if (a === b) continue;
    if (b === undefined) out.push({ path, op: 'delete', before: a! });
    else if (a === undefined) out.push({ path, op: 'add', after: b });
    else out.push({ path, op: 'modify', before: a, after: b });
  }
  return out;
}

function readFirst(tree: FileTree, path: string): Record<string, any> | undefined {
  const text = tree.read(path);
  if (text === undefined) return undefined;
  try {
    return parseYamlValues(text)[0] as Record<string, any> | undefined;
  } catch {
    return undefined;
  }
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || byteOrder(a, b))[0]?.[0];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

const emptyReport = (): AdoptionReport => ({
  environments: [],
  stages: [],
  services: [],
  moved: [],
  notAdopted: [],
  unmanaged: [],
  unmappedServices: [],
  secrets: [],
  bound: [],
  notBound: [],
  plaintextLeft: [],
  apps: [],
  tenants: [],
  unmappedApps: [],
  proof: [],
});
