import { checkAppVersionInStage, compareVersions, type Diagnostic } from '@platter/model';
import { platterEntityRef } from '@platter/plugin-platter-common';
import type { PlatterEntity } from '../../internal/entities';

/** Where an app runs in one stage, and how that stage compares to the stage it promotes from. */
export interface StageDeployment {
  readonly stage: string;
  readonly stageRef: string;
  /** The version bound to the stage (its envs run it unless pinned per env). */
  readonly version?: string;
  readonly environments: readonly {
    readonly env: string;
    readonly ref: string;
    readonly version: string;
    readonly via: 'stage' | 'env';
  }[];
  readonly promotion?: Promotion;
}

/**
 * How a stage's version compares to the stage it promotes from (compareVersions
 * of the model): `promotable` when the source is ahead, `in-sync`, `ahead` when
 * this stage runs a newer version, `not-deployed` when only the source has it.
 * `refused` when the source is ahead (or the stage lacks the app) but the stage
 * would refuse its version by the model's rule (checkAppVersionInStage: a
 * prerelease where prereleases are not allowed); `refusal` holds the finding.
 */
export interface Promotion {
  readonly from: string;
  readonly fromVersion: string;
  readonly state: 'promotable' | 'in-sync' | 'ahead' | 'not-deployed' | 'refused';
  readonly refusal?: Diagnostic;
}

/**
 * Versions of one app per stage and env, from the environment and stage
 * entities the catalog provider publishes. Stages appear in promotion order:
 * those that run the app, and those that promote from one that does.
 */
export function appDeployments(
  app: string,
  environments: readonly PlatterEntity<'environment'>[],
  stages: readonly PlatterEntity<'stage'>[],
): StageDeployment[] {
  const envsByStage = new Map<string, StageDeployment['environments'][number][]>();
  for (const { facts } of environments) {
    const a = facts.apps.find((x) => x.app === app);
    if (!a) continue;
    const list = envsByStage.get(facts.stage) ?? [];
    list.push({ env: facts.name, ref: platterEntityRef.environment(facts.name), version: a.version, via: a.via });
    envsByStage.set(facts.stage, list);
  }
  const stageVersion = (stage: string): string | undefined => {
    const bound = stages.find((s) => s.facts.name === stage)?.facts.apps.find((x) => x.app === app)?.version;
    if (bound) return bound;
    const versions = new Set((envsByStage.get(stage) ?? []).map((e) => e.version));
    return versions.size === 1 ? [...versions][0] : undefined;
  };
  const ordered = [...stages].sort((a, b) => a.facts.order - b.facts.order).map((s) => s.facts);
  // Envs whose stage has no stage entity (yet) still show, after the known stages.
  for (const stage of envsByStage.keys()) {
    if (!ordered.some((s) => s.name === stage))
      ordered.push({
        name: stage,
        order: Number.MAX_SAFE_INTEGER,
        allowPrerelease: false,
        environmentCount: 0,
        components: [],
        apps: [],
      });
  }
  const out: StageDeployment[] = [];
  for (const s of ordered) {
    const version = stageVersion(s.name);
    const fromVersion = s.promotesFrom !== undefined ? stageVersion(s.promotesFrom) : undefined;
    if (version === undefined && fromVersion === undefined) continue;
    let promotion: Promotion | undefined;
    if (s.promotesFrom !== undefined && fromVersion !== undefined) {
      const cmp = version === undefined ? 1 : compareVersions(fromVersion, version);
      const state = version === undefined ? 'not-deployed' : cmp > 0 ? 'promotable' : cmp === 0 ? 'in-sync' : 'ahead';
      const refusal = cmp > 0 ? checkAppVersionInStage(app, fromVersion, s) : undefined;
      promotion = refusal
        ? { from: s.promotesFrom, fromVersion, state: 'refused', refusal }
        : { from: s.promotesFrom, fromVersion, state };
    }
    out.push({
      stage: s.name,
      stageRef: platterEntityRef.stage(s.name),
      ...(version !== undefined ? { version } : {}),
      environments: [...(envsByStage.get(s.name) ?? [])].sort((a, b) => a.env.localeCompare(b.env)),
      ...(promotion ? { promotion } : {}),
    });
  }
  return out;
}
