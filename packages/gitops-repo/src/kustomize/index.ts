/**
 * The kustomize oracle: real `kubectl kustomize` builds of every env and of every
 * Flux Kustomization the way kustomize-controller builds it, plus the checks Flux
 * never makes (DESIGN §2 "Kustomize/Flux facts", §5).
 */
export { kustomizeBuild, summarizeKustomizeError } from './kustomizeBuild';
export type { KustomizeBuildOptions } from './kustomizeBuild';
export { runKustomizeOracle } from './runKustomizeOracle';
export type { KustomizeOracleOptions, OracleReport } from './runKustomizeOracle';
// The Flux build generator's helpers (readFluxBuildSpec, renderFluxKustomization, ...), checkFluxNamespaces and
// parseManifests stay inside: only the oracle and buildCheckedKustomizations use them (issue 15: no export
// nothing outside uses).
export { KUSTOMIZATION_FILE_NAMES } from './fluxGenerator';
export { checkSubstitution, checkDependsOn } from './checks';
export type { SubstitutionContext } from './checks';
export type { Manifest } from './manifests';
export { buildCheckedKustomizations } from './buildCheckedKustomizations';
export type { CheckBuildReport } from './buildCheckedKustomizations';
export { kustomizeMatrix } from './kustomizeMatrix';
export type { MatrixBuild } from './kustomizeMatrix';
