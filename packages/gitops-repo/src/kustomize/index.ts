/**
 * The kustomize oracle: real `kubectl kustomize` builds of every env and of every
 * Flux Kustomization the way kustomize-controller builds it, plus the checks Flux
 * never makes (DESIGN §2 "Kustomize/Flux facts", §5).
 */
export { kustomizeBuild, summarizeKustomizeError } from './kustomizeBuild';
export type { KustomizeBuildOptions } from './kustomizeBuild';
export { runKustomizeOracle } from './runKustomizeOracle';
export type { KustomizeOracleOptions, OracleReport } from './runKustomizeOracle';
export {
  readFluxBuildSpec,
  fluxBuildKey,
  hasFluxOverlay,
  renderFluxKustomization,
  generateKustomization,
  KUSTOMIZATION_FILE_NAMES,
} from './fluxGenerator';
export type { FluxBuildSpec, FluxPatch, FluxImage, FluxKustomizationInput } from './fluxGenerator';
export { checkSubstitution, checkFluxNamespaces, checkDependsOn } from './checks';
export type { SubstitutionContext } from './checks';
export { parseManifests } from './manifests';
export type { Manifest } from './manifests';
export { buildCheckedKustomizations } from './buildCheckedKustomizations';
export type { CheckBuildReport } from './buildCheckedKustomizations';
export { kustomizeMatrix } from './kustomizeMatrix';
export type { MatrixBuild } from './kustomizeMatrix';
