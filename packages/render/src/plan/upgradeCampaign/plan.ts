import {
  campaignWaves,
  checkAddonSelection,
  checkVersion,
  checkWaveSpecs,
  compareVersions,
  configuredWaves,
  effectiveComponent,
  isValidVersion,
  layout,
  nextWave,
  parseCampaignSettings,
  requireComponentVersion,
  requireService,
  requireStage,
  toWaveSpecs,
  type CampaignWave,
  type Diagnostic,
  type Fleet,
  type RequestOf,
} from '@platter/model';
import { parseYamlValues } from '../../yaml';
import { assertValid, NOTHING, only } from '../menuSupport';
import { fail, loadFleet } from '../support';
import type { Planner, PlannerContext, PlannerResult } from '../types';
import { planUpgradeComponent } from '../upgradeComponent/plan';

/**
 * Plans UpgradeCampaign (issue 19 §3): one wave, planned on the current head
 * (so each wave is re-planned on what the previous ones left). The waves are
 * the request's `waves`, else platter.yaml `spec.campaigns.waves` (without the
 * stages that do not run the service), else every stage running it in
 * promotion order; the wave is `wave` (by name) or the next one not landed.
 * What has landed is read from the tree alone.
 *
 * - A stage wave is an UpgradeComponent of its stage, which also removes the
 *   pins of the envs that ran the version ahead (the canary): the stage moves
 *   and the override goes in the same commit.
 * - A canary wave `{ stage, envs }` pins the version in those envs' overlays (a
 *   patch of the stage's runtime Kustomization's `spec.path`, renderEnvironment).
 *
 * Touches stages/<stage>/runtime/<svc>.yaml (+ the canary envs'
 * kustomization.yaml), or envs/<env>/kustomization.yaml of a canary's envs.
 * Rejects UnknownStage / UnknownEnvironment / InvalidRequest (a wave that is no
 * stage, an env not in its wave's stage, a wave name twice, a wave not in the
 * waves), UnknownRuntimeService, WaveOutOfOrder (an earlier wave has not
 * landed), what UpgradeComponent rejects for a stage wave, and for a canary
 * UnknownComponentVersion, Downgrade, AddonIncompatible / UnknownAddon /
 * AddonConflict (the env's addons in the pinned version), and through the rules
 * PrereleaseNotAllowed and SunsetVersion. The soak is not checked here (the
 * tree has no clock of merges): campaignProgress over Git's landing dates is,
 * by `platter campaign next` and the scaffolder action.
 * A campaign whose waves have all landed plans empty.
 */
export const planUpgradeCampaign: Planner<'UpgradeCampaign'> = (r, ctx) => {
  const before = loadFleet(ctx);
  requireService(before, r.service, 'service');
  const waves = wavesOf(before, r, ctx);
  const next = nextWave(waves);
  let wave = next;
  if (r.wave !== undefined) {
    const at = waves.findIndex((w) => w.name === r.wave);
    if (at < 0) {
      // A stage or env name that is no wave: say which waves there are.
      if (!waves.length) requireStage(before, r.wave, 'wave');
      fail(
        'InvalidRequest',
        `wave "${r.wave}" is not one of the waves (${waves.map((w) => w.name).join(', ')})`,
        'wave',
      );
    }
    const pending = waves.slice(0, at).filter((w) => !w.landed);
    if (pending.length)
      fail(
        'WaveOutOfOrder',
        `wave "${r.wave}" comes after ${pending.map((w) => `"${w.name}" (${describePending(w)})`).join(', ')}, which has not landed ${r.version} yet`,
        'wave',
      );
    wave = waves[at];
  }
  if (wave === undefined || wave.landed) return { before, after: before, scope: NOTHING };
  if (!wave.envs) {
    return planUpgradeComponent(
      { kind: 'UpgradeComponent', stage: wave.stage, service: r.service, version: r.version },
      ctx,
    );
  }
  return planCanary(before, r.service, r.version, wave);
};

/** The campaign's waves, checked: the request's, platter.yaml's, or every stage running the service. */
function wavesOf(before: Fleet, r: RequestOf<'UpgradeCampaign'>, ctx: PlannerContext): CampaignWave[] {
  if (r.waves) {
    throwFirst(checkWaveSpecs(before, toWaveSpecs(r.waves), 'waves'));
    return campaignWaves(before, r.service, r.version, r.waves);
  }
  const text = ctx.reader.tree.read(layout.settings);
  const settings = parseCampaignSettings(text === undefined ? undefined : parseYamlValues(text)[0]);
  const configured = configuredWaves(before, r.service, settings);
  if (configured) throwFirst(checkWaveSpecs(before, configured, `${layout.settings}#spec.campaigns.waves`));
  return campaignWaves(before, r.service, r.version, configured);
}

const describePending = (w: CampaignWave): string =>
  w.envs ? `${w.pending!.join(', ')} not at it` : `runs ${w.current ?? 'nothing'}`;

function throwFirst(diagnostics: readonly Diagnostic[]): void {
  const first = diagnostics.find((d) => d.severity === 'error');
  if (first) fail(first.code, first.message, first.path);
}

/** A canary wave: pin the version in each of its envs that does not run it yet. */
function planCanary(before: Fleet, service: string, version: string, wave: CampaignWave): PlannerResult {
  const stage = requireStage(before, wave.stage, 'wave');
  const component = stage.components.find((c) => c.service === service);
  if (!component)
    fail(
      'UnknownRuntimeService',
      `stage "${stage.name}" does not run ${service}: a canary wave pins a version of a component its stage runs`,
      layout.stageRuntimeDir(stage.name),
    );
  assertValid(checkVersion(version, `${service} version`, 'version'));
  const target = requireComponentVersion(before, service, version, 'version');
  if (isValidVersion(component.version) && compareVersions(version, component.version) < 0)
    fail(
      'Downgrade',
      `stage "${stage.name}" runs ${service} ${component.version}; a canary of the older ${version} would run it backwards`,
      'version',
    );
  const svc = requireService(before, service, 'service');
  const pending = new Set(wave.pending);
  for (const env of before.environments.filter((e) => pending.has(e.name))) {
    const addons = effectiveComponent(component, env).addons;
    throwFirst(
      checkAddonSelection(svc, target, addons, `environment "${env.name}"`, layout.envKustomization(env.name)),
    );
  }
  const after: Fleet = {
    ...before,
    environments: before.environments.map((e) =>
      pending.has(e.name)
        ? {
            ...e,
            versionOverrides: [
              ...(e.versionOverrides ?? []).filter((p) => p.service !== service),
              { service, version },
            ].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)),
          }
        : e,
    ),
  };
  return { before, after, scope: only({ environments: [...pending].sort() }) };
}
