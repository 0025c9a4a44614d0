import {
  describeTarget,
  diagnostic,
  findStage,
  known,
  layout,
  RequestRejected,
  type Diagnostic,
  type Fleet,
  type Stage,
} from '@platter/model';
import { readFreezes } from '../../queries/freezes';
import type { Planner } from '../types';
import { loadFleet, NOTHING } from '../support';

/**
 * Plans DeleteStage: removes a stage nothing runs in.
 *
 * Touches platter.yaml (its entry in `stages`, and with `relink` the
 * `promotesFrom` of the stages promoted from it), all of stages/<stage>/**
 * (kustomization, stage-config, runtime/*.yaml, unmanaged files too) and, for
 * each tenant onboarded into the stage, tenants/<t>/<stage>/** (with no app
 * bound there it holds only the tenant's base for the stage's envs, and there
 * are none). CODEOWNERS, the menu and the other stages' files do not change.
 *
 * Rejects StageInUse, one finding per user, all at once: each environment of
 * the stage (delete it first), each app bound to it (offboard it from
 * the stage first), each freeze in platter.yaml that names it, and, without
 * `relink`, each stage promoted from it. Stages are never re-linked silently:
 * which versions reach prod is the platform team's call (as in Kargo, where
 * deleting a Stage re-wires nothing), so `relink: true` says it: dev -> staging -> prod without staging becomes
 * dev -> prod, and a stage promoted from a first stage promotes from nothing.
 * The last stage cannot go: the rules' InvalidSettings (no stages).
 *
 * Re-applied (the stage is gone) it plans nothing, with an AlreadyAbsent warning
 * that still shows a typo.
 */
export const planDeleteStage: Planner<'DeleteStage'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const stage = findStage(before, r.name);
  if (!stage) {
    const warning = diagnostic(
      'AlreadyAbsent',
      `stage "${r.name}" does not exist (known: ${known(before.stages.map((s) => s.name))}): nothing to delete`,
      'name',
    );
    return { before, after: before, scope: NOTHING, diagnostics: [warning] };
  }
  const promoted = before.stages.filter((s) => s.promotesFrom === stage.name);
  const freezes = readFreezes(ctx.reader.tree).freezes.filter((f) => f.stages.includes(stage.name));
  const users = [
    ...usersOf(before, stage, r.relink ? [] : promoted),
    // A freeze is the platform team's word: it is not edited away as a side effect of a deletion.
    ...freezes.map((f) =>
      diagnostic(
        'StageInUse',
        `stage "${stage.name}" is in use: freeze "${f.name}" names it: take it out of the freeze (${layout.settings} spec.freezes) first`,
        layout.settings,
      ),
    ),
  ];
  if (users.length) throw new RequestRejected(users);

  const relinked = (s: Stage): Stage => {
    if (s.promotesFrom !== stage.name) return s;
    const { promotesFrom: _gone, ...rest } = s;
    return stage.promotesFrom !== undefined ? { ...rest, promotesFrom: stage.promotesFrom } : rest;
  };
  const after: Fleet = {
    ...before,
    stages: before.stages.filter((s) => s !== stage).map(relinked),
    tenants: before.tenants.map((t) =>
      t.stages.includes(stage.name) ? { ...t, stages: t.stages.filter((s) => s !== stage.name) } : t,
    ),
  };
  return { before, after, scope: { settings: true } };
};

/** What keeps a stage in use: its envs, the apps bound to it, and the stages promoted from it. */
function usersOf(fleet: Fleet, stage: Stage, promoted: readonly Stage[]): Diagnostic[] {
  const target = { stage: stage.name };
  const inUse = (message: string, path: string) =>
    diagnostic('StageInUse', `stage "${stage.name}" is in use: ${message}`, path);
  return [
    ...fleet.environments
      .filter((e) => e.stage === stage.name)
      .map((e) =>
        inUse(
          `environment "${e.name}" is in it: delete it first (platter env remove ${e.name})`,
          layout.envDir(e.name),
        ),
      ),
    ...fleet.apps
      .filter((a) => a.deployments.some((d) => d.stage === stage.name))
      .map((a) =>
        inUse(
          `app "${a.name}" (tenant ${a.tenant}) is bound to ${describeTarget(target)}: offboard it from there first (platter app remove ${a.name} --stage ${stage.name})`,
          layout.appOverlayDir(a.name, target),
        ),
      ),
    ...promoted.map((s) =>
      inUse(
        `stage "${s.name}" is promoted from it: ask for relink (platter stage remove ${stage.name} --relink), and "${s.name}" is then promoted from ${stage.promotesFrom !== undefined ? `"${stage.promotesFrom}"` : 'nothing'}`,
        layout.settings,
      ),
    ),
  ];
}
