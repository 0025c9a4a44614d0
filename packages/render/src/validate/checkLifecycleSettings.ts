import {
  checkFreezes,
  checkWaveSpecs,
  layout,
  parseCampaignSettings,
  parseFreezes,
  type Diagnostic,
  type FileTree,
  type Fleet,
} from '@platter/model';
import type { ParseCache } from '../parse';

/**
 * platter.yaml's lifecycle settings (issue 19): `spec.freezes` (shape, windows,
 * stages and envs that exist: a freeze on a misspelled env would hold nothing)
 * and `spec.campaigns` (waves naming stages and envs that exist, the deprecated
 * soak). Read through the parse cache.
 */
export function checkLifecycleSettings(model: Fleet, tree: FileTree, cache: ParseCache): Diagnostic[] {
  if (tree.read(layout.settings) === undefined) return [];
  const doc = cache.read(tree, layout.settings).values?.[0];
  const { freezes, diagnostics } = parseFreezes(doc);
  const campaigns = parseCampaignSettings(doc);
  return [
    ...diagnostics,
    ...checkFreezes(freezes, {
      stages: model.stages.map((s) => s.name),
      environments: model.environments.map((e) => e.name),
    }),
    ...campaigns.diagnostics,
    ...checkWaveSpecs(model, campaigns.waves ?? [], `${layout.settings}#spec.campaigns.waves`),
  ];
}
