export { reviewHostFor } from './reviewHostFor';
export type { ReviewHostForOptions } from './reviewHostFor';
