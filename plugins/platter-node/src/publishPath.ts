import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type { ReviewPath } from '@platter/model';
import { gitCredentialsFor, reviewHostFor } from './reviewHost';
import type { GitCredentialsSource, ReviewHost } from '@platter/gitops-repo';

/** How platter:publish lands a request: commit to the branch, push a review branch, or push it and open a review. */
export type PublishMode = 'direct' | 'branch' | 'pull-request';

/**
 * The mode platter:publish uses when the task does not ask for one (the one
 * rule, read by publish and by the plan preview, so the preview says what
 * really happens; issue 23 item 2): `platter.publish.mode` when configured,
 * else a direct plan commits directly, and a plan that needs review opens a
 * pull (merge) request where a GitHub or GitLab integration serves the remote,
 * else it pushes a branch.
 */
export function publishModeFor(configured: PublishMode | undefined, review: ReviewPath, hasHost: boolean): PublishMode {
  return configured ?? (review === 'direct' ? 'direct' : hasHost ? 'pull-request' : 'branch');
}

/**
 * The host's page comparing a review branch with its target: where a pushed
 * branch can be read and turned into a review by hand.
 */
export function compareUrlOf(host: Pick<ReviewHost, 'kind' | 'webUrl'>, target: string, branch: string): string {
  return `${host.webUrl}${host.kind === 'gitlab' ? '/-/compare' : '/compare'}/${target}...${branch}`;
}

/** The review host of the remote from the app-config's integrations (reviewHostFor), or undefined. */
export function reviewHostFromConfig(config: Config, remote: string): ReviewHost | undefined {
  return reviewHostFor(remote, ScmIntegrations.fromConfig(config));
}

/** Git's HTTP credentials for the remote from the app-config's integrations (gitCredentialsFor), or undefined. */
export function gitCredentialsFromConfig(config: Config, remote: string): GitCredentialsSource | undefined {
  return gitCredentialsFor(remote, ScmIntegrations.fromConfig(config));
}
