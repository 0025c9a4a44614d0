import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';
import { defineRequestKind } from './spec';

/**
 * One wave of an upgrade campaign (issue 19 §3): moves a runtime service to a
 * version stage by stage, in promotion order, one wave (one stage) per request,
 * each its own branch and pull request (the subject names the wave). `waves`
 * fixes the stages and their order (default: every stage that runs the service,
 * in promotion order); `wave` names the stage this request upgrades (default:
 * the next one not yet at the version). A wave is refused while an earlier one
 * has not landed; the soak time between waves (platter.yaml `spec.campaigns.soak`)
 * is read from Git by `platter campaign next`, which builds these requests.
 */
export const upgradeCampaignRequest = z
  .object({
    kind: z.literal('UpgradeCampaign'),
    service: name,
    version,
    waves: z.array(name).optional().describe('The stages in wave order (default: every stage running it)'),
    wave: name.optional().describe('The stage this wave upgrades (default: the next not at the version)'),
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
