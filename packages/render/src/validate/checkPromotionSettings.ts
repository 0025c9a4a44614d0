import {
  checkPromotionPolicies,
  layout,
  parsePromotionPolicies,
  type Diagnostic,
  type FileTree,
  type Fleet,
} from '@platter/model';
import type { ParseCache } from '../parse/parseCache';

/**
 * The findings about platter.yaml's promotion policies (`spec.stages[].promotion`,
 * issue 20: what `platter ci promote` may propose and after which soak time):
 * a malformed policy, a policy on a stage that promotes from nothing, an `auto`
 * entry that is neither apps, components nor a tenant. All InvalidSettings.
 */
export function checkPromotionSettings(model: Fleet, tree: FileTree, cache: ParseCache): Diagnostic[] {
  const { policies, diagnostics } = parsePromotionPolicies(cache.read(tree, layout.settings).values?.[0]);
  return [...diagnostics, ...checkPromotionPolicies(model, policies)];
}
