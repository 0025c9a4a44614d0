export { sealAdoption } from './sealAdoption';
export type { SealedAdoption } from './sealAdoption';
