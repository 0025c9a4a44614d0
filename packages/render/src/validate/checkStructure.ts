import { checkCycles, diagnostic, layout, missingSecrets, scanVariables, unresolvedVariables, type Diagnostic, type VariableRef, type Fleet } from '@platter/model';
import { CLUSTER_SCOPED, type BuiltObject, type KustomizeWalker } from '../parse/kustomizeWalk';
import { isEncryptedValue } from '../parse/sops';

/**
 * Checks the repository the way Flux will see it, statically: each env builds
 * (resources vs components, files exist, no duplicate ids), and so does every
 * Flux Kustomization in it, with `spec.components` appended as Flux does; every
 * `${var}` resolves through postBuild; namespaces exist; dependsOn resolves and
 * has no cycle; tenant Kustomizations respect lockdown; no plaintext Secret.
 */
export function checkEnvironmentStructure(fleet: Fleet, walker: KustomizeWalker, env: string, memo: BuildMemo = new Map()): Diagnostic[] {
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

  const fluxKustomizations = objects.filter(isFluxKustomization);
  // Required secret keys the env lacks are reported once, by the model rule (MissingSecretKey, which a plan
  // turns into `needsSecrets`): the Secret they belong to (flux-system) counts as providing them here.
  const envModel = fleet.environments.find((e) => e.name === env);
  const expectedSecrets = new Map<string, string[]>();
  for (const m of envModel ? missingSecrets(fleet, envModel) : []) expectedSecrets.set(m.secret, [...(expectedSecrets.get(m.secret) ?? []), m.key]);
  const byId = new Map<string, BuiltObject>(fluxKustomizations.map((k) => [`${k.namespace ?? "flux-system"}/${k.name}`, k]));
  const graph = new Map<string, string[]>();
  for (const k of fluxKustomizations) {
    const ns = k.namespace ?? 'flux-system';
    const where = `Kustomization ${ns}/${k.name} (${k.file})`;
    const spec = (k.value.spec ?? {}) as Record<string, any>;
    if (!namespaces.has(ns)) {
      out.push(diagnostic('MissingNamespace', `env "${env}": ${where} lives in namespace "${ns}", which this env's build does not create`, k.file));
    }
    const deps: string[] = [];
    for (const d of Array.isArray(spec.dependsOn) ? spec.dependsOn : []) {
      const id = `${d?.namespace ?? ns}/${d?.name}`;
      deps.push(id);
      if (!byId.has(id)) out.push(diagnostic('UnknownDependency', `env "${env}": ${where} depends on Kustomization ${id}, which this env does not have`, k.file));
    }
    graph.set(`${ns}/${k.name}`, deps);

    const tenantOwned = ns !== 'flux-system';
    if (tenantOwned && fleet.settings.lockdown) {
      if (!spec.serviceAccountName) {
        out.push(diagnostic('MissingServiceAccount', `${where} has no serviceAccountName: under lockdown a tenant Kustomization must run as its tenant's service account`, k.file));
      }
      const src = spec.sourceRef ?? {};
      if (src.namespace && src.namespace !== ns) {
        out.push(diagnostic('CrossNamespaceSource', `${where} reads source ${src.kind}/${src.namespace}/${src.name} from another namespace; lockdown forbids it`, k.file));
      } else if (!index.has(`${src.kind}/${ns}/${src.name}`)) {
        out.push(diagnostic('CrossNamespaceSource', `${where} reads source ${src.kind}/${src.name}, which does not exist in namespace "${ns}" of this env`, k.file));
      }
    }

    const path = typeof spec.path === 'string' ? spec.path.replace(/^\.\//, '').replace(/\/$/, '') : '';
    if (!path || path === envDir) continue;
    const components = (Array.isArray(spec.components) ? spec.components : []).filter((c: unknown): c is string => typeof c === 'string');
    const key = `${path}\0${components.join('\0')}`;
    let result = memo.get(key);
    if (!result) {
      const inner = walker.build(path, components);
      result = {
        diagnostics: inner.diagnostics.map((d) => ({ ...d, message: `${d.message} (building ${path}${components.length ? ` with components ${components.join(', ')}` : ''} as Flux does)` })),
        objects: inner.objects,
        variables: variablesOf(inner.objects),
      };
      result.diagnostics.push(...result.variables.errors);
      memo.set(key, result);
    }
    out.push(...result.diagnostics);
    out.push(...checkSubstitution(env, where, k, ns, spec, result.variables.refs, index, ns === 'flux-system' ? expectedSecrets : new Map()));
    if (tenantOwned) {
      for (const o of result.objects) {
        if (CLUSTER_SCOPED.has(o.kind)) {
          out.push(diagnostic('ClusterScopedInTenantPath', `${o.kind} ${o.name} in ${o.file} is cluster-scoped; tenant apps may only create namespaced objects`, o.file));
        }
      }
      out.push(...plaintextSecrets(result.objects));
    }
  }
  out.push(...checkCycles(graph, `Flux Kustomizations of env "${env}"`, envDir));
  return out;
}

export type BuildMemo = Map<string, { diagnostics: Diagnostic[]; objects: readonly BuiltObject[]; variables: { refs: VariableRef[]; errors: Diagnostic[] } }>;

const isFluxKustomization = (o: BuiltObject) => o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/');

function plaintextSecrets(objects: readonly BuiltObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    if (o.kind !== 'Secret') continue;
    const values = ['data', 'stringData'].flatMap((k) => Object.values((o.value[k] ?? {}) as Record<string, unknown>));
    // Values that are only a `${VAR}` are filled by Flux from an encrypted Secret: not plaintext.
    const plaintext = values.filter((v) => !isEncryptedValue(v) && !(typeof v === 'string' && SUBSTITUTION_ONLY.test(v)));
    if (plaintext.length && !(o.value.sops && values.every(isEncryptedValue))) {
      out.push(diagnostic('NotEncrypted', `Secret ${o.namespace ?? ''}/${o.name} in ${o.file} has plaintext values: store secrets SOPS-encrypted (platter secret set)`, o.file));
    }
  }
  return out;
}

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
          errors.push(diagnostic('InvalidVariableName', `${o.kind} ${o.name} in ${o.file}: ${scan.error.message} (Flux would fail the whole build)`, o.file));
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit(o.value);
  }
  return { refs, errors };
}

function checkSubstitution(
  env: string,
  where: string,
  k: BuiltObject,
  ns: string,
  spec: Record<string, any>,
  used: readonly VariableRef[],
  envObjects: ReadonlyMap<string, BuiltObject>,
  /** Secret name -> required keys it lacks (already MissingSecretKey findings). */
  expectedSecrets: ReadonlyMap<string, readonly string[]>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const postBuild = spec.postBuild ?? {};
  const available = new Set<string>(Object.keys(postBuild.substitute ?? {}));
  for (const ref of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
    const expected = ref?.kind === 'Secret' ? expectedSecrets.get(ref?.name) : undefined;
    expected?.forEach((key) => available.add(key));
    const source = envObjects.get(`${ref?.kind}/${ns}/${ref?.name}`);
    if (!source) {
      if (!ref?.optional && !expected) {
        out.push(diagnostic('UnresolvedVariable', `env "${env}": ${where} substitutes from ${ref?.kind} ${ns}/${ref?.name}, which this env does not have (Flux would fail)`, k.file));
      }
      continue;
    }
    for (const section of ['data', 'stringData']) for (const key of Object.keys(source.value[section] ?? {})) available.add(key);
  }
  if (used.length === 0) return out;
  if (!postBuild.substitute && !postBuild.substituteFrom) return out; // no substitution configured: ${...} stays literal
  const names = [...new Set(unresolvedVariables(used, (n) => available.has(n)).map((r) => r.name))].sort();
  for (const v of names) {
    {
      out.push(diagnostic('UnresolvedVariable', `env "${env}": \${${v}} has no value for ${where} (Flux would substitute an empty string): define it in env or stage config`, k.file));
    }
  }
  return out;
}

/** Apps may not carry cluster-scoped objects even before they are deployed anywhere. */
export function checkAppStructure(walker: KustomizeWalker, app: string): Diagnostic[] {
  const build = walker.build(layout.appBaseDir(app));
  const out = [...build.diagnostics];
  for (const o of build.objects) {
    if (CLUSTER_SCOPED.has(o.kind)) {
      out.push(diagnostic('ClusterScopedInTenantPath', `${o.kind} ${o.name} in ${o.file} is cluster-scoped; tenant apps may only create namespaced objects`, o.file));
    }
  }
  out.push(...plaintextSecrets(build.objects));
  return out;
}

