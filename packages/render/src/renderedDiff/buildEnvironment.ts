import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { layout } from '@platter/model';
import { changedRange, sameItems } from '../parse/changedRange';
import { CLUSTER_SCOPED, objectId, type BuiltObject, type KustomizeWalker } from '../parse/kustomizeWalk';
import { isEncryptedValue } from '../parse/sops';
import { applyFluxPatches } from './fluxPatches';
import { WALKER_ORIGINS } from './fluxWalker';
import { applyImages, imagesOf, WALKER_SOURCES } from './images';
import { substituteValue, variablesUsed, type VariableValues } from './substitute';
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
  const kept = KEPT.get(walker);
  if (!kept) {
    // The side after a change on a PlanBase: its build of the env before the change, when kept, is mostly this one.
    const origin = WALKER_ORIGINS.get(walker);
    const { units, substitutions } = unitsOf(walker, env, origin && KEPT.get(origin)?.get(env));
    return environmentOf(env, units, substitutions);
  }
  let made = kept.get(env);
  if (!made) kept.set(env, (made = unitsOf(walker, env)));
  // The kept units themselves: a unit keeps nothing a plan makes of it (its rendered objects stay the plan's).
  return environmentOf(env, made.units, made.substitutions);
}

/**
 * The walkers whose env builds are kept, by env: the flux walker of a PlanBase
 * (keepBuilds). Sound: a walker's tree never changes and walks are never
 * mutated, so an env's build on it is the same every time; what is kept is each
 * unit's parts (its Flux Kustomization, its prepared build, its variables), not
 * the objects a diff makes of them.
 */
const KEPT = new WeakMap<KustomizeWalker, Map<string, EnvUnits>>();

interface EnvUnits {
  readonly units: readonly Unit[];
  readonly substitutions: readonly SecretSubstitution[];
  /** The env root's objects (its build of `envs/<env>`). */
  readonly root: readonly BuiltObject[];
  /** The keys of the ConfigMaps and Secrets units (not the root) apply, which later units may substitute from. */
  readonly unitSources: ReadonlySet<string>;
}

/**
 * Keeps the env builds of `walker` (a commit's, built again by every plan on it):
 * a plan's rendered diff builds the env before its change from them.
 */
export function keepBuilds(walker: KustomizeWalker): void {
  if (!KEPT.has(walker)) KEPT.set(walker, new Map());
}

function environmentOf(
  env: string,
  units: readonly Unit[],
  substitutions: readonly SecretSubstitution[],
): RenderedEnvironment {
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
 * The units of one env, in the order Flux finds them, and the Secrets they
 * substitute from. `prior`: a kept build of the env on the walker this one was
 * derived from; a unit of the same Flux Kustomization, prepared build and
 * variable layers takes its substitution over (the same values: its key need
 * not be made again).
 */
function unitsOf(walker: KustomizeWalker, env: string, prior?: EnvUnits): EnvUnits {
  const units: Unit[] = [];
  const substitutions: SecretSubstitution[] = [];
  const queue: BuiltObject[] = [];
  const root = walker.build(layout.envDir(env)).objects;
  const facts = rootOf(root, prior?.root);
  const { kustomizations, sources } = facts;
  units.push(new Unit(BOOTSTRAP, layout.envKustomization(env), true, root, undefined, undefined, undefined, facts));
  // The substituteFrom keys that may name another object than they did for the prior unit: those a unit provides
  // (before or after the change) and the env root's that changed. A unit of the same Flux Kustomization object
  // and prepared build reading none of them has its prior's substitution (no variable layers made to compare).
  const unitSources = new Set<string>();
  // The prior's own set until a key is added (most roots a change rebuilds change no ConfigMap or Secret, and
  // the units that provide one provided it before).
  let unsettled: ReadonlySet<string> | undefined;
  let unsettledCopy: Set<string> | undefined;
  if (prior) {
    const changed = changedSources(prior.root, root);
    unsettled = changed.length ? (unsettledCopy = new Set([...prior.unitSources, ...changed])) : prior.unitSources;
  }
  queue.push(...kustomizations);
  // Where substituteFrom finds its ConfigMaps and Secrets: the env root's objects, or a unit that
  // applies one (its objects indexed only when asked, so a unit nobody reads from stays unmade).
  const providers = new Map<string, Unit>();
  const provide = (u: Unit, keys: readonly string[]) => {
    for (const key of keys) if (!providers.has(key)) providers.set(key, u);
  };
  provide(units[0]!, sources);

  // The env's hundreds of Flux Kustomizations substitute from the same few sources: one Variables per list of
  // layers (a trie by the layers' identity), each with its substitutions by the names a build uses.
  const varsOfEnv: VariablesTrie = new Map();
  const done = new Set<string>([BOOTSTRAP]);
  // The prior unit of a Flux Kustomization: at the same place while the two envs have the same units before it,
  // by its id after a unit the change added or removed (which moves every unit after it).
  let priorById: Map<string, Unit> | undefined;
  const priorUnit = (ksId: string): Unit | undefined => {
    if (!prior) return undefined;
    const atPlace = prior.units[units.length];
    if (atPlace?.appliedBy === ksId) return atPlace;
    priorById ??= new Map(prior.units.map((u) => [u.appliedBy, u]));
    return priorById.get(ksId);
  };
  for (let i = 0; i < queue.length; i++) {
    const next = queue[i]!;
    const ksNs = next.namespace ?? 'flux-system';
    const spec = specOf(next.value);
    const ksId = spec.idOf(ksNs, next.name);
    if (done.has(ksId)) continue;
    done.add(ksId);
    if (!spec.path || spec.path === '.') continue;
    const prepared = prepare(walker, spec);
    if (prepared.sources.length)
      for (const k of prepared.sources) {
        unitSources.add(k);
        if (unsettled && !unsettled.has(k)) (unsettled = unsettledCopy ??= new Set(unsettled)).add(k);
      }
    const taken =
      unsettled && settled(spec.sourceKeysOf(ksNs), unsettled) ? priorUnit(ksId)?.takenOver(next, prepared) : undefined;
    if (taken) {
      units.push(taken);
      if (taken.secrets.length) substitutions.push(...taken.secrets);
      if (prepared.sources.length) provide(taken, prepared.sources);
      if (prepared.kustomizations.length) for (const o of prepared.kustomizations) queue.push(taken.queued(o));
      continue;
    }
    let substitution: Substitution | undefined;
    const secrets: SecretSubstitution[] = [];
    if (spec.postBuild) {
      for (const ref of spec.substituteFrom) {
        if (ref?.kind === 'Secret') {
          secrets.push({
            kustomization: ksId,
            file: next.file,
            secret: { namespace: ksNs, name: String(ref?.name) },
            used: prepared.usedSorted,
          });
        }
      }
      substitutions.push(...secrets);
      // Variables only for a build that uses some (else nothing reads them).
      if (prepared.used.length) {
        const layers: ReadonlyMap<string, string>[] = [];
        const keys = spec.sourceKeysOf(ksNs);
        for (let r = 0; r < keys.length; r++) {
          const source = providers.get(keys[r]!)?.source(keys[r]!);
          if (source) layers.push(layerOf(source.value, spec.substituteFrom[r]));
        }
        if (spec.substitute) layers.push(spec.substitute);
        substitution = priorUnit(ksId)?.substitutionFor(ksId, prepared, layers);
        substitution ??= substitutionOf(variablesOf(layers, varsOfEnv), prepared.used);
      }
    }
    const u = new Unit(ksId, next.file, spec.prune, prepared, substitution, next.value, secrets);
    units.push(u);
    provide(u, prepared.sources);
    // Flux Kustomizations this one applies are built too (substituted: their spec may use variables).
    for (const o of prepared.kustomizations) queue.push(u.queued(o));
  }

  return { units, substitutions, root, unitSources };
}

const settled = (keys: readonly string[], unsettled: ReadonlySet<string>): boolean => {
  for (const k of keys) if (unsettled.has(k)) return false;
  return true;
};

/**
 * The keys of the ConfigMaps and Secrets two builds of an env root apply that
 * are not the same object in both (a walk taken over, or a file a change left
 * alone, keeps its objects). Only a key with an object where the two differ
 * (changedRange) can be one: elsewhere they are the same objects in the same
 * order, so a key's first object is too.
 */
function changedSources(a: readonly BuiltObject[], b: readonly BuiltObject[]): string[] {
  if (a === b) return [];
  const { start, endA, endB } = changedRange(a, b);
  const before = sourceIndexOf(a);
  const after = rootOf(b, a);
  const out: string[] = [];
  const asked = new Set<string>();
  const ask = (o: BuiltObject) => {
    if (!isSource(o)) return;
    const key = keyOf(o);
    if (asked.has(key)) return;
    asked.add(key);
    const first = after.sources.indexOf(key);
    if ((first < 0 ? undefined : b[after.sourcesAt[first]!]) !== before.get(key)) out.push(key);
  };
  for (let i = start; i < endA; i++) ask(a[i]!);
  for (let i = start; i < endB; i++) ask(b[i]!);
  return out;
}

/**
 * The objects one Flux Kustomization applies (or the env root), made when
 * asked: the diff compares two envs unit by unit and skips units with equal
 * signatures without making their objects. A class, not closures: an env of the
 * 1,000-env fleet has about 200 of them. A unit of a kept build (keepBuilds) is
 * shared by every plan that reaches its env, on both sides of a change where the
 * change leaves it alone, so it keeps only what its parts determine (its built
 * objects, kept with the prepared build anyway), never a plan's rendered objects.
 */
class Unit implements BuildUnit {
  private builtOnce?: readonly BuiltObject[];
  private index?: ReadonlyMap<string, BuiltObject>;
  /** Look-ups of a root's sources answered without the index. */
  private scans = 0;

  constructor(
    readonly appliedBy: string,
    readonly file: string,
    private readonly prune: boolean,
    private readonly from: Prepared | readonly BuiltObject[],
    private readonly substitution?: Substitution,
    /** The Flux Kustomization's object as found (its spec: what the substitution was made of). */
    private readonly spec?: Readonly<Record<string, unknown>>,
    /** The Secrets it substitutes from. */
    readonly secrets: readonly SecretSubstitution[] = [],
    /** The env root's facts (the root unit's): where its ConfigMaps and Secrets are. */
    private readonly rootFacts?: RootFacts,
  ) {}

  /**
   * This unit's parts again, for the same Flux Kustomization object with the
   * same prepared build, found where the same ConfigMaps and Secrets are to
   * substitute from (the caller knows): the same substitution, so the same unit.
   */
  takenOver(ks: BuiltObject, prepared: Prepared): Unit | undefined {
    return this.from === prepared && this.spec === ks.value && this.file === ks.file ? this : undefined;
  }

  /** A Flux Kustomization its build applies, as the env meets it (substituted: its spec may use variables). */
  queued(o: BuiltObject): BuiltObject {
    const vars = this.substitution?.vars;
    return vars ? { ...o, value: substituteValue(o.value, vars) } : o;
  }

  /**
   * Its substitution, for a unit of the same Flux Kustomization built from the
   * same prepared build with the same variable layers (the same objects, in the
   * same order): the same variables and values, so the same key.
   */
  substitutionFor(
    appliedBy: string,
    prepared: Prepared,
    layers: readonly ReadonlyMap<string, string>[],
  ): Substitution | undefined {
    const s = this.substitution;
    return s && this.appliedBy === appliedBy && this.from === prepared && s.vars.hasLayers(layers) ? s : undefined;
  }

  /**
   * What its objects are made from: prune, the build's fingerprint and the values
   * of the variables it uses (none for the env root). Made when asked: the diff
   * compares units with {@link sameAs}, not by this string.
   */
  get signature(): string | undefined {
    const from = this.from;
    return isPrepared(from) ? `${this.prune}\0${from.fingerprint}\0${this.substitution?.key ?? ''}` : undefined;
  }

  /**
   * Whether the two units' signatures are equal, without making them: a signature
   * concatenated anew per unit and side is flattened and copied to be compared
   * (prune and the fingerprint have a fixed form, so the parts are equal exactly
   * when the signatures are). The same prepared build has the same fingerprint.
   */
  sameAs(other: Unit): boolean {
    const [a, b] = [this.from, other.from];
    return (
      isPrepared(a) &&
      isPrepared(b) &&
      this.prune === other.prune &&
      (a === b || a.fingerprint === b.fingerprint) &&
      (this.substitution?.key ?? '') === (other.substitution?.key ?? '')
    );
  }

  /** What it applies, before Secrets are masked. */
  private builtObjects(): readonly BuiltObject[] {
    if (!this.builtOnce) {
      const from = this.from;
      this.builtOnce = isPrepared(from)
        ? this.substitution
          ? substituted(from, this.substitution.vars, this.substitution.key)
          : from.objects
        : from;
    }
    return this.builtOnce;
  }

  /** Its rendered objects, made anew on each call (RenderedEnvironment.objects keeps them for its env). */
  objects(): readonly { readonly key: string; readonly object: RenderedObject }[] {
    return this.builtObjects().map((o) => ({ key: keyOf(o), object: rendered(o, this.appliedBy, this.prune) }));
  }

  /** What it applies as built, without making the rendered objects. */
  built(): readonly BuiltObject[] {
    return this.builtObjects();
  }

  /** The rendered object of its i-th built object (equal to objects()[i].object, made alone). */
  renderedAt(i: number): RenderedObject {
    return rendered(this.builtObjects()[i]!, this.appliedBy, this.prune);
  }

  /**
   * The ConfigMap or Secret it applies by `kind/namespace/name` (the first of that
   * key), as built: substituteFrom reads a Secret's keys only, which masking keeps.
   */
  source(key: string): BuiltObject | undefined {
    const facts = this.rootFacts;
    if (facts && !this.index && ++this.scans <= SCANNED_SOURCES) {
      // The root's keys are known (RootFacts, mostly taken over from the build before a change): a plan asks a
      // rebuilt root for a few, so no index of its ConfigMaps and Secrets (50 and more) is made per env for them.
      const first = facts.sources.indexOf(key);
      return first < 0 ? undefined : this.builtObjects()[facts.sourcesAt[first]!];
    }
    return (this.index ??= sourceIndexOf(this.builtObjects())).get(key);
  }
}

/** The units buildEnvironment makes (the diff reads their built objects). */
export const isBuiltUnit = (u: BuildUnit): u is Unit => u instanceof Unit;
export type { Unit };

/** How many of a root's sources are looked up by its RootFacts before they are indexed (a full build asks hundreds). */
const SCANNED_SOURCES = 8;

const keyOf = (o: BuiltObject) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** An env root's Flux Kustomizations and its ConfigMaps' and Secrets' keys, in order, with where each is. */
interface RootFacts {
  readonly kustomizations: readonly BuiltObject[];
  readonly kustomizationsAt: readonly number[];
  readonly sources: readonly string[];
  readonly sourcesAt: readonly number[];
}

/**
 * An env root's facts, once per walk (walks are never mutated; the build of an
 * env on a PlanBase's walker and the side after a change that took the walk
 * over read the same one). `prior`: a build of the same env root before a
 * change, whose facts outside the objects the two differ in are taken over (a
 * change to a stage rebuilds the root of each of its envs, about 300 objects
 * of which one or two are new).
 */
function rootOf(root: readonly BuiltObject[], prior?: readonly BuiltObject[]): RootFacts {
  let out = ROOTS.get(root);
  if (!out) {
    const before = prior && ROOTS.get(prior);
    ROOTS.set(root, (out = before ? derivedRootFacts(prior, before, root) : rootFactsOf(root)));
  }
  return out;
}
const ROOTS = new WeakMap<readonly BuiltObject[], RootFacts>();

function rootFactsOf(root: readonly BuiltObject[]): RootFacts {
  const facts = emptyRootFacts();
  for (let i = 0; i < root.length; i++) noteRootObject(facts, root[i]!, i);
  return facts;
}

function derivedRootFacts(a: readonly BuiltObject[], before: RootFacts, b: readonly BuiltObject[]): RootFacts {
  const { start, endA, endB } = changedRange(a, b);
  const shift = b.length - a.length;
  const facts = emptyRootFacts();
  const { kustomizationsAt: ks, sourcesAt: ss } = before;
  let k = 0;
  let s = 0;
  for (; k < ks.length && ks[k]! < start; k++) noteKustomization(facts, before.kustomizations[k]!, ks[k]!);
  for (; s < ss.length && ss[s]! < start; s++) noteSource(facts, before.sources[s]!, ss[s]!);
  for (let i = start; i < endB; i++) noteRootObject(facts, b[i]!, i);
  // The prior's facts of the run that differs are not this root's: skipped.
  for (; k < ks.length && ks[k]! < endA; k++);
  for (; s < ss.length && ss[s]! < endA; s++);
  for (; k < ks.length; k++) noteKustomization(facts, before.kustomizations[k]!, ks[k]! + shift);
  for (; s < ss.length; s++) noteSource(facts, before.sources[s]!, ss[s]! + shift);
  return facts;
}

const emptyRootFacts = () => ({
  kustomizations: [] as BuiltObject[],
  kustomizationsAt: [] as number[],
  sources: [] as string[],
  sourcesAt: [] as number[],
});
type RootFactsBuilder = ReturnType<typeof emptyRootFacts>;

function noteRootObject(facts: RootFactsBuilder, o: BuiltObject, at: number): void {
  if (isFluxKustomization(o)) noteKustomization(facts, o, at);
  else if (isSource(o)) noteSource(facts, keyOf(o), at);
}
function noteKustomization(facts: RootFactsBuilder, o: BuiltObject, at: number): void {
  facts.kustomizations.push(o);
  facts.kustomizationsAt.push(at);
}
function noteSource(facts: RootFactsBuilder, key: string, at: number): void {
  facts.sources.push(key);
  facts.sourcesAt.push(at);
}

/** What substituteFrom reads: a ConfigMap or a Secret. */
const isSource = (o: BuiltObject): boolean => o.kind === 'ConfigMap' || o.kind === 'Secret';

/**
 * The ConfigMaps and Secrets of built objects by `kind/namespace/name` (the
 * first of each key), once per list (a walk's, or a prepared build substituted:
 * never mutated). Only those: an env root applies hundreds of objects, and a few of them.
 */
function sourceIndexOf(objects: readonly BuiltObject[]): ReadonlyMap<string, BuiltObject> {
  const kept = SOURCE_INDEX.get(objects);
  if (kept) return kept;
  const index = new Map<string, BuiltObject>();
  for (const o of objects) {
    if (!isSource(o)) continue;
    const k = keyOf(o);
    if (!index.has(k)) index.set(k, o);
  }
  SOURCE_INDEX.set(objects, index);
  return index;
}
const SOURCE_INDEX = new WeakMap<readonly BuiltObject[], ReadonlyMap<string, BuiltObject>>();

/** A Flux Kustomization's spec as buildEnvironment reads it. */
interface FluxSpec {
  readonly path: string;
  readonly components: readonly string[];
  readonly patches: unknown;
  readonly targetNamespace: string | undefined;
  readonly prune: boolean;
  readonly postBuild: boolean;
  readonly substituteFrom: readonly any[];
  readonly substitute: ReadonlyMap<string, string> | undefined;
  /** What prepare caches its build by. */
  readonly key: string;
  /**
   * `<namespace>/<name>`, one string for every env applying this object (the diff
   * matches units by it; a string made once compares and hashes at once).
   */
  idOf(namespace: string, name: string): string;
  /** substituteFrom's `kind/namespace/name` keys, the Flux Kustomization in `namespace` (made once). */
  sourceKeysOf(namespace: string): readonly string[];
}

/**
 * Each Flux Kustomization's spec read once (walks are never mutated, and every
 * plan on a commit meets the same Flux Kustomization objects in every env it
 * reaches; the patches' JSON is part of the key).
 */
const SPECS = new WeakMap<object, FluxSpec>();
function specOf(value: Record<string, any>): FluxSpec {
  let out = SPECS.get(value);
  if (out) return out;
  const spec = (value.spec ?? {}) as Record<string, any>;
  const path = typeof spec.path === 'string' ? spec.path.replace(/^\.\//, '').replace(/\/$/, '') : '';
  const components = (Array.isArray(spec.components) ? spec.components : []).filter(
    (c: unknown): c is string => typeof c === 'string',
  );
  const targetNamespace = typeof spec.targetNamespace === 'string' ? spec.targetNamespace : undefined;
  const postBuild =
    spec.postBuild && typeof spec.postBuild === 'object' ? (spec.postBuild as Record<string, any>) : undefined;
  let id: { namespace: string; name: string; id: string } | undefined;
  let keys: { namespace: string; keys: readonly string[] } | undefined;
  const substituteFrom: readonly any[] =
    postBuild && Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : [];
  out = {
    path,
    components,
    patches: spec.patches,
    targetNamespace,
    prune: spec.prune === true,
    postBuild: postBuild !== undefined,
    substituteFrom,
    substitute:
      postBuild && postBuild.substitute != null
        ? new Map(
            Object.entries((postBuild.substitute ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
          )
        : undefined,
    sourceKeysOf: (namespace) => {
      if (keys?.namespace !== namespace)
        keys = { namespace, keys: substituteFrom.map((ref) => `${ref?.kind}/${namespace}/${ref?.name}`) };
      return keys.keys;
    },
    idOf: (namespace, name) => {
      if (id?.namespace !== namespace || id.name !== name) id = { namespace, name, id: `${namespace}/${name}` };
      return id.id;
    },
    key: `${path}\0${components.join('\0')}\0${spec.patches === undefined ? '' : JSON.stringify(spec.patches)}\0${targetNamespace ?? ''}`,
  };
  SPECS.set(value, out);
  return out;
}

/**
 * The variables a substituteFrom entry gives (its data, then stringData): a
 * ConfigMap's values, or for a Secret `(secret <name>.<key>)` per key. Once per
 * source object and name (an env's hundreds of Flux Kustomizations read the same few).
 */
function layerOf(value: Readonly<Record<string, unknown>>, ref: any): ReadonlyMap<string, string> {
  const secret = ref.kind === 'Secret';
  // A Secret's layer names the Secret (`(secret <name>.<key>)`); a ConfigMap's is its data.
  const name = secret ? String(ref.name) : '';
  const kept = LAYERS.get(value);
  if (kept && kept.name === name) return kept.layer;
  const layer = new Map<string, string>();
  for (const section of ['data', 'stringData']) {
    for (const [key, v] of Object.entries(((value as any)?.[section] ?? {}) as Record<string, unknown>)) {
      layer.set(key, secret ? `(secret ${name}.${key})` : String(v));
    }
  }
  if (!kept) LAYERS.set(value, { name, layer });
  return layer;
}

/**
 * The layer made of each source object, by object (walks are never mutated, so
 * an object's variables are the same every time; one object is read as one
 * kind and name, checked): the two sides of a change share them, so a unit
 * after it can take over the substitution of the same unit before. Kept as long
 * as the object is (kept builds keep their layers anyway).
 */
const LAYERS = new WeakMap<object, { readonly name: string; readonly layer: ReadonlyMap<string, string> }>();

/** postBuild's variables: substituteFrom's sources in order, then `substitute` (a later one wins). */
class Variables implements VariableValues {
  constructor(private readonly layers: readonly ReadonlyMap<string, string>[]) {}

  /** Whether these are its layers (the same maps in the same order). */
  hasLayers(layers: readonly ReadonlyMap<string, string>[]): boolean {
    return sameItems(layers, this.layers);
  }

  get(name: string): string | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const v = this.layers[i]!.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

/** A unit's variables and the key of their values it uses (what its substituted build is kept by). */
interface Substitution {
  readonly vars: Variables;
  readonly key: string;
}

const END = Symbol('variables');
type VariablesTrie = Map<ReadonlyMap<string, string> | typeof END, VariablesTrie | EnvVariables>;

/**
 * One Variables of an env build and its substitutions by key (one per key: an
 * env's units use a few distinct ones, so a kept build holds a few, not one per
 * unit). Only the build holds this index; its units hold the substitutions.
 */
interface EnvVariables {
  readonly vars: Variables;
  readonly byKey: Map<string, Substitution>;
}

/** The one Variables of an env build for these layers, in this order. */
function variablesOf(layers: readonly ReadonlyMap<string, string>[], trie: VariablesTrie): EnvVariables {
  let node = trie;
  for (const layer of layers) {
    let next = node.get(layer) as VariablesTrie | undefined;
    if (!next) node.set(layer, (next = new Map()));
    node = next;
  }
  let vars = node.get(END) as EnvVariables | undefined;
  if (!vars) node.set(END, (vars = { vars: new Variables(layers), byKey: new Map() }));
  return vars;
}

/** The substitution of a build that uses the variables `used`: its key is the JSON of their values. */
function substitutionOf({ vars, byKey }: EnvVariables, used: readonly string[]): Substitution {
  const key = JSON.stringify(used.map((n) => vars.get(n) ?? null));
  let out = byKey.get(key);
  if (!out) byKey.set(key, (out = { vars, key }));
  return out;
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
  /** The variables it uses, each once (a list: one is kept per build of every env). */
  readonly used: readonly string[];
  /** The same, sorted (what a SecretSubstitution lists; one list for every unit of the build). */
  readonly usedSorted: readonly string[];
  /**
   * The build's content: the SHA-256 of the JSON of its objects and files, computed
   * once per build, when first asked. Short, so that comparing two units' signatures costs nothing
   * (the JSON itself, concatenated into every unit's signature in every env, was
   * copied again each time two signatures were compared).
   */
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

const isPrepared = (from: Prepared | readonly BuiltObject[]): from is Prepared => !Array.isArray(from);

const PREPARED = new WeakMap<KustomizeWalker, Map<string, Prepared>>();

function prepare(walker: KustomizeWalker, spec: FluxSpec): Prepared {
  let cache = PREPARED.get(walker);
  if (!cache) PREPARED.set(walker, (cache = new Map()));
  const { key, path, components, patches, targetNamespace } = spec;
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
  let fingerprint: string | undefined;
  const prepared: Prepared = {
    objects,
    used: [...used],
    usedSorted: [...used].sort(),
    // Made when first asked: two units compare fingerprints only when their prepared builds are not the same
    // object (a build prepared again after a change), so most builds never need one.
    get fingerprint() {
      fingerprint ??= bytesToHex(sha256(utf8ToBytes(JSON.stringify(objects.map((o) => [o.file, o.value])))));
      return fingerprint;
    },
    sources: sourceKeys(objects),
    kustomizations: objects.filter(isFluxKustomization),
    substituted: new Map(),
    built,
  };
  cache.set(key, prepared);
  return prepared;
}

const sourceKeys = (objects: readonly BuiltObject[]): string[] => objects.filter(isSource).map(keyOf);

function substituted(prepared: Prepared, vars: VariableValues, key: string): readonly BuiltObject[] {
  if (prepared.used.length === 0) return prepared.objects;
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
