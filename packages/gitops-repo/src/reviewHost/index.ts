export type { ReviewHost, ReviewRequest, Review, ReviewState, ReviewOutcome } from './ReviewHost';
export { createGithubReviewHost } from './githubReviewHost';
export type { GithubReviewHostOptions } from './githubReviewHost';
export { createGitlabReviewHost } from './gitlabReviewHost';
export type { GitlabReviewHostOptions } from './gitlabReviewHost';
export { reviewOf } from './reviewOf';
export type { ReviewSource } from './reviewOf';
export { withGitCredentials, gitHttpAuthEnv } from './gitCredentials';
export type { GitHttpCredentials, GitCredentialsSource } from './gitCredentials';
