import { layout } from '@platter/model';
import { CLUSTER_SCOPED, objectId, type BuiltObject, type KustomizeWalker } from '../parse/kustomizeWalk';
import { isEncryptedValue } from '../parse/sops';
import { applyFluxPatches } from './fluxPatches';
import { WALKER_ORIGINS } from './fluxWalker';
import { applyImages, imagesOf, WALKER_SOURCES } from './images';
import { substituteValue, variablesUsed } from './substitute';
import type { BuildUnit, RenderedEnvironment, RenderedObject, SecretSubstitution } from './types';

/**
 * Builds what Flux would apply in one env, statically, on the walker's tree (no
 * kubectl): the env directory as `flux bootstrap --path=envs/<env>` builds it (the
 * `flux-system/flux-system` Kustomization), then every Flux Kustomization found in
 * what is applied, the way kustomize-controller builds it: `spec.path` with
 * `spec.components` appended, `spec.patches`, `spec.targetNamespace`, then postBuild
 * substitution from `substitute` and the `substituteFrom` ConfigMaps and Secrets of
 * its namespace in this env (later entries win, inline `substitute` wins).
 *
 * Secret values never leave: a Secret's data values become `(encrypted <tag>)` (the
 * SOPS tag, which changes when the value is re-encrypted) or `(hidden)`, its `sops`
 * metadata is dropped (kustomize-controller decrypts it), and a variable read from a
 * Secret substitutes as `(secret <name>.<key>)`.
 *
 * Shared parts are built once per walker: the walker caches kustomize builds, and
 * the result of a Flux Kustomization's path, components and patches is kept per
 * walker, substituted once per distinct set of the variable values it uses.
 * Not modelled (as in the walker): remote sources, namePrefix/nameSuffix, images on
 * the Flux Kustomization, what a HelmRelease's chart renders (the HelmRelease itself is
 * the object Flux applies).
 */
export function buildEnvironment(walker: KustomizeWalker, env: string): RenderedEnvironment {
  const units: BuildUnit[] = [];
  const substitutions: SecretSubstitution[] = [];
  const queue: { value: Record<string, any>; namespace?: string; name: string; file: string }[] = [];
  const root = walker.build(layout.envDir(env)).objects;
  units.push(unit(BOOTSTRAP, layout.envKustomization(env), true, undefined, () => root));
  for (const o of root) if (isFluxKustomization(o)) queue.push(o);
  // Where substituteFrom finds its ConfigMaps and Secrets: the env root's objects, or a unit that
  // applies one (made only when asked, so a unit nobody reads from stays unmade).
  const providers = new Map<string, BuildUnit>();
  const provide = (u: BuildUnit, keys: readonly string[]) => {
    for (const key of keys) if (!providers.has(key)) providers.set(key, u);
  };
  provide(units[0]!, sourceKeys(root));
  // Each providing unit's objects by key, made once per unit: an env with hundreds of Flux Kustomizations
  // reading the same ConfigMap looked it up by a scan of the unit's objects each time.
  const byKey = new Map<BuildUnit, Map<string, RenderedObject>>();
  const lookup = (key: string) => {
    const u = providers.get(key);
    if (!u) return undefined;
    let index = byKey.get(u);
    if (!index) {
      index = new Map();
      for (const o of u.objects()) if (!index.has(o.key)) index.set(o.key, o.object);
      byKey.set(u, index);
    }
    return index.get(key);
  };

  const done = new Set<string>([BOOTSTRAP]);
  for (let i = 0; i < queue.length; i++) {
    const next = queue[i]!;
    const ksNs = next.namespace ?? 'flux-system';
    const ksId = `${ksNs}/${next.name}`;
    if (done.has(ksId)) continue;
    done.add(ksId);
    const spec = (next.value.spec ?? {}) as Record<string, any>;
    const path = typeof spec.path === 'string' ? spec.path.replace(/^\.\//, '').replace(/\/$/, '') : '';
    if (!path || path === '.') continue;
    const components = (Array.isArray(spec.components) ? spec.components : []).filter(
      (c: unknown): c is string => typeof c === 'string',
    );
    const prepared = prepare(
      walker,
      path,
      components,
      spec.patches,
      typeof spec.targetNamespace === 'string' ? spec.targetNamespace : undefined,
    );
    let vars: Map<string, string> | undefined;
    const postBuild =
      spec.postBuild && typeof spec.postBuild === 'object' ? (spec.postBuild as Record<string, any>) : undefined;
    if (postBuild) {
      vars = new Map<string, string>();
      for (const ref of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
        if (ref?.kind === 'Secret') {
          substitutions.push({
            kustomization: ksId,
            file: next.file,
            secret: { namespace: ksNs, name: String(ref?.name) },
            used: [...prepared.used].sort(),
          });
        }
        if (prepared.used.size === 0) continue;
        const source = lookup(`${ref?.kind}/${ksNs}/${ref?.name}`);
        for (const section of ['data', 'stringData']) {
          for (const [key, v] of Object.entries(((source?.value as any)?.[section] ?? {}) as Record<string, unknown>)) {
            vars.set(key, ref.kind === 'Secret' ? `(secret ${ref.name}.${key})` : String(v));
          }
        }
      }
      for (const [key, v] of Object.entries((postBuild.substitute ?? {}) as Record<string, unknown>))
        vars.set(key, String(v));
    }
    const varsKey = vars ? varsKeyOf(prepared, vars) : '';
    const prune = spec.prune === true;
    const u = unit(ksId, next.file, prune, `${prune}\0${prepared.fingerprint}\0${varsKey}`, () =>
      vars ? substituted(prepared, vars, varsKey) : prepared.objects,
    );
    units.push(u);
    provide(u, prepared.sources);
    // Flux Kustomizations this one applies are built too (substituted: their spec may use variables).
    for (const o of prepared.kustomizations)
      queue.push(vars && prepared.used.size ? { ...o, value: substituteValue(o.value, vars) } : o);
  }

  let objects: Map<string, RenderedObject> | undefined;
  return {
    env,
    units,
    substitutions,
    get objects() {
      if (!objects) {
        objects = new Map();
        for (const u of units)
          for (const o of u.objects()) if (!objects.has(o.object.id)) objects.set(o.object.id, o.object);
      }
      return objects;
    },
  };
}

/**
 * The objects one Flux Kustomization applies (or the env root), made when first
 * asked: the diff compares two envs unit by unit and skips units with equal
 * signatures without making their objects.
 */
function unit(
  appliedBy: string,
  file: string,
  prune: boolean,
  signature: string | undefined,
  build: () => readonly BuiltObject[],
): BuildUnit {
  let made: { key: string; object: RenderedObject }[] | undefined;
  return {
    appliedBy,
    file,
    ...(signature !== undefined ? { signature } : {}),
    objects: () =>
      (made ??= build().map((o) => ({
        key: `${o.kind}/${o.namespace ?? ''}/${o.name}`,
        object: rendered(o, appliedBy, prune),
      }))),
  };
}

function rendered(o: BuiltObject, appliedBy: string, prune: boolean): RenderedObject {
  const value = o.kind === 'Secret' ? maskSecret(o.value) : o.value;
  return {
    id: objectId(o),
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
    name: o.name,
    file: o.file,
    appliedBy,
    prune: prune && (value.metadata as any)?.annotations?.[PRUNE_ANNOTATION] !== 'disabled',
    value,
  };
}

const BOOTSTRAP = 'flux-system/flux-system';
const PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';
const SUBSTITUTE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/substitute';

const isFluxKustomization = (o: { kind: string; apiVersion: string }) =>
  o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/');

/** A Flux Kustomization's build before substitution, and the variables it uses. */
interface Prepared {
  readonly objects: readonly BuiltObject[];
  readonly used: ReadonlySet<string>;
  /** The build's content (JSON of its objects and files), computed once per build. */
  readonly fingerprint: string;
  /** `kind/namespace/name` of its ConfigMaps and Secrets (what substituteFrom may read). */
  readonly sources: readonly string[];
  /** Its Flux Kustomizations. */
  readonly kustomizations: readonly BuiltObject[];
  /** Substituted builds by the values of the variables used. */
  readonly substituted: Map<string, readonly BuiltObject[]>;
  /** The walk it was prepared from (the same object when a derived walker took the walk over). */
  readonly built: readonly BuiltObject[];
}

const PREPARED = new WeakMap<KustomizeWalker, Map<string, Prepared>>();

function prepare(
  walker: KustomizeWalker,
  path: string,
  components: readonly string[],
  patches: unknown,
  targetNamespace: string | undefined,
): Prepared {
  let cache = PREPARED.get(walker);
  if (!cache) PREPARED.set(walker, (cache = new Map()));
  const key = `${path}\0${components.join('\0')}\0${patches === undefined ? '' : JSON.stringify(patches)}\0${targetNamespace ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // The build root's `images:` (an image app's version pin), which the walker does not apply.
  const source = WALKER_SOURCES.get(walker);
  const images = source ? imagesOf(source.tree, source.cache, path) : [];
  const built = walker.build(path, components).objects;
  // The same walk taken over from the walker of the tree before (deriveFluxWalker): the same build root, so the
  // same images too; its preparation is taken over with it.
  const origin = WALKER_ORIGINS.get(walker);
  const before = origin ? PREPARED.get(origin)?.get(key) : undefined;
  if (before && before.built === built) {
    cache.set(key, before);
    return before;
  }
  let objects: BuiltObject[] = applyFluxPatches(
    images.length ? built.map((o) => ({ ...o, value: applyImages(o.value, images) })) : built,
    patches,
  );
  if (targetNamespace) {
    objects = objects.map((o) =>
      CLUSTER_SCOPED.has(o.kind)
        ? o
        : {
            ...o,
            namespace: targetNamespace,
            value: { ...o.value, metadata: { ...(o.value.metadata ?? {}), namespace: targetNamespace } },
          },
    );
  }
  const used = new Set<string>();
  for (const o of objects)
    if ((o.value.metadata as any)?.annotations?.[SUBSTITUTE_ANNOTATION] !== 'disabled') variablesUsed(o.value, used);
  const fingerprint = JSON.stringify(objects.map((o) => [o.file, o.value]));
  const prepared: Prepared = {
    objects,
    used,
    fingerprint,
    sources: sourceKeys(objects),
    kustomizations: objects.filter(isFluxKustomization),
    substituted: new Map(),
    built,
  };
  cache.set(key, prepared);
  return prepared;
}

const sourceKeys = (objects: readonly BuiltObject[]): string[] =>
  objects
    .filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret')
    .map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`);

const varsKeyOf = (prepared: Prepared, vars: ReadonlyMap<string, string>): string =>
  prepared.used.size === 0 ? '' : JSON.stringify([...prepared.used].map((n) => vars.get(n) ?? null));

function substituted(prepared: Prepared, vars: ReadonlyMap<string, string>, key: string): readonly BuiltObject[] {
  if (prepared.used.size === 0) return prepared.objects;
  let out = prepared.substituted.get(key);
  if (!out) {
    out = prepared.objects.map((o) => {
      if ((o.value.metadata as any)?.annotations?.[SUBSTITUTE_ANNOTATION] === 'disabled') return o;
      const value = substituteValue(o.value, vars);
      return value === o.value ? o : { ...o, value };
    });
    prepared.substituted.set(key, out);
  }
  return out;
}

/** A Secret as the diff may show it: keys, never values (see buildEnvironment). */
export function maskSecret(value: Record<string, any>): Record<string, any> {
  const { sops: _sops, ...rest } = value;
  for (const section of ['data', 'stringData']) {
    const data = rest[section];
    if (!data || typeof data !== 'object') continue;
    rest[section] = Object.fromEntries(
      Object.entries(data as Record<string, unknown>).map(([k, v]) => [
        k,
        isEncryptedValue(v) ? `(encrypted ${/tag:([^,]{0,8})/.exec(String(v))?.[1] ?? ''})` : '(hidden)',
      ]),
    );
  }
  return rest;
}
