/**
 * TEST-ONLY helpers (`@platter/gitops-repo/testing`): real git remotes seeded with
 * the example fleet, a smart-HTTP git server on loopback, and the SOPS MAC
 * verifier (which follows SOPS's published algorithm and is NOT independent
 * evidence: it was written from the same reading as the writer).
 */
export { TestRemotes } from '../git/testing/testRemotes';
export { startGitHttpServer } from '../git/testing/gitHttpServer';
export type { GitHttpServer } from '../git/testing/gitHttpServer';
export { verifySopsMac } from '../sops/testing/verifySopsMac';
// HTTP stand-ins for the GitHub and GitLab APIs the ReviewHost implementations call
// (the hosts cannot be reached from the machines Platter is tested on).
export { startGithubStandIn } from '../reviewHost/testing/githubStandIn';
export { startGitlabStandIn } from '../reviewHost/testing/gitlabStandIn';
export type { ReviewStandIn, StandInReview, StandInOptions } from '../reviewHost/testing/reviewStandIn';
