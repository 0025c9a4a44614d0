import {
  checkCycles,
  diagnostic,
  layout,
  missingSecrets,
  scanVariables,
  unresolvedVariables,
  type Diagnostic,
  type VariableRef,
  type Fleet,
} from '@platter/model';
import { CLUSTER_SCOPED, type BuiltObject, type KustomizeWalker, type WalkResult } from '../parse/kustomizeWalk';
import { isEncryptedValue } from '../parse/sops';
import { checkTenantObjects } from './checkTenantPaths';

/**
 * Checks the repository the way Flux will see it, statically: each env builds
 * (resources vs components, files exist, no duplicate ids), and so does every
 * Flux Kustomization in it, with `spec.components` appended as Flux does; every
 * `${var}` resolves through postBuild; namespaces exist; dependsOn resolves and
 * has no cycle; tenant Kustomizations respect lockdown; no plaintext Secret.
 */
export function checkEnvironmentStructure(
  fleet: Fleet,
  walker: Builder,
  env: string,
  memo: BuildMemo = new Map(),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const envDir = layout.envDir(env);
  const build = walker.build(envDir);
  out.push(...build.diagnostics);
  const objects = build.objects;
  const namespaces = new Set(['flux-system', ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.name)]);
  // kind/namespace/name -> object: lookups per Flux Kustomization stay O(1) on envs with hundreds of objects.
  const index = new Map<string, BuiltObject>();
  for (const o of objects) index.set(`${o.kind}/${o.namespace ?? ''}/${o.name}`, o);

  out.push(...plaintextSecrets(objects));
  // What the env takes from tenant-writable files is applied as cluster-admin: the same rules as apps/.
  out.push(...checkTenantObjects(fleet, objects));

  const fluxKustomizations = objects.filter(isFluxKustomization);
  // Required secret keys the env lacks are reported once, by the model rule (MissingSecretKey, which a plan
  // turns into `needsSecrets`): the Secret they belong to (flux-system) counts as providing them here.
  const envModel = fleet.environments.find((e) => e.name === env);
  const expectedSecrets = new Map<string, string[]>();
  for (const m of envModel ? missingSecrets(fleet, envModel) : [])
    expectedSecrets.set(m.secret, [...(expectedSecrets.get(m.secret) ?? []), m.key]);
  const facts = fluxKustomizations.map(fluxFacts);
  const byId = new Set(facts.map((f) => f.id));
  const graph = new Map<string, readonly string[]>();
  const noSecrets = new Map<string, string[]>();
  for (const f of facts) {
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
      if (!byId.has(id))
        out.push(
          diagnostic(
            'UnknownDependency',
            `env "${env}": ${where} depends on Kustomization ${id}, which this env does not have`,
            k.file,
          ),
        );
    }
    graph.set(f.id, f.deps);

    if (f.tenantOwned && fleet.settings.lockdown) {
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
      } else if (!index.has(`${src.kind}/${ns}/${src.name}`)) {
        out.push(
          diagnostic(
            'CrossNamespaceSource',
            `${where} reads source ${src.kind}/${src.name}, which does not exist in namespace "${ns}" of this env`,
            k.file,
          ),
        );
      }
    }

    if (!isInnerBuild(f, envDir)) continue;
    const { path, components, key } = f;
    // Through the walker even when memoized: a cached walk costs nothing, and a walker on a
    // TrackedTree then records that this env read it (what incremental validation reaches, issue 17).
    const inner = walker.build(path, components);
    let result = memo.get(key);
    if (!result || result.build !== inner) result = INNER_FINDINGS.get(inner);
    if (!result) {
      result = {
        build: inner,
        diagnostics: inner.diagnostics.map((d) => ({
          ...d,
          message: `${d.message} (building ${path}${components.length ? ` with components ${components.join(', ')}` : ''} as Flux does)`,
        })),
        objects: inner.objects,
        variables: variablesOf(inner.objects),
      };
      result.diagnostics.push(...result.variables.errors);
      INNER_FINDINGS.set(inner, result);
    }
    memo.set(key, result);
    out.push(...result.diagnostics);
    out.push(
      ...substitutionFindings(env, f, result.variables.refs, index, ns === 'flux-system' ? expectedSecrets : noSecrets),
    );
    if (f.tenantOwned) out.push(...(result.tenantFindings ??= tenantFindings(result.objects)));
  }
  out.push(...checkCycles(graph, `Flux Kustomizations of env "${env}"`, envDir));
  return out;
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
 * What a Flux Kustomization's build says, whoever asks, per walk result (a walk is
 * never mutated and is of one path and components): a component version or an
 * app reached from hundreds of envs is scanned once per walk, also across
 * validations that share the walk (incremental validation reuses a commit's).
 */
const INNER_FINDINGS = new WeakMap<WalkResult, NonNullable<ReturnType<BuildMemo['get']>>>();

/**
 * Whether the check builds a Flux Kustomization's path on its own: not when it is the env itself, and only a
 * path of this repository. `spec.path` is relative to the root of its source, and a source that is no
 * GitRepository (an ExternalArtifact an ArtifactGenerator assembles, an OCIRepository, a Bucket) has a root of
 * its own: `platter check` resolves those (ExternalSource, artifacts); read here as repository paths they were
 * missing files that are not missing (an adopted flux2-kustomize-helm-example failed validate so).
 */
const isInnerBuild = (f: FluxFacts, envDir: string): boolean =>
  !!f.path && f.path !== envDir && (f.spec.sourceRef?.kind ?? 'GitRepository') === 'GitRepository';

/**
 * What the structure checks need of a walker: its builds. Incremental validation
 * passes one that answers from the builds of the commit before a change where
 * the change cannot have changed them (incremental.ts).
 */
export type Builder = Pick<KustomizeWalker, 'build'>;

export type BuildMemo = Map<
  string,
  {
    /** The walk the findings were derived from (a walker of another tree has another). */
    build?: WalkResult;
    diagnostics: Diagnostic[];
    objects: readonly BuiltObject[];
    variables: { refs: VariableRef[]; errors: Diagnostic[] };
    /** What a tenant-owned Kustomization of this build is told (its objects' findings), once per build. */
    tenantFindings?: Diagnostic[];
  }
>;

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
    if (o.kind !== 'Secret') continue;
    const known = PLAINTEXT.get(o);
    if (known !== undefined) {
      if (known) out.push(known);
      continue;
    }
    const before = out.length;
    const values = ['data', 'stringData'].flatMap((k) => Object.values((o.value[k] ?? {}) as Record<string, unknown>));
    // Values that are only a `${VAR}` are filled by Flux from an encrypted Secret: not plaintext.
    const plaintext = values.filter(
      (v) => !isEncryptedValue(v) && !(typeof v === 'string' && SUBSTITUTION_ONLY.test(v)),
    );
    if (plaintext.length && !(o.value.sops && values.every(isEncryptedValue))) {
      out.push(
        diagnostic(
          'NotEncrypted',
          `Secret ${o.namespace ?? ''}/${o.name} in ${o.file} has plaintext values: store secrets SOPS-encrypted (platter secret set)`,
          o.file,
        ),
      );
    }
    PLAINTEXT.set(o, out[before] ?? null);
  }
  return out;
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

/**
 * checkSubstitution, kept per Kustomization object and env while what it reads
 * is the same: the variables of the same build, the same source objects, the
 * same expected secret keys. A stage's Kustomizations are the same objects in
 * every walk that takes the stage over, so an env a change reaches again (a
 * plan on a PlanBase) checks only what the change made new (issue 17: a quarter
 * of a stage-wide plan's validation). Kept as long as the objects are (a
 * commit's walks: one entry per Kustomization of each env checked; 26 MiB
 * after the 50 plans of bench P10's mix on one base of the 1,000-env fleet).
 */
const SUBSTITUTION = new WeakMap<BuiltObject, Map<string, KeptSubstitution>>();

interface KeptSubstitution {
  readonly used: readonly VariableRef[];
  readonly sources: readonly (BuiltObject | undefined)[];
  /** The expected keys of the Secrets it substitutes from ('' when none is a Secret). */
  readonly expected: string;
  readonly found: readonly Diagnostic[];
}

const NONE: readonly never[] = [];

function substitutionFindings(
  env: string,
  f: FluxFacts,
  used: readonly VariableRef[],
  envObjects: ReadonlyMap<string, BuiltObject>,
  expectedSecrets: ReadonlyMap<string, readonly string[]>,
): readonly Diagnostic[] {
  let expected = '';
  for (const { ref } of f.substituteFrom)
    if (ref?.kind === 'Secret') expected += `${expectedSecrets.get(ref?.name)?.join('\0') ?? '-'}\n`;
  let byEnv = SUBSTITUTION.get(f.k);
  const kept = byEnv?.get(env);
  // Checked without allocating: most Kustomizations of an env a plan reaches again are as they were.
  if (kept && kept.used === used && kept.expected === expected) {
    let same = true;
    for (let i = 0; i < f.substituteFrom.length && same; i++)
      same = kept.sources[i] === envObjects.get(f.substituteFrom[i]!.lookup);
    if (same) return kept.found;
  }
  const sources = f.substituteFrom.length ? f.substituteFrom.map((s) => envObjects.get(s.lookup)) : NONE;
  const checked = checkSubstitution(env, f, used, envObjects, expectedSecrets);
  const found = checked.length ? checked : NONE;
  if (!byEnv) SUBSTITUTION.set(f.k, (byEnv = new Map()));
  byEnv.set(env, { used, sources, expected, found });
  return found;
}

function checkSubstitution(
  env: string,
  f: FluxFacts,
  used: readonly VariableRef[],
  envObjects: ReadonlyMap<string, BuiltObject>,
  /** Secret name -> required keys it lacks (already MissingSecretKey findings). */
  expectedSecrets: ReadonlyMap<string, readonly string[]>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { k, ns, where } = f;
  // What the variables can resolve to matters only when there are variables and substitution is on
  // (else `${...}` stays literal); a source that does not exist is reported either way.
  const available = used.length > 0 && f.substitutes ? new Set<string>(f.substituteKeys) : undefined;
  for (const { ref, lookup } of f.substituteFrom) {
    const expected = ref?.kind === 'Secret' ? expectedSecrets.get(ref?.name) : undefined;
    if (available) expected?.forEach((key) => available.add(key));
    const source = envObjects.get(lookup);
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
      continue;
    }
    if (available)
      for (const section of ['data', 'stringData'])
        for (const key of Object.keys(source.value[section] ?? {})) available.add(key);
  }
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
