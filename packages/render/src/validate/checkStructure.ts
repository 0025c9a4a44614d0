import {
  checkCycles,
  diagnostic,
  layout,
  missingSecrets,
  scanVariables,
  unresolvedVariables,
  type Diagnostic,
  type Environment,
  type VariableRef,
  type Fleet,
} from '@platter/model';
import { CLUSTER_SCOPED, type BuiltObject, type WalkResult } from '../parse/kustomizeWalk';
import { changedRange, sameItems } from '../parse/changedRange';
import { isEncryptedValue } from '../parse/sops';
import { tenantObjectFinding, tenantFactsOf } from './checkTenantPaths';

/**
 * Checks the repository the way Flux will see it, statically: each env builds
 * (resources vs components, files exist, no duplicate ids), and so does every
 * Flux Kustomization in it, with `spec.components` appended as Flux does; every
 * `${var}` resolves through postBuild; namespaces exist; dependsOn resolves and
 * has no cycle; tenant Kustomizations respect lockdown; no plaintext Secret.
 *
 * The check of an env is kept with its build ({@link EnvCheck}) and derived from
 * the check of an earlier build of the env where one is known (the same build,
 * or the build before a change, {@link Builder.before}): only what the change
 * made new is checked again (issue 17). The findings are the same as checking
 * from scratch (incremental.property.test.ts, envCheck.test.ts).
 *
 * `memo` is not needed any more (a Flux Kustomization's build is checked once per
 * walk result, whoever asks); it is accepted for callers that pass one.
 */
export function checkEnvironmentStructure(fleet: Fleet, walker: Builder, env: string, _memo?: BuildMemo): Diagnostic[] {
  return findingsOf(envCheck(fleet, walker, env));
}

/**
 * Every build the structure check of `env` makes, and nothing else: the env's
 * own build, then each Flux Kustomization's `spec.path` with its `spec.components`
 * as Flux builds it. On a walker over a TrackedTree this records everything the
 * check of the env can read: what a change must touch to reach the env
 * (incremental validation, issue 17), decided by the same walk as the check.
 */
export function walkEnvironment(walker: Builder, env: string): void {
  const envDir = layout.envDir(env);
  for (const o of walker.build(envDir).objects) {
    if (!isFluxKustomization(o)) continue;
    const f = fluxFacts(o);
    if (isInnerBuild(f, envDir)) walker.build(f.path, f.components);
  }
}

/**
 * What the structure checks need of a walker: its builds. Incremental validation
 * passes one that answers from the builds of the commit before a change where
 * the change cannot have changed them (incremental.ts).
 */
export interface Builder {
  build(dir: string, components?: readonly string[]): WalkResult;
  /**
   * The builds of the tree this one was changed from, as far as they are known
   * (undefined: not known). An env whose build the change made new has its
   * check derived from the check of its build there (see {@link envCheck}).
   */
  readonly before?: { build(dir: string, components?: readonly string[]): WalkResult | undefined };
  /**
   * True when building the path and components `build` was built from gives
   * `build` itself again (a build of the tree before a change that the change
   * does not touch): a check keeps what it derived from it without asking
   * for the build by path (that costs a key per Kustomization of each env).
   */
  unchanged?(build: WalkResult): boolean;
}

/** @deprecated Not needed: a Flux Kustomization's build is checked once per walk result. */
export type BuildMemo = Map<string, unknown>;

/**
 * The model facts an env's structure check reads besides its builds: lockdown and
 * the tenants' namespaces (tenant objects, tenant Kustomizations), and the
 * required secret keys the env lacks (reported by the model rule, so counted as
 * provided by the Secret they belong to).
 */
interface EnvContext {
  /** lockdown and every tenant's namespaces, as one string (tenantFactsOf). */
  readonly tenants: string;
  readonly lockdown: boolean;
  /** Secret name -> required keys it lacks, and the same as one string to compare. */
  readonly expected: ReadonlyMap<string, readonly string[]>;
  readonly expectedKey: string;
  readonly fleet: Fleet;
}

const NO_SECRETS: ReadonlyMap<string, readonly string[]> = new Map();

/** The envs of a model by name, once per model (a check of 500 envs would otherwise search 1,000 each time). */
const ENVS = new WeakMap<Fleet, ReadonlyMap<string, Environment>>();

function contextOf(fleet: Fleet, env: string): EnvContext {
  let envs = ENVS.get(fleet);
  if (!envs) ENVS.set(fleet, (envs = new Map(fleet.environments.map((e) => [e.name, e]))));
  const envModel = envs.get(env);
  const expected = new Map<string, string[]>();
  let expectedKey = '';
  for (const m of envModel ? missingSecrets(fleet, envModel) : []) {
    expected.set(m.secret, [...(expected.get(m.secret) ?? []), m.key]);
    expectedKey += `${m.secret}\0${m.key}\n`;
  }
  return {
    tenants: tenantFactsOf(fleet),
    lockdown: !!fleet.settings.lockdown,
    expected: expected.size ? expected : NO_SECRETS,
    expectedKey,
    fleet,
  };
}

const sameContext = (a: EnvContext, b: EnvContext) =>
  a === b || (a.tenants === b.tenants && a.lockdown === b.lockdown && a.expectedKey === b.expectedKey);

/**
 * The structure check of one env's build, with what it was computed from: the
 * build (`root`), the model facts (`context`) and, per Flux Kustomization, the
 * build of its path and the objects it reads from the env. Each part of the
 * findings is a function of exactly those inputs, all immutable (a walk result
 * and its objects are never mutated), so a part whose inputs are the same
 * objects and facts is the same part: that is what {@link deriveCheck} relies on.
 */
interface EnvCheck {
  readonly env: string;
  readonly root: WalkResult;
  readonly context: EnvContext;
  /** Findings of single objects (plaintext Secrets, tenant-writable objects), by position in root.objects. */
  readonly perObject: readonly ObjectFindings[];
  /** The Flux Kustomizations of root.objects, in order. */
  readonly flux: readonly FluxCheck[];
  /** DependencyCycle among them. */
  readonly cycles: readonly Diagnostic[];
}

interface ObjectFindings {
  readonly at: number;
  readonly found: readonly Diagnostic[];
}

interface FluxCheck {
  /** Position of the Kustomization in root.objects. */
  readonly at: number;
  readonly facts: FluxFacts;
  /** MissingNamespace, UnknownDependency and the lockdown findings (what it reads of the env's objects). */
  readonly own: readonly Diagnostic[];
  /** The objects its substituteFrom names in the env (undefined: none), in order. */
  readonly sources: readonly (BuiltObject | undefined)[];
  /** The build of its path, when the check builds it. */
  readonly inner?: WalkResult;
  /** What that build says: its findings, unresolved variables, a tenant's objects. */
  readonly innerFound: readonly Diagnostic[];
}

/**
 * Checks kept per build of an env and env: an env a change reaches again (a
 * plan on a PlanBase, `validate --since` against a kept index) starts from the
 * check of its build in the commit. Kept as long as the build is (a commit's
 * walks); the checks of builds after a change go with the change's walker.
 * About 20 KiB per env with 200 Flux Kustomizations.
 */
const CHECKS = new WeakMap<WalkResult, Map<string, EnvCheck>>();

function keep(check: EnvCheck): EnvCheck {
  let byEnv = CHECKS.get(check.root);
  if (!byEnv) CHECKS.set(check.root, (byEnv = new Map()));
  byEnv.set(check.env, check);
  return check;
}

/** A kept check of this build of the env, in this context. */
function keptCheck(root: WalkResult, env: string, context: EnvContext): EnvCheck | undefined {
  const kept = CHECKS.get(root)?.get(env);
  return kept && sameContext(kept.context, context) ? kept : undefined;
}

/**
 * The check of an env: derived from a kept check of the same build, or of the
 * env's build before the change (checked there first when it has not been:
 * a commit's envs are checked once, every change after that derives), else
 * checked from scratch.
 */
function envCheck(fleet: Fleet, walker: Builder, env: string): EnvCheck {
  const envDir = layout.envDir(env);
  const root = walker.build(envDir);
  const context = contextOf(fleet, env);
  let prior = keptCheck(root, env, context);
  if (!prior && walker.before) {
    const before = walker.before.build(envDir);
    if (before && before !== root)
      prior = keptCheck(before, env, context) ?? checkBefore(before, walker.before, env, context);
  }
  return keep(prior ? deriveCheck(prior, root, walker, context) : fullCheck(env, root, walker, context));
}

/** The check of the build before a change, when every build it needs is known there. */
function checkBefore(
  root: WalkResult,
  before: NonNullable<Builder['before']>,
  env: string,
  context: EnvContext,
): EnvCheck | undefined {
  const envDir = layout.envDir(env);
  const builds = new Map<string, WalkResult>();
  for (const o of root.objects) {
    if (!isFluxKustomization(o)) continue;
    const f = fluxFacts(o);
    if (!isInnerBuild(f, envDir) || builds.has(f.key)) continue;
    const b = before.build(f.path, f.components);
    if (!b) return undefined;
    builds.set(f.key, b);
  }
  return keep(fullCheck(env, root, { build: (dir, c = []) => builds.get(`${dir}\0${c.join('\0')}`)! }, context));
}

/** All findings of a check (in no particular order: callers sort and de-duplicate). */
function findingsOf(check: EnvCheck): Diagnostic[] {
  const out = [...check.root.diagnostics];
  for (const o of check.perObject) out.push(...o.found);
  for (const f of check.flux) {
    if (f.own.length) out.push(...f.own);
    if (f.innerFound.length) out.push(...f.innerFound);
  }
  out.push(...check.cycles);
  return out;
}

/** `kind/namespace/name`: how the check looks objects up in an env (substituteFrom, sourceRef). */
const indexKey = (o: BuiltObject) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** Looks objects up by {@link indexKey} among an env's objects (the last of a key wins, as in a Map). */
type Lookup = (key: string) => BuiltObject | undefined;

function indexLookup(objects: readonly BuiltObject[]): Lookup {
  // Objects indexed a kind at a time, when the kind is first asked for: an env's checks ask for a few kinds
  // (ConfigMap, Secret, a Flux source) among its hundreds of objects, and a key is made only for those.
  // A found key costs one look-up (the keys asked are the facts' own strings, their hashes kept).
  const index = new Map<string, BuiltObject>();
  const indexed = new Set<string>();
  return (key) => {
    const found = index.get(key);
    if (found) return found;
    const kind = key.slice(0, key.indexOf('/'));
    if (indexed.has(kind)) return undefined;
    indexed.add(kind);
    for (const o of objects) if (`${o.kind}` === kind) index.set(indexKey(o), o);
    return index.get(key);
  };
}

/**
 * The same answers as {@link indexLookup}, without indexing every object for
 * the first few lookups (a changed env usually asks a few), by an index after.
 */
function scanLookup(objects: readonly BuiltObject[]): Lookup {
  let scans = 0;
  let index: Lookup | undefined;
  return (key) => {
    if (index) return index(key);
    if (++scans > SCANNED_LOOKUPS) return (index = indexLookup(objects))(key);
    for (let i = objects.length - 1; i >= 0; i--) {
      const o = objects[i]!;
      if (key.endsWith(o.name) && indexKey(o) === key) return o;
    }
    return undefined;
  };
}

const SCANNED_LOOKUPS = 4;

function namespacesOf(objects: readonly BuiltObject[]): Set<string> {
  const namespaces = new Set(['flux-system']);
  for (const o of objects) if (o.kind === 'Namespace') namespaces.add(o.name);
  return namespaces;
}

function objectFindings(o: BuiltObject, context: EnvContext): readonly Diagnostic[] {
  const secret = o.kind === 'Secret' ? plaintextSecret(o) : undefined;
  // What the env takes from tenant-writable files is applied as cluster-admin: the same rules as apps/.
  const tenant = tenantObjectFinding(context.fleet, o);
  return secret && tenant ? [secret, tenant] : secret ? [secret] : tenant ? [tenant] : NONE;
}

/** DependencyCycle among an env's Flux Kustomizations (dependsOn names them by id). */
function dependencyCycles(flux: readonly { readonly facts: FluxFacts }[], env: string): Diagnostic[] {
  const graph = new Map<string, readonly string[]>();
  for (const { facts } of flux) graph.set(facts.id, facts.deps);
  return checkCycles(graph, `Flux Kustomizations of env "${env}"`, layout.envDir(env));
}

/** Checks an env's build from scratch (apart from what is kept per object and per build). */
function fullCheck(env: string, root: WalkResult, walker: Pick<Builder, 'build'>, context: EnvContext): EnvCheck {
  const objects = root.objects;
  const namespaces = namespacesOf(objects);
  const lookup = indexLookup(objects);
  const perObject: ObjectFindings[] = [];
  const kustomizations: { at: number; facts: FluxFacts }[] = [];
  for (let at = 0; at < objects.length; at++) {
    const o = objects[at]!;
    const found = objectFindings(o, context);
    if (found.length) perObject.push({ at, found });
    if (isFluxKustomization(o)) kustomizations.push({ at, facts: fluxFacts(o) });
  }
  const ids = new Set(kustomizations.map((k) => k.facts.id));
  const cycles = dependencyCycles(kustomizations, env);
  const envDir = layout.envDir(env);
  const flux = kustomizations.map(({ at, facts }): FluxCheck => {
    const sources = sourcesOf(facts, lookup);
    const inner = isInnerBuild(facts, envDir) ? walker.build(facts.path, facts.components) : undefined;
    return {
      at,
      facts,
      own: ownFindings(env, facts, namespaces, ids, lookup, context),
      sources,
      ...(inner ? { inner } : {}),
      innerFound: inner ? innerFindings(env, facts, inner, sources, context) : NONE,
    };
  });
  return { env, root, context, perObject, flux, cycles };
}

/** The most objects a change may make new in an env's build for its check to be derived (else checked again). */
const MAX_DERIVED = 64;

/**
 * The check of `root` derived from a check of another build of the same env in
 * the same context (`prior`): the objects the two builds share are found as
 * the longest common prefix and suffix (by identity), the rest is what changed.
 * What a Flux Kustomization's findings read, and when they are taken over:
 *
 * - MissingNamespace reads whether the env has a Namespace of one name: taken
 *   over unless a changed object is a Namespace of that name;
 * - UnknownDependency reads whether the env has a Kustomization of an id: taken
 *   over unless the changed Kustomizations differ in ids and one has that id;
 *   DependencyCycle reads the ids and dependsOn of every Kustomization: taken
 *   over unless the changed Kustomizations differ in them;
 * - the lockdown source check and substituteFrom read objects by kind,
 *   namespace and name: taken over unless a changed object has that key (the
 *   objects of every other key are the same objects in the same order);
 * - what its build says reads the build, the sources and the expected secret
 *   keys: taken over while the build and the sources are the same objects.
 *
 * A changed Kustomization, and a changed object's own findings, are checked.
 */
function deriveCheck(prior: EnvCheck, root: WalkResult, walker: Builder, context: EnvContext): EnvCheck {
  if (root === prior.root) return deriveInner(prior, walker, context);
  const { env } = prior;
  const a = prior.root.objects;
  const b = root.objects;
  const { start: p, endA, endB } = changedRange(a, b);
  if (endA - p + (endB - p) > MAX_DERIVED) return fullCheck(env, root, walker, context);
  const shift = b.length - a.length;

  // What the changed objects (a[p, endA) before, b[p, endB) after) can change for the others: the
  // objects found by their keys, the namespaces of their names, the ids of Kustomizations.
  const changedKeys = new Set<string>();
  const changedNamespaces = new Set<string>();
  const fluxA: FluxFacts[] = [];
  const fluxB: FluxFacts[] = [];
  for (let i = p; i < endA; i++) noteChanged(a[i]!, changedKeys, changedNamespaces, fluxA);
  for (let i = p; i < endB; i++) noteChanged(b[i]!, changedKeys, changedNamespaces, fluxB);
  let idsSame = fluxA.length === fluxB.length;
  for (let i = 0; idsSame && i < fluxA.length; i++) idsSame = fluxA[i]!.id === fluxB[i]!.id;
  let graphSame = idsSame;
  for (let i = 0; graphSame && i < fluxA.length; i++) graphSame = sameItems(fluxA[i]!.deps, fluxB[i]!.deps);
  // Whether a dependency is there can change only for the ids of changed Kustomizations.
  const changedIds = idsSame ? undefined : new Set([...fluxA, ...fluxB].map((f) => f.id));

  // Objects: the shared ones keep their findings, the new ones are checked.
  const perObject: ObjectFindings[] = [];
  for (const o of prior.perObject) if (o.at < p) perObject.push(o);
  for (let at = p; at < endB; at++) {
    const found = objectFindings(b[at]!, context);
    if (found.length) perObject.push({ at, found });
  }
  for (const o of prior.perObject) if (o.at >= endA) perObject.push(shift ? { at: o.at + shift, found: o.found } : o);

  // Kustomizations in order: the shared ones before the change, the new ones, the shared ones after it.
  const flux: FluxCheck[] = [];
  const fresh: number[] = [];
  for (const f of prior.flux) if (f.at < p) flux.push(f);
  for (let at = p; at < endB; at++) {
    const o = b[at]!;
    if (!isFluxKustomization(o)) continue;
    fresh.push(flux.length);
    flux.push({ at, facts: fluxFacts(o), own: NONE, sources: NONE, innerFound: NONE });
  }
  for (const f of prior.flux) if (f.at >= endA) flux.push(shift ? { ...f, at: f.at + shift } : f);

  const envDir = layout.envDir(env);
  const ctx: DeriveContext = {
    env,
    objects: b,
    context,
    flux,
    namespaces: undefined,
    ids: undefined,
    lookup: undefined,
  };
  let changed = root !== prior.root;
  // A new Kustomization is checked from scratch.
  for (const n of fresh) {
    const { at, facts } = flux[n]!;
    const sources = sourcesOf(facts, lookupIn(ctx));
    const inner = isInnerBuild(facts, envDir) ? walker.build(facts.path, facts.components) : undefined;
    flux[n] = {
      at,
      facts,
      own: ownFindings(env, facts, namespacesIn(ctx), idsIn(ctx), lookupIn(ctx), context),
      sources,
      ...(inner ? { inner } : {}),
      innerFound: inner ? innerFindings(env, facts, inner, sources, context) : NONE,
    };
  }
  // A shared one keeps what reads nothing the change made new.
  const isFresh = new Set(fresh);
  for (let n = 0; n < flux.length; n++) {
    if (isFresh.has(n)) continue;
    const kept = flux[n]!;
    const { facts } = kept;
    let sources = kept.sources;
    for (const source of facts.substituteFrom)
      if (changedKeys.has(source.lookup)) {
        sources = sourcesOf(facts, lookupIn(ctx));
        break;
      }
    const own =
      !changedNamespaces.has(facts.ns) &&
      !(changedIds && readsAny(facts.deps, changedIds)) &&
      !(context.lockdown && facts.tenantOwned && changedKeys.has(facts.sourceLookup))
        ? kept.own
        : ownFindings(env, facts, namespacesIn(ctx), idsIn(ctx), lookupIn(ctx), context);
    let inner = kept.inner;
    if (inner ? !walker.unchanged?.(inner) : isInnerBuild(facts, envDir))
      inner = isInnerBuild(facts, envDir) ? walker.build(facts.path, facts.components) : undefined;
    if (inner === kept.inner && own === kept.own && sameItems(sources, kept.sources)) continue;
    changed = true;
    flux[n] = {
      at: kept.at,
      facts,
      own,
      sources,
      ...(inner ? { inner } : {}),
      innerFound:
        inner === kept.inner && sameItems(sources, kept.sources)
          ? kept.innerFound
          : inner
            ? innerFindings(env, facts, inner, sources, context)
            : NONE,
    };
  }
  if (!changed) return prior;
  const cycles = graphSame
    ? prior.cycles
    : !prior.cycles.length && !cycleThrough(flux, [...fluxA, ...fluxB])
      ? NONE
      : dependencyCycles(flux, env);
  return { env, root, context, perObject, flux, cycles };
}

/**
 * {@link deriveCheck} of the same build of the env (a change to a runtime
 * component or an app that the env root does not read): every object, its
 * findings and every Flux Kustomization's facts, sources and own findings are
 * the ones of the check before; only a Kustomization's own build may differ,
 * so only those are asked about (a change that reaches 500 envs so asks about
 * their 175 Kustomizations each, and copies nothing where none changed).
 */
function deriveInner(prior: EnvCheck, walker: Builder, context: EnvContext): EnvCheck {
  const { env } = prior;
  const envDir = layout.envDir(env);
  let flux: FluxCheck[] | undefined;
  for (let n = 0; n < prior.flux.length; n++) {
    const kept = prior.flux[n]!;
    const { facts } = kept;
    if (kept.inner ? walker.unchanged?.(kept.inner) : !isInnerBuild(facts, envDir)) continue;
    const inner = isInnerBuild(facts, envDir) ? walker.build(facts.path, facts.components) : undefined;
    if (inner === kept.inner) continue;
    flux ??= [...prior.flux];
    flux[n] = {
      at: kept.at,
      facts,
      own: kept.own,
      sources: kept.sources,
      ...(inner ? { inner } : {}),
      innerFound: inner ? innerFindings(env, facts, inner, kept.sources, context) : NONE,
    };
  }
  return flux ? { ...prior, context, flux } : prior;
}

/**
 * Whether the dependency graph of `flux` has a cycle through the id of one of
 * the `changed` Kustomizations; asked only when the graph before the change had
 * no cycle. A cycle among unchanged Kustomizations alone would have been there
 * before: their ids and dependsOn are the same, and an edge exists when its end
 * is in the graph, which an unchanged Kustomization was. An id that a changed
 * Kustomization shares with an unchanged one counts as changed, so the last of
 * an id winning (dependencyCycles' map) moves nothing outside the changed ids.
 * A search from each of those ids, instead of Tarjan over the env's graph.
 */
function cycleThrough(flux: readonly { readonly facts: FluxFacts }[], changed: readonly FluxFacts[]): boolean {
  if (!changed.length) return false;
  const graph = new Map<string, readonly string[]>();
  for (const { facts } of flux) graph.set(facts.id, facts.deps);
  for (const start of new Set(changed.map((f) => f.id))) {
    if (!graph.has(start)) continue;
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      for (const next of graph.get(stack.pop()!)!) {
        if (next === start) return true;
        if (graph.has(next) && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
  }
  return false;
}

/** Notes a changed object's key, its name when it is a Namespace, its facts when it is a Kustomization. */
function noteChanged(o: BuiltObject, keys: Set<string>, namespaces: Set<string>, flux: FluxFacts[]): void {
  keys.add(indexKey(o));
  if (o.kind === 'Namespace') namespaces.add(o.name);
  if (isFluxKustomization(o)) flux.push(fluxFacts(o));
}

function readsAny(names: readonly string[], changed: ReadonlySet<string>): boolean {
  for (const n of names) if (changed.has(n)) return true;
  return false;
}

/** What a derivation works out of the env's objects only when something asks. */
interface DeriveContext {
  readonly env: string;
  readonly objects: readonly BuiltObject[];
  readonly context: EnvContext;
  readonly flux: readonly FluxCheck[];
  namespaces: Set<string> | undefined;
  ids: Set<string> | undefined;
  lookup: Lookup | undefined;
}

const namespacesIn = (d: DeriveContext) => (d.namespaces ??= namespacesOf(d.objects));
const lookupIn = (d: DeriveContext) => (d.lookup ??= scanLookup(d.objects));
const idsIn = (d: DeriveContext) => (d.ids ??= new Set(d.flux.map((f) => f.facts.id)));

function sourcesOf(f: FluxFacts, lookup: Lookup): readonly (BuiltObject | undefined)[] {
  return f.substituteFrom.length ? f.substituteFrom.map((s) => lookup(s.lookup)) : NONE;
}

/** What a Flux Kustomization's place in the env says: its namespace, its dependencies, lockdown. */
function ownFindings(
  env: string,
  f: FluxFacts,
  namespaces: ReadonlySet<string>,
  ids: ReadonlySet<string>,
  lookup: Lookup,
  context: EnvContext,
): readonly Diagnostic[] {
  const out: Diagnostic[] = [];
  const { k, ns, where } = f;
  if (!namespaces.has(ns)) {
    out.push(
      diagnostic(
        'MissingNamespace',
        `env "${env}": ${where} lives in namespace "${ns}", which this env's build does not create`,
        k.file,
      ),
    );
  }
  for (const id of f.deps) {
    if (!ids.has(id))
      out.push(
        diagnostic(
          'UnknownDependency',
          `env "${env}": ${where} depends on Kustomization ${id}, which this env does not have`,
          k.file,
        ),
      );
  }
  if (f.tenantOwned && context.lockdown) {
    if (!f.spec.serviceAccountName) {
      out.push(
        diagnostic(
          'MissingServiceAccount',
          `${where} has no serviceAccountName: under lockdown a tenant Kustomization must run as its tenant's service account`,
          k.file,
        ),
      );
    }
    const src = f.spec.sourceRef ?? {};
    if (src.namespace && src.namespace !== ns) {
      out.push(
        diagnostic(
          'CrossNamespaceSource',
          `${where} reads source ${src.kind}/${src.namespace}/${src.name} from another namespace; lockdown forbids it`,
          k.file,
        ),
      );
    } else if (!lookup(f.sourceLookup)) {
      out.push(
        diagnostic(
          'CrossNamespaceSource',
          `${where} reads source ${src.kind}/${src.name}, which does not exist in namespace "${ns}" of this env`,
          k.file,
        ),
      );
    }
  }
  return out.length ? out : NONE;
}

/** What a Flux Kustomization's own build says, as Flux builds it, in this env. */
function innerFindings(
  env: string,
  f: FluxFacts,
  inner: WalkResult,
  sources: readonly (BuiltObject | undefined)[],
  context: EnvContext,
): readonly Diagnostic[] {
  const result = innerResult(inner, f);
  const substitution = checkSubstitution(
    env,
    f,
    result.variables.refs,
    sources,
    f.ns === 'flux-system' ? context.expected : NO_SECRETS,
  );
  const tenant = f.tenantOwned ? (result.tenantFindings ??= tenantFindings(result.objects)) : NONE;
  if (!result.diagnostics.length && !substitution.length && !tenant.length) return NONE;
  return [...result.diagnostics, ...substitution, ...tenant];
}

/** What a build says whoever builds it (kept per walk result, see {@link INNER_FINDINGS}). */
interface InnerResult {
  readonly diagnostics: Diagnostic[];
  readonly objects: readonly BuiltObject[];
  readonly variables: { refs: VariableRef[]; errors: Diagnostic[] };
  /** What a tenant-owned Kustomization of this build is told (its objects' findings), once per build. */
  tenantFindings?: Diagnostic[];
}

function innerResult(inner: WalkResult, f: FluxFacts): InnerResult {
  let result = INNER_FINDINGS.get(inner);
  if (!result) {
    const { path, components } = f;
    const variables = variablesOf(inner.objects);
    result = {
      diagnostics: [
        ...inner.diagnostics.map((d) => ({
          ...d,
          message: `${d.message} (building ${path}${components.length ? ` with components ${components.join(', ')}` : ''} as Flux does)`,
        })),
        ...variables.errors,
      ],
      objects: inner.objects,
      variables,
    };
    INNER_FINDINGS.set(inner, result);
  }
  return result;
}

/**
 * What a Flux Kustomization's build says, whoever asks, per walk result (a walk is
 * never mutated and is of one path and components): a component version or an
 * app reached from hundreds of envs is scanned once per walk, also across
 * validations that share the walk (incremental validation reuses a commit's).
 */
const INNER_FINDINGS = new WeakMap<WalkResult, InnerResult>();

/**
 * Whether the check builds a Flux Kustomization's path on its own: not when it is the env itself, and only a
 * path of this repository. `spec.path` is relative to the root of its source, and a source that is no
 * GitRepository (an ExternalArtifact an ArtifactGenerator assembles, an OCIRepository, a Bucket) has a root of
 * its own: `platter check` resolves those (ExternalSource, artifacts); read here as repository paths they were
 * missing files that are not missing (an adopted flux2-kustomize-helm-example failed validate so).
 */
const isInnerBuild = (f: FluxFacts, envDir: string): boolean =>
  !!f.path && f.path !== envDir && (f.spec.sourceRef?.kind ?? 'GitRepository') === 'GitRepository';

const isFluxKustomization = (o: BuiltObject) =>
  o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/');

/** What a Flux Kustomization says, independent of the env it is built in. */
interface FluxFacts {
  readonly k: BuiltObject;
  readonly ns: string;
  /** `<namespace>/<name>`, how dependsOn names it. */
  readonly id: string;
  readonly where: string;
  readonly spec: Record<string, any>;
  readonly deps: readonly string[];
  readonly tenantOwned: boolean;
  /** spec.path as a repository path ('' when there is none), its components, and the build's memo key. */
  readonly path: string;
  readonly components: readonly string[];
  readonly key: string;
  readonly substituteKeys: readonly string[];
  readonly substituteFrom: readonly { readonly ref: any; readonly lookup: string }[];
  /** How the lockdown check looks its sourceRef up in the env (see indexKey). */
  readonly sourceLookup: string;
  /** Whether postBuild substitutes at all (else `${...}` stays literal). */
  readonly substitutes: boolean;
}

/**
 * The facts of each Kustomization object, worked out once: a stage's objects are
 * the same objects in every env of the stage (a walk is never mutated), so an
 * env with hundreds of Kustomizations does not re-derive them env after env.
 */
const FACTS = new WeakMap<BuiltObject, FluxFacts>();

function fluxFacts(k: BuiltObject): FluxFacts {
  let f = FACTS.get(k);
  if (f) return f;
  const ns = k.namespace ?? 'flux-system';
  const spec = (k.value.spec ?? {}) as Record<string, any>;
  const deps: string[] = [];
  for (const d of Array.isArray(spec.dependsOn) ? spec.dependsOn : []) deps.push(`${d?.namespace ?? ns}/${d?.name}`);
  const path = typeof spec.path === 'string' ? spec.path.replace(/^\.\//, '').replace(/\/$/, '') : '';
  const components = (Array.isArray(spec.components) ? spec.components : []).filter(
    (c: unknown): c is string => typeof c === 'string',
  );
  const postBuild = spec.postBuild ?? {};
  f = {
    k,
    ns,
    id: `${ns}/${k.name}`,
    where: `Kustomization ${ns}/${k.name} (${k.file})`,
    spec,
    deps,
    tenantOwned: ns !== 'flux-system',
    path,
    components,
    key: `${path}\0${components.join('\0')}`,
    substituteKeys: Object.keys(postBuild.substitute ?? {}),
    substituteFrom: (Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []).map((ref: any) => ({
      ref,
      lookup: `${ref?.kind}/${ns}/${ref?.name}`,
    })),
    substitutes: !!(postBuild.substitute || postBuild.substituteFrom),
    sourceLookup: `${spec.sourceRef?.kind}/${ns}/${spec.sourceRef?.name}`,
  };
  FACTS.set(k, f);
  return f;
}

/** Tenant apps may create only namespaced objects, and no plaintext Secret. */
function tenantFindings(objects: readonly BuiltObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    if (CLUSTER_SCOPED.has(o.kind)) {
      out.push(
        diagnostic(
          'ClusterScopedInTenantPath',
          `${o.kind} ${o.name} in ${o.file} is cluster-scoped; tenant apps may only create namespaced objects`,
          o.file,
        ),
      );
    }
  }
  out.push(...plaintextSecrets(objects));
  return out;
}

function plaintextSecrets(objects: readonly BuiltObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const found = o.kind === 'Secret' ? plaintextSecret(o) : undefined;
    if (found) out.push(found);
  }
  return out;
}

function plaintextSecret(o: BuiltObject): Diagnostic | undefined {
  const known = PLAINTEXT.get(o);
  if (known !== undefined) return known ?? undefined;
  const values = ['data', 'stringData'].flatMap((k) => Object.values((o.value[k] ?? {}) as Record<string, unknown>));
  // Values that are only a `${VAR}` are filled by Flux from an encrypted Secret: not plaintext.
  const plaintext = values.filter((v) => !isEncryptedValue(v) && !(typeof v === 'string' && SUBSTITUTION_ONLY.test(v)));
  const found =
    plaintext.length && !(o.value.sops && values.every(isEncryptedValue))
      ? diagnostic(
          'NotEncrypted',
          `Secret ${o.namespace ?? ''}/${o.name} in ${o.file} has plaintext values: store secrets SOPS-encrypted (platter secret set)`,
          o.file,
        )
      : undefined;
  PLAINTEXT.set(o, found ?? null);
  return found;
}

/** A Secret's finding, worked out once per object (a stage's Secrets are the same objects in each env). */
const PLAINTEXT = new WeakMap<BuiltObject, Diagnostic | null>();

const SUBSTITUTION_ONLY = /^\$\{[_a-zA-Z][_a-zA-Z0-9]*\}$/;

/** Every `${...}` expression in the objects' strings, as Flux's envsubst parses them (model's scanner). */
function variablesOf(objects: readonly BuiltObject[]): { refs: VariableRef[]; errors: Diagnostic[] } {
  const refs: VariableRef[] = [];
  const errors: Diagnostic[] = [];
  for (const o of objects) {
    if (o.value.metadata?.annotations?.['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled') continue;
    const visit = (v: unknown) => {
      if (typeof v === 'string') {
        if (!v.includes('${')) return;
        const scan = scanVariables(v);
        refs.push(...scan.refs);
        if (scan.error) {
          errors.push(
            diagnostic(
              'InvalidVariableName',
              `${o.kind} ${o.name} in ${o.file}: ${scan.error.message} (Flux would fail the whole build)`,
              o.file,
            ),
          );
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit(o.value);
  }
  return { refs, errors };
}

const NONE: readonly never[] = [];

function checkSubstitution(
  env: string,
  f: FluxFacts,
  used: readonly VariableRef[],
  /** The objects of the env its substituteFrom entries name (undefined: none), in order. */
  sources: readonly (BuiltObject | undefined)[],
  /** Secret name -> required keys it lacks (already MissingSecretKey findings). */
  expectedSecrets: ReadonlyMap<string, readonly string[]>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { k, ns, where } = f;
  // What the variables can resolve to matters only when there are variables and substitution is on
  // (else `${...}` stays literal); a source that does not exist is reported either way.
  const available = used.length > 0 && f.substitutes ? new Set<string>(f.substituteKeys) : undefined;
  f.substituteFrom.forEach(({ ref }, i) => {
    const expected = ref?.kind === 'Secret' ? expectedSecrets.get(ref?.name) : undefined;
    if (available) expected?.forEach((key) => available.add(key));
    const source = sources[i];
    if (!source) {
      if (!ref?.optional && !expected) {
        out.push(
          diagnostic(
            'UnresolvedVariable',
            `env "${env}": ${where} substitutes from ${ref?.kind} ${ns}/${ref?.name}, which this env does not have (Flux would fail)`,
            k.file,
          ),
        );
      }
      return;
    }
    if (available)
      for (const section of ['data', 'stringData'])
        for (const key of Object.keys(source.value[section] ?? {})) available.add(key);
  });
  if (!available) return out;
  const names = [...new Set(unresolvedVariables(used, (n) => available.has(n)).map((r) => r.name))].sort();
  for (const v of names) {
    out.push(
      diagnostic(
        'UnresolvedVariable',
        `env "${env}": \${${v}} has no value for ${where} (Flux would substitute an empty string): define it in env or stage config`,
        k.file,
      ),
    );
  }
  return out;
}

/** Apps may not carry cluster-scoped objects even before they are deployed anywhere. */
export function checkAppStructure(walker: Builder, app: string): Diagnostic[] {
  const build = walker.build(layout.appBaseDir(app));
  const out = [...build.diagnostics];
  for (const o of build.objects) {
    if (CLUSTER_SCOPED.has(o.kind)) {
      out.push(
        diagnostic(
          'ClusterScopedInTenantPath',
          `${o.kind} ${o.name} in ${o.file} is cluster-scoped; tenant apps may only create namespaced objects`,
          o.file,
        ),
      );
    }
  }
  out.push(...plaintextSecrets(build.objects));
  return out;
}
