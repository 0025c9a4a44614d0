import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';
import { defineRequestKind } from './spec';

/** A wave: a stage name (the whole stage), or `{ stage, envs, name? }` (a canary: those envs of it first). */
const wave = z.union([
  name,
  z
    .object({
      stage: name,
      envs: z.array(name).min(1).optional().describe('A canary wave: only these envs of the stage, pinned'),
      name: name.optional().describe("The wave's name (default: its one env, <stage>-canary for several)"),
    })
    .strict(),
]);

/**
 * One wave of an upgrade campaign (issue 19 §3): moves a runtime service to a
 * version stage by stage, in promotion order, one wave per request, each its
 * own branch and pull request (the subject names the wave). A wave is a stage,
 * or a canary: a named subset of a stage's envs that runs the version first
 * (pinned in the envs' overlays) before the rest of the stage; the stage's own
 * wave then moves the stage and removes those pins in the same commit. `waves`
 * fixes the waves and their order (default: platter.yaml `spec.campaigns.waves`,
 * else every stage that runs the service, in promotion order); `wave` names the
 * wave this request opens (default: the next one not landed). A wave is refused
 * while an earlier one has not landed; the soak between waves (platter.yaml
 * `spec.stages[].promotion.soak`) is read from Git by `platter campaign next`
 * and the scaffolder action (campaignProgress).
 */
export const upgradeCampaignRequest = z
  .object({
    kind: z.literal('UpgradeCampaign'),
    service: name,
    version,
    waves: z
      .array(wave)
      .optional()
      .describe('The waves in order: stages, or { stage, envs } canaries (default: platter.yaml, else every stage)'),
    wave: name.optional().describe('The wave this request opens, by name (default: the next not landed)'),
    ...requestMeta,
  })
  .strict();

export const upgradeCampaignSpec = defineRequestKind({
  schema: upgradeCampaignRequest,
  audience: 'platform',
  noun: 'campaign',
  verb: 'advance',
  command: 'campaign next',
  targetFields: [],
  // Catalog stage refs (resource:default/stage-prod) are accepted there.
  stageFields: ['waves', 'wave'],
  subject: (r) => `${r.service}-${r.version}${r.wave ? `-${r.wave}` : ''}`,
  // One shape whatever is given (`platter history` reads the kind back from titles): `wave next` when not named.
  describe: (r) => `Upgrade campaign ${r.service} ${r.version}: wave ${r.wave ?? 'next'}`,
});
