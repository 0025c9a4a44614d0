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
  let memo = TENANT_OBJECT_FINDINGS.get(fleet);
  if (!memo) TENANT_OBJECT_FINDINGS.set(fleet, (memo = new WeakMap()));
  for (const o of objects) {
    if (!o.file.startsWith(`${layout.tenantsDir}/`)) continue;
    let problem = memo.get(o);
    if (problem === undefined) {
      const owner = pathOwner([fleet], o.file);
      problem = (owner.kind === 'tenant' && tenantObjectProblem(fleet, owner.tenant, o)) || null;
      memo.set(o, problem);
    }
    if (problem) out.push(problem);
  }
  return out;
}

/**
 * An object's finding, per model: a stage's tenant objects are the same objects
 * in every env of the stage (a walk is never mutated), checked once, not once per env.
 */
const TENANT_OBJECT_FINDINGS = new WeakMap<Fleet, WeakMap<BuiltObject, Diagnostic | null>>();

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
