export { reviewHostFor } from './reviewHostFor';
export type { ReviewHostForOptions } from './reviewHostFor';
export { gitCredentialsFor } from './gitCredentialsFor';
export type { GitCredentialsForOptions } from './gitCredentialsFor';
