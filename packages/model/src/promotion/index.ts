export { parsePromotionPolicies, parseSoak, promotionSchema } from './schema';
export type { PromotionPolicy } from './schema';
export { checkPromotionPolicies, mayAutoPromote, promotionCandidates } from './promotion';
export type { PromotionCandidate, PromotionSubject } from './promotion';
