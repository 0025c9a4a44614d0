import {
  diagnostic,
  layout,
  objectNames,
  pathOwner,
  resolveRelative,
  type Diagnostic,
  type FileTree,
  type Fleet,
} from '@platter/model';
import { CLUSTER_SCOPED, findKustomizationFile, type BuiltObject } from '../parse/kustomizeWalk';
import type { ParseCache } from '../parse/parseCache';
import type { Builder } from './checkStructure';

/**
 * Tenant-writable means tenant-reconciled (DESIGN §6). A tenant commits directly
 * to its app bindings (`tenants/<t>/<stage>/`, `tenants/<t>/envs/<env>/`, see
 * pathOwner), but those directories are built into the env itself: whatever they
 * hold is applied by flux-system as kustomize-controller, with cluster-admin
 * rights. So they may hold only what cannot run with more than the tenant's
 * rights, checked here by the same rules as apps/:
 *
 * - objects: only Flux Kustomizations, in one of the tenant's namespaces and,
 *   under lockdown, running as the tenant's service account (the Kustomization
 *   then applies its path with the tenant's rights). Anything else (a
 *   ClusterRoleBinding, a RoleBinding, a Secret, a Kustomization in
 *   flux-system) would be applied as cluster-admin: ClusterScopedInTenantPath
 *   for cluster-scoped objects, PrivilegedInTenantPath for the rest;
 * - their kustomization.yaml: only `resources`, naming files of the directory
 *   or the tenant's own `base` (platform-owned, listed as Platter writes it).
 *   A patch, a component, a generator or another directory would change
 *   platform objects or bring in objects as cluster-admin: PrivilegedInTenantPath.
 */

/** Findings for the objects of a build that come from tenant-writable files. */
export function checkTenantObjects(fleet: Fleet, objects: readonly BuiltObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const problem = tenantObjectFinding(fleet, o);
    if (problem) out.push(problem);
  }
  return out;
}

/** The finding of one object of a build, when it comes from a tenant-writable file. */
export function tenantObjectFinding(fleet: Fleet, o: BuiltObject): Diagnostic | undefined {
  if (!o.file.startsWith(`${layout.tenantsDir}/`)) return undefined;
  const memo = memoOf(fleet);
  let problem = memo.get(o);
  if (problem === undefined) {
    const owner = pathOwner([fleet], o.file);
    problem = (owner.kind === 'tenant' && tenantObjectProblem(fleet, owner.tenant, o)) || null;
    memo.set(o, problem);
  }
  return problem ?? undefined;
}

/**
 * What {@link tenantObjectProblem} reads of a model, as one string: lockdown and
 * each tenant's namespaces (pathOwner reads nothing of the model for a path
 * under tenants/). Two models with the same facts give every object the same
 * finding, so findings are kept per facts, not per model object: each change
 * parses a new model, and a stage's tenant objects are the same objects in
 * every env of the stage and in every change that does not touch them.
 */
export function tenantFactsOf(fleet: Fleet): string {
  let facts = TENANT_FACTS.get(fleet);
  if (facts === undefined) {
    facts = JSON.stringify([!!fleet.settings.lockdown, fleet.tenants.map((t) => [t.name, t.namespaces])]);
    TENANT_FACTS.set(fleet, facts);
  }
  return facts;
}

const TENANT_FACTS = new WeakMap<Fleet, string>();

/** Findings per object, for the last few tenant facts (a model in use and the changes planned on it). */
const TENANT_OBJECT_FINDINGS = new Map<string, WeakMap<BuiltObject, Diagnostic | null>>();
const KEPT_TENANT_FACTS = 4;

/** The findings kept for a model's tenant facts, looked up once per model. */
const MEMO_OF_MODEL = new WeakMap<Fleet, WeakMap<BuiltObject, Diagnostic | null>>();

function memoOf(fleet: Fleet): WeakMap<BuiltObject, Diagnostic | null> {
  let memo = MEMO_OF_MODEL.get(fleet);
  if (memo) return memo;
  const facts = tenantFactsOf(fleet);
  memo = TENANT_OBJECT_FINDINGS.get(facts) ?? new WeakMap();
  // Most recently used last (a Map keeps insertion order): the first entry is the one to drop.
  TENANT_OBJECT_FINDINGS.delete(facts);
  TENANT_OBJECT_FINDINGS.set(facts, memo);
  if (TENANT_OBJECT_FINDINGS.size > KEPT_TENANT_FACTS)
    TENANT_OBJECT_FINDINGS.delete(TENANT_OBJECT_FINDINGS.keys().next().value!);
  MEMO_OF_MODEL.set(fleet, memo);
  return memo;
}

function tenantObjectProblem(fleet: Fleet, tenant: string, o: BuiltObject): Diagnostic | undefined {
  const what = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} in ${o.file}`;
  const why = `tenant "${tenant}" may write this file directly, and flux-system applies it with cluster-admin rights`;
  const fix = `a tenant path may hold only Flux Kustomizations that run as the tenant's service account; ask the platform team for anything else`;
  if (CLUSTER_SCOPED.has(o.kind))
    return diagnostic('ClusterScopedInTenantPath', `${what} is cluster-scoped: ${why}; ${fix}`, o.file);
  if (o.kind !== 'Kustomization' || !o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) {
    return diagnostic('PrivilegedInTenantPath', `${what}: ${why}; ${fix}`, o.file);
  }
  const namespaces = fleet.tenants.find((t) => t.name === tenant)?.namespaces ?? [];
  if (!o.namespace || !namespaces.includes(o.namespace)) {
    return diagnostic(
      'PrivilegedInTenantPath',
      `${what} is not in a namespace of tenant "${tenant}" (${namespaces.join(', ') || 'none'}): ${why}; ${fix}`,
      o.file,
    );
  }
  const account = o.value.spec?.serviceAccountName;
  if (fleet.settings.lockdown && account !== objectNames.tenantServiceAccount(tenant)) {
    return diagnostic(
      'PrivilegedInTenantPath',
      `${what} runs as ${account === undefined ? 'kustomize-controller (no serviceAccountName)' : `service account "${String(account)}"`}, ` +
        `not as tenant "${tenant}"'s service account "${objectNames.tenantServiceAccount(tenant)}": ${why}; ${fix}`,
      o.file,
    );
  }
  return undefined;
}

/** Keys a tenant-writable kustomization may have: it lists resources and does nothing else. */
const TENANT_KUSTOMIZATION_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'resources']);

/**
 * Every tenant-writable directory with a kustomization (built or not: one
 * referenced later would be applied as written) and the objects its build
 * takes from tenant-writable files.
 */
export function checkTenantPaths(fleet: Fleet, tree: FileTree, walker: Builder, parsed: ParseCache): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dirs = new Set<string>();
  for (const path of tree.list(layout.tenantsDir)) {
    const parts = path.split('/');
    for (let end = 3; end < parts.length; end++) {
      const dir = parts.slice(0, end).join('/');
      if (pathOwner([fleet], `${dir}/x`).kind === 'tenant') dirs.add(dir);
    }
  }
  for (const dir of [...dirs].sort()) {
    const kFile = findKustomizationFile(tree, dir);
    if (!kFile) continue;
    const tenant = dir.split('/')[1]!;
    const read = parsed.read(tree, kFile);
    if (read.diagnostic) continue; // reported by the build
    out.push(...kustomizationProblems(tree, tenant, dir, kFile, (read.values?.[0] ?? {}) as Record<string, unknown>));
    out.push(...checkTenantObjects(fleet, walker.build(dir).objects));
  }
  return out;
}

function kustomizationProblems(
  tree: FileTree,
  tenant: string,
  dir: string,
  kFile: string,
  k: Record<string, unknown>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refuse = (what: string) =>
    out.push(
      diagnostic(
        'PrivilegedInTenantPath',
        `${kFile}: ${what}: tenant "${tenant}" may write this file directly, and flux-system builds it with cluster-admin rights; ` +
          `it may only list its own files and ../base (tenants/${tenant}/base), as Platter writes it`,
        kFile,
      ),
    );
  if (k.kind !== undefined && k.kind !== 'Kustomization') refuse(`kind ${JSON.stringify(k.kind)} (only Kustomization)`);
  for (const key of Object.keys(k)) if (!TENANT_KUSTOMIZATION_KEYS.has(key)) refuse(`\`${key}:\` is not allowed`);
  const resources = Array.isArray(k.resources) ? k.resources : k.resources === undefined ? [] : [k.resources];
  for (const entry of resources) {
    const target = typeof entry === 'string' ? resolveRelative(dir, entry) : undefined;
    const ownFile =
      target !== undefined &&
      target.startsWith(`${dir}/`) &&
      !target.slice(dir.length + 1).includes('/') &&
      tree.read(target) !== undefined;
    if (!ownFile && target !== layout.tenantBaseDir(tenant))
      refuse(`resource ${JSON.stringify(entry)} is neither a file of ${dir} nor tenants/${tenant}/base`);
  }
  return out;
}
