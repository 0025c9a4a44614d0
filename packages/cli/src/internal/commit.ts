import { commitPlan } from '@platter/gitops-repo';
import type { Actor } from '@platter/model';
import type { Plan } from '@platter/render';

/**
 * `--commit`: commits a written plan in the checkout with gitops-repo's
 * commitPlan: exactly the plan's paths, message from its title, trailers
 * Platter-Request and Requested-By; other work in the checkout is left alone.
 * Conflict when the checkout moved since planning.
 */
export async function commitInCheckout(root: string, plan: Plan, actor: Actor): Promise<{ commit?: string }> {
  const result = await commitPlan(root, plan, { actor });
  return result.commit ? { commit: result.commit } : {};
}
