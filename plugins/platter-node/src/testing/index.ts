/**
 * Test helpers of @platter/plugin-platter-node: HTTP stand-ins for the GitHub
 * and GitLab APIs the ReviewHost implementations call (the hosts cannot be
 * reached from the machines Platter is tested on).
 */
export { startGithubStandIn } from './githubStandIn';
export { startGitlabStandIn } from './gitlabStandIn';
export type { ReviewStandIn, StandInReview, StandInOptions } from './reviewStandIn';
