import { diagnostic, known, type Diagnostic } from '../errors';
import type { Fleet } from '../fleet';
import { findStage, groupsOwningSeveralTenants } from '../fleet';
import { layout } from '../layout';
import { checkCodeownersHandle, checkName, checkOwnerRef } from '../names';
import { at } from './context';
import { duplicates } from './duplicates';

/** Tenants: owners (one tenant per group), namespaces (valid, not reserved, owned once), stages they are onboarded into. */
export function checkTenants(fleet: Fleet): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (d: Diagnostic | undefined) => d && out.push(d);
  for (const name of duplicates(fleet.tenants.map((t) => t.name))) {
    out.push(diagnostic('DuplicateName', `tenant "${name}" is declared more than once`, layout.settings));
  }
  // One group owns one tenant (fleet/owners.ts): the portal acts for a person as the tenant their group owns.
  for (const [group, names] of groupsOwningSeveralTenants(fleet.tenants)) {
    out.push(
      diagnostic(
        'InvalidSettings',
        `${group} owns several tenants (${names.join(', ')}): a group owns one tenant; give each tenant its own owner group`,
        `${layout.settings}#tenants.${names[1]}.owner`,
      ),
    );
  }
  const owners = new Map<string, string>();
  for (const s of fleet.services) for (const v of s.versions) owners.set(v.namespace, `runtime service ${s.name}`);
  for (const tenant of fleet.tenants) {
    const path = at(tenant, layout.settings);
    push(checkName('tenant', tenant.name, path));
    push(checkOwnerRef(tenant.owner, `${layout.settings}#tenants.${tenant.name}.owner`));
    for (const handle of tenant.codeowners)
      push(checkCodeownersHandle(handle, `${layout.settings}#tenants.${tenant.name}.codeowners`));
    if (tenant.namespaces.length === 0)
      out.push(diagnostic('InvalidSettings', `tenant "${tenant.name}" has no namespaces`, path));
    for (const ns of tenant.namespaces) {
      const bad = checkName('namespace', ns, path);
      if (bad) {
        out.push(bad);
        continue;
      }
      const owner = owners.get(ns);
      if (owner)
        out.push(
          diagnostic(
            'NamespaceCollision',
            `namespace "${ns}" of tenant "${tenant.name}" is already used by ${owner}`,
            path,
          ),
        );
      else owners.set(ns, `tenant ${tenant.name}`);
    }
    for (const stage of tenant.stages) {
      if (!findStage(fleet, stage)) {
        out.push(
          diagnostic(
            'UnknownStage',
            `tenant "${tenant.name}" is onboarded into stage "${stage}", which does not exist (known: ${known(fleet.stages.map((s) => s.name))})`,
            layout.tenantStageDir(tenant.name, stage),
          ),
        );
      }
    }
  }
  return out;
}
