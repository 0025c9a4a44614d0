export { platterApiRef } from './ref';
export { PlatterClient } from './PlatterClient';
export type { PlatterApi } from './types';
