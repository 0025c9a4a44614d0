import { findComponentVersion, type FileChange, type Fleet } from '@platter/model';

/**
 * Stages and environments a set of changes reaches, from the paths it touches
 * (DESIGN §2 layout): a stage change reaches all its envs; a runtime version
 * reaches the stages that run it; an app's base reaches wherever it is deployed.
 */
export function affectedBy(
  changes: readonly FileChange[],
  fleets: readonly Fleet[],
): { stages: string[]; environments: string[] } {
  const stages = new Set<string>();
  const envs = new Set<string>();
  const addStage = (s: string) => stages.add(s);
  for (const { path } of changes) {
    const p = path.split('/');
    if (p[0] === 'stages' && p[1]) addStage(p[1]);
    else if (p[0] === 'envs' && p[1]) envs.add(p[1]);
    else if (p[0] === 'runtime' && p[1] && p[2]) {
      for (const f of fleets) {
        if (!findComponentVersion(f, p[1], p[2])) continue;
        for (const s of f.stages)
          if (s.components.some((c) => c.service === p[1] && c.version === p[2])) addStage(s.name);
      }
    } else if (p[0] === 'tenants' && p[1] && p[2]) {
      if (p[2] === 'envs' && p[3]) envs.add(p[3]);
      else if (p[2] === 'base') {
        for (const f of fleets) {
          const t = f.tenants.find((x) => x.name === p[1]);
          t?.stages.forEach(addStage);
          for (const a of f.apps) if (a.tenant === p[1]) for (const d of a.deployments) if (d.env) envs.add(d.env);
        }
      } else addStage(p[2]);
    } else if (p[0] === 'apps' && p[1] && p[2]) {
      if (p[2] === 'envs' && p[3]) envs.add(p[3]);
      else if (p[2] === 'base') {
        for (const f of fleets) {
          for (const d of f.apps.find((a) => a.name === p[1])?.deployments ?? []) {
            if (d.stage) addStage(d.stage);
            else envs.add(d.env!);
          }
        }
      } else addStage(p[2]);
    }
  }
  for (const f of fleets) for (const e of f.environments) if (stages.has(e.stage)) envs.add(e.name);
  return { stages: [...stages].sort(), environments: [...envs].sort() };
}
