/**
 * The proof of `platter adopt` (DESIGN §6): for every cluster, the objects Flux
 * would apply before and after the migration, each built recursively the Flux way
 * by `checkFluxRepository` (the one Flux-way build), are the same. Allowed
 * differences are Flux plumbing only, and each is listed: a Flux Kustomization's
 * spec.path, spec.components and spec.decryption (where the files live and how
 * they are read), the repository paths an ArtifactGenerator copies from (what it
 * copies them to stays), the cluster's bootstrap path, and the two ConfigMaps Platter adds
 * (`env-config`, `stage-config` in flux-system). Everything else must be equal:
 * a HelmRelease's chart, version and values, every plain manifest, every other
 * field of a Flux Kustomization (postBuild, patches, dependsOn, targetNamespace),
 * and of each Secret its name, namespace, type and keys (values may be encrypted
 * after, so only the keys are comparable). Rejects AdoptionChangesObjects, naming
 * the object and the cluster. Pure.
 */
import { byteOrder, diagnostic, PlatterError, type Diagnostic, type FileTree } from '@platter/model';
import { checkFluxRepository, type FluxCheckReport } from '../check';
import { isArtifactGenerator } from '../check/artifacts';
import { isFluxKustomization } from '../check/fluxApis';
import type { BuiltObject } from '../parse/kustomizeWalk';
import { deepEqual } from '../yaml';

export interface ClusterProof {
  /** The cluster before (its bootstrap path) and after. */
  readonly cluster: string;
  readonly after: string;
  /** Objects Flux applies in the cluster (Flux Kustomizations included), the same before and after. */
  readonly objects: number;
  /** Flux plumbing that differs, one line each. */
  readonly plumbing: readonly string[];
  /**
   * What the objects being equal cannot show (RenamePrunes): a renamed Flux Kustomization
   * whose deletion garbage-collects what it applied. Each says the safe way through.
   */
  readonly dangers: readonly Diagnostic[];
}

/** ConfigMaps Platter adds to an env (flux-system): its facts, never read by the adopted objects. */
const PLATTER_CONFIG = new Set(['env-config', 'stage-config']);
/** Fields of a Flux Kustomization that say where its files are, not what it applies. */
const PLUMBING_FIELDS = ['path', 'components', 'decryption'] as const;

/**
 * Proves that `after` applies what `before` applies in every cluster; `clusterAfter`
 * maps a cluster's bootstrap path to its path after. Throws AdoptionChangesObjects on
 * the first cluster that differs (nothing is written by the caller then).
 */
export function proveAdoption(
  before: FluxCheckReport,
  after: FileTree,
  clusterAfter: (cluster: string) => string,
  /** Flux Kustomizations adopt renamed (`flux-system/ingress-nginx` -> `flux-system/runtime-ingress-nginx`). */
  renamed: ReadonlyMap<string, string> = new Map(),
): ClusterProof[] {
  const back = new Map([...renamed].map(([from, to]) => [to, from]));
  const afterReport = checkFluxRepository(after, { objects: true });
  const proofs: ClusterProof[] = [];
  for (const cluster of before.clusters) {
    const target = clusterAfter(cluster.name);
    const other = afterReport.clusters.find((c) => c.name === target);
    if (!other) {
      throw new PlatterError(
        'AdoptionChangesObjects',
        `cluster ${cluster.name}: after adoption no bootstrap root syncs ${target} (found: ${afterReport.clusters.map((c) => c.name).join(', ') || 'none'})`,
        cluster.syncFile,
      );
    }
    const was = collect(cluster.kustomizations.flatMap((k) => k.built ?? []));
    const now = collect(other.kustomizations.flatMap((k) => (k.built ?? []).map((o) => unrename(o, back))));
    const plumbing: string[] = [];
    const dangers: Diagnostic[] = [];
    if (cluster.name !== other.name) plumbing.push(`bootstrap path ${cluster.name} -> ${other.name}`);
    const where = (o: BuiltObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    const refuse = (o: BuiltObject, what: string): never => {
      throw new PlatterError(
        'AdoptionChangesObjects',
        `cluster ${cluster.name}: ${where(o)} ${what}; adopt refuses a migration that changes what Flux applies (nothing was written)`,
        o.file,
      );
    };
    for (const [id, o] of was) {
      const n = now.get(id);
      if (!n) refuse(o, 'would no longer be applied');
      else {
        plumbing.push(...compare(o, n!, refuse, renamed));
        const danger = renamePrunes(o, renamed);
        if (danger) dangers.push(danger);
      }
    }
    for (const [id, n] of now) {
      if (was.has(id)) continue;
      if (n.kind === 'ConfigMap' && n.namespace === 'flux-system' && PLATTER_CONFIG.has(n.name))
        plumbing.push(`added ${where(n)} (Platter's ${n.name === 'env-config' ? 'env' : 'stage'} facts)`);
      else refuse(n, 'would be applied, but is not applied today');
    }
    proofs.push({
      cluster: cluster.name,
      after: other.name,
      objects: was.size,
      plumbing: plumbing.sort(byteOrder),
      dangers: dangers.sort((a, b) => byteOrder(a.message, b.message)),
    });
  }
  return proofs;
}

/**
 * Whether deleting a Flux Kustomization garbage-collects what it applied: kustomize-controller's
 * finalizer deletes every object of its inventory that still carries its owner labels
 * (`kustomize.toolkit.fluxcd.io/name`, `/namespace`) unless it is suspended, and
 * `spec.deletionPolicy` says so: `Delete` or `WaitForTermination`, or `MirrorPrune` (the
 * default) with `spec.prune: true`. Objects annotated `kustomize.toolkit.fluxcd.io/prune:
 * disabled` are spared, one by one; that is not a Kustomization's setting, so not read here.
 */
export function collectsOnDeletion(spec: Record<string, unknown> | undefined): boolean {
  if (!spec || spec.suspend === true) return false;
  const policy = spec.deletionPolicy ?? 'MirrorPrune';
  return policy === 'MirrorPrune' ? spec.prune === true : policy === 'Delete' || policy === 'WaitForTermination';
}

/**
 * A renamed Flux Kustomization is a new object to Flux: the parent applies the new one
 * and prunes the old one, whose finalizer deletes the objects it applied that still
 * carry its owner labels, racing the new one's first apply (which relabels them). The
 * objects are the same before and after, so the proof cannot see the workloads being
 * deleted and re-created in between: RenamePrunes says it, with the safe order.
 */
function renamePrunes(before: BuiltObject, renamed: ReadonlyMap<string, string>): Diagnostic | undefined {
  if (!isFluxKustomization(before)) return undefined;
  const ref = `${before.namespace ?? 'default'}/${before.name}`;
  const to = renamed.get(ref);
  const spec = before.value.spec as Record<string, unknown> | undefined;
  if (to === undefined || !collectsOnDeletion(spec)) return undefined;
  const setting =
    spec?.deletionPolicy !== undefined ? `spec.deletionPolicy: ${String(spec.deletionPolicy)}` : 'spec.prune: true';
  return diagnostic(
    'RenamePrunes',
    `Kustomization ${ref} is renamed ${to} and has ${setting}: when Flux deletes ${ref}, its finalizer deletes the objects it applied that still carry its owner labels, possibly before ${to} applies them again (workloads deleted and re-created). ` +
      `Safe order: 1) in the repository as it is, set spec.deletionPolicy: Orphan on ${ref} (Flux 2.3 or later; before that, spec.prune: false), merge, and wait until Flux has applied it (flux get kustomizations -n ${before.namespace ?? 'default'} ${before.name}); ` +
      `2) run platter adopt again and merge it (${ref} is then deleted without collecting; ${to} takes its objects over); ` +
      `3) in a later change, remove that setting from ${to} so that it collects as ${ref} did.`,
    before.file,
  );
}

/** Objects by identity (group/kind, namespace, name); the first wins, as DuplicateResourceId is check's finding. */
function collect(objects: readonly BuiltObject[]): Map<string, BuiltObject> {
  const out = new Map<string, BuiltObject>();
  for (const o of objects) {
    const id = `${o.apiVersion}\0${o.kind}\0${o.namespace ?? ''}\0${o.name}`;
    if (!out.has(id)) out.set(id, o);
  }
  return out;
}

/** The plumbing differences of one object, or a refusal when anything else differs. */
function compare(
  before: BuiltObject,
  after: BuiltObject,
  refuse: (o: BuiltObject, what: string) => never,
  renamed: ReadonlyMap<string, string>,
): string[] {
  if (before.kind === 'Secret' && before.apiVersion === 'v1') {
    const facts = (o: BuiltObject) => ({
      labels: o.value.metadata?.labels ?? {},
      annotations: o.value.metadata?.annotations ?? {},
      type: o.value.type ?? 'Opaque',
      keys: [...Object.keys(o.value.data ?? {}), ...Object.keys(o.value.stringData ?? {})].sort(byteOrder),
    });
    const [a, b] = [facts(before), facts(after)];
    for (const field of ['keys', 'type', 'labels', 'annotations'] as const)
      if (!deepEqual(a[field], b[field]))
        refuse(before, `changes its ${field} (${JSON.stringify(a[field])} -> ${JSON.stringify(b[field])})`);
    return [];
  }
  if (isFluxKustomization(before)) {
    const spec = (o: BuiltObject) => ({ ...(o.value.spec ?? {}) }) as Record<string, unknown>;
    const [a, b] = [spec(before), spec(after)];
    const lines: string[] = [];
    const ref = `${before.namespace ?? 'default'}/${before.name}`;
    if (renamed.has(ref)) lines.push(`Kustomization ${ref}: renamed ${renamed.get(ref)}`);
    if (!deepEqual(a.dependsOn, b.dependsOn) && deepEqual(a.dependsOn, (after as Unrenamed).dependsOnBefore)) {
      lines.push(`Kustomization ${ref}: spec.dependsOn follows the renames`);
      b.dependsOn = a.dependsOn;
    }
    for (const field of PLUMBING_FIELDS) {
      if (deepEqual(a[field], b[field])) continue;
      lines.push(
        `Kustomization ${before.namespace ?? 'default'}/${before.name}: spec.${field} ${JSON.stringify(a[field] ?? null)} -> ${JSON.stringify(b[field] ?? null)}`,
      );
      delete a[field];
      delete b[field];
    }
    if (!deepEqual(a, b)) refuse(before, `changes (spec other than ${PLUMBING_FIELDS.join(', ')})`);
    if (!deepEqual(before.value.metadata ?? {}, (after as Unrenamed).metadataBefore ?? after.value.metadata ?? {}))
      refuse(before, 'changes its metadata');
    return lines;
  }
  if (isArtifactGenerator(before) && isArtifactGenerator(after.value)) {
    // Where it copies from is plumbing: the artifacts' files are the same (whatever is built
    // from them is compared as every other object); its artifacts, names and destinations are not.
    const lines: string[] = [];
    const ref = `${before.namespace ?? 'default'}/${before.name}`;
    const patterns = (o: BuiltObject) => {
      const value = structuredClone(o.value);
      const out: { artifact: string; field: string; value: unknown }[] = [];
      for (const a of Array.isArray(value.spec?.artifacts) ? value.spec.artifacts : [])
        for (const c of Array.isArray(a?.copy) ? a.copy : []) {
          for (const field of ['from', 'exclude']) {
            out.push({ artifact: String(a?.name), field, value: c?.[field] });
            if (c) delete c[field];
          }
        }
      return { value, out };
    };
    const [a, b] = [patterns(before), patterns(after)];
    if (!deepEqual(a.value, b.value) || a.out.length !== b.out.length)
      refuse(before, `changes (${firstDifference(a.value, b.value)})`);
    a.out.forEach((was, i) => {
      const now = b.out[i]!.value;
      if (!deepEqual(was.value, now))
        lines.push(
          `ArtifactGenerator ${ref}: artifact ${was.artifact} copies ${was.field} ${JSON.stringify(was.value ?? null)} -> ${JSON.stringify(now ?? null)}`,
        );
    });
    return lines;
  }
  if (!deepEqual(before.value, after.value)) refuse(before, `changes (${firstDifference(before.value, after.value)})`);
  return [];
}

/** A renamed Flux Kustomization seen under its old name, and dependsOn with the old names. */
type Unrenamed = BuiltObject & { readonly metadataBefore?: unknown; readonly dependsOnBefore?: unknown };

function unrename(o: BuiltObject, back: ReadonlyMap<string, string>): BuiltObject {
  if (!back.size || !isFluxKustomization(o)) return o;
  const ns = o.namespace ?? 'default';
  const old = back.get(`${ns}/${o.name}`);
  const deps = Array.isArray(o.value.spec?.dependsOn)
    ? (o.value.spec.dependsOn as Record<string, unknown>[])
    : undefined;
  const dependsOnBefore = deps?.map((d) => {
    const target = back.get(`${String(d.namespace ?? ns)}/${String(d.name)}`);
    return target ? { ...d, name: target.slice(target.indexOf('/') + 1) } : d;
  });
  const out: Unrenamed = {
    ...o,
    ...(old
      ? {
          name: old.slice(old.indexOf('/') + 1),
          metadataBefore: { ...o.value.metadata, name: old.slice(old.indexOf('/') + 1) },
        }
      : {}),
    ...(dependsOnBefore ? { dependsOnBefore } : {}),
  };
  return out;
}

/** The first path where two values differ, for the refusal's message. */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byteOrder);
    for (const k of keys) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!deepEqual(x, y)) return firstDifference(x, y, `${path}.${k}`);
    }
  }
  return `${path || '.'}: ${JSON.stringify(a) ?? 'absent'} -> ${JSON.stringify(b) ?? 'absent'}`;
}
