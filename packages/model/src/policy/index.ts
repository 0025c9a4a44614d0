export { pathOwner, tenantOwnedPatterns, decideReview } from './review';
export type { Actor, ReviewPath, PathOwner, ReviewDecision } from './review';
