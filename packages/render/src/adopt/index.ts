export { planAdoption, secretObject, MANIFEST_COMPONENTS } from './planAdoption';
export type { AdoptOptions, AdoptionDraft, AdoptionReport, BoundService, PendingSecret } from './planAdoption';
export { proveAdoption } from './proveAdoption';
export type { ClusterProof } from './proveAdoption';
export type { AdoptedApp, AdoptedTenant } from './adoptApps';
