import {
  checkName,
  diagnostic,
  findStage,
  layout,
  PlatterError,
  RequestRejected,
  requireStage,
  type FileChange,
  type Fleet,
  type RequestOf,
  type Stage,
  type StageComponent,
} from '@platter/model';
import type { Planner } from '../types';
import { loadFleet } from '../support';

/**
 * Plans CreateStage: a new stage at its place in the promotion order.
 *
 * Touches platter.yaml (the stage's entry in `stages`, at its position: that
 * list is the promotion order; and the `promotesFrom` of each `promotesTo`
 * stage, promoted from the new stage from now on) and writes stages/<stage>/
 * (kustomization.yaml, stage-config.yaml with the request's config, and
 * runtime/<svc>.yaml for each component copied from `copyComponentsFrom`: the
 * source stage's file as it is, comments and hand-tuned fields included, since
 * nothing in it names the stage). Nothing else: no env is in the new stage yet,
 * no tenant is onboarded into it, and no stage but the `promotesTo` ones is
 * re-linked (a stage promoted from `promotesFrom` keeps promoting from it).
 *
 * Rejects InvalidName/ReservedName (the name, before any path is built),
 * UnknownStage (after, promotesFrom, promotesTo, copyComponentsFrom),
 * InvalidRequest (a position past the end; promotesFrom not before the new
 * stage; a promotesTo stage not after it) and AlreadyExists (a stage of that
 * name with other settings). Through the rules: PrereleaseNotAllowed (copied
 * prerelease versions into a stage that does not allow them), MissingConfigKey
 * (a key the copied components need that the config does not give),
 * InvalidVariableName (config keys).
 *
 * Re-planning an applied request is empty: an existing stage at the same place
 * with the same promotesFrom, allowPrerelease and config, its promotesTo stages
 * promoted from it, is left alone (its components are not compared: they are
 * the stage's to change after creation).
 */
export const planCreateStage: Planner<'CreateStage'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const badName = checkName('stage', r.name, 'name');
  if (badName) throw new RequestRejected([badName]);
  const others = before.stages.filter((s) => s.name !== r.name);
  if (r.after !== undefined) requireStage(before, r.after, 'after');
  if (r.promotesFrom !== undefined) requireStage(before, r.promotesFrom, 'promotesFrom');
  const source =
    r.copyComponentsFrom !== undefined ? requireStage(before, r.copyComponentsFrom, 'copyComponentsFrom') : undefined;

  const index = indexOf(r, others);
  if (r.promotesFrom !== undefined && others.findIndex((s) => s.name === r.promotesFrom) >= index) {
    throw new RequestRejected([
      diagnostic(
        'InvalidRequest',
        `stage "${r.name}" would promote from "${r.promotesFrom}", which must come before it in the promotion order: place it after "${r.promotesFrom}"`,
        'promotesFrom',
      ),
    ]);
  }

  // Inserting into a chain (staging -> prod becomes staging -> qa -> prod): only stages after the new one.
  r.promotesTo.forEach((name, i) => {
    requireStage(before, name, `promotesTo.${i}`);
    if (others.findIndex((s) => s.name === name) < index)
      throw new RequestRejected([
        diagnostic(
          'InvalidRequest',
          `stage "${name}" would be promoted from "${r.name}", so it must come after it in the promotion order: place "${r.name}" before "${name}"`,
          `promotesTo.${i}`,
        ),
      ]);
  });

  const existing = findStage(before, r.name);
  if (existing) {
    const differences = differencesFrom(before, existing, r, index);
    if (differences.length)
      throw new PlatterError(
        'AlreadyExists',
        `stage "${r.name}" already exists with other ${differences.join(', ')}: delete it first (DeleteStage), or change it by hand in ${layout.settings}`,
        layout.stageDir(r.name),
      );
    return { before, after: before, scope: { stages: [] } };
  }

  const stage: Stage = {
    name: r.name,
    allowPrerelease: r.allowPrerelease,
    ...(r.promotesFrom !== undefined ? { promotesFrom: r.promotesFrom } : {}),
    config: { ...r.config },
    components: (source?.components ?? []).map(copyComponent),
  };
  const relinked = others.map((s) => (r.promotesTo.includes(s.name) ? { ...s, promotesFrom: r.name } : s));
  const stages = [...relinked.slice(0, index), stage, ...relinked.slice(index)];
  const after: Fleet = { ...before, stages };
  // A copy is a copy: the source's runtime files as they are (comments, tuned fields, unknown fields), since
  // nothing in them names the stage. Render would write the same objects without what people added.
  const files: FileChange[] = (source?.components ?? []).flatMap((c) => {
    const text = ctx.reader.tree.read(layout.stageRuntime(source!.name, c.service));
    return text === undefined
      ? []
      : [{ path: layout.stageRuntime(r.name, c.service), op: 'add' as const, after: text }];
  });
  return { before, after, scope: { settings: true, stages: [r.name] }, files };
};

/** Where the new stage goes in the stage list (0-based): after `after`, at `position`, or last. */
function indexOf(r: RequestOf<'CreateStage'>, stages: readonly Stage[]): number {
  if (r.after !== undefined) return stages.findIndex((s) => s.name === r.after) + 1;
  if (r.position === undefined) return stages.length;
  if (r.position > stages.length + 1)
    throw new RequestRejected([
      diagnostic(
        'InvalidRequest',
        `position ${r.position} is past the end of the promotion order (${stages.length} stages: 1 to ${stages.length + 1})`,
        'position',
      ),
    ]);
  return r.position - 1;
}

/** A copied component is the stage's own: the source's parse location does not come along. */
const copyComponent = (c: StageComponent): StageComponent => ({
  service: c.service,
  version: c.version,
  addons: [...c.addons],
  ...(c.values !== undefined ? { values: structuredClone(c.values) } : {}),
});

/** What an existing stage of the same name has that the request does not ask for (empty: already applied). */
function differencesFrom(fleet: Fleet, stage: Stage, r: RequestOf<'CreateStage'>, index: number): string[] {
  const out: string[] = [];
  const at = fleet.stages.indexOf(stage);
  const placed = r.after !== undefined || r.position !== undefined;
  if (placed && at !== index) out.push(`place in the promotion order (it is number ${at + 1})`);
  if (stage.promotesFrom !== r.promotesFrom) out.push(`promotesFrom (${stage.promotesFrom ?? 'none'})`);
  if (stage.allowPrerelease !== r.allowPrerelease) out.push(`allowPrerelease (${stage.allowPrerelease})`);
  const sorted = (c: Readonly<Record<string, string>>) => JSON.stringify(Object.entries(c).sort());
  if (sorted(stage.config) !== sorted(r.config)) out.push('config');
  const notYet = r.promotesTo.filter((n) => fleet.stages.find((s) => s.name === n)?.promotesFrom !== r.name);
  if (notYet.length) out.push(`stages promoted from it (${notYet.join(', ')} are not)`);
  return out;
}
