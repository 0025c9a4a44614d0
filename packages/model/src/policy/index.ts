export { pathOwner, tenantOwnedPatterns, decideReview, requireAppAccess } from './review';
export type { Actor, ReviewPath, PathOwner, ReviewDecision } from './review';
