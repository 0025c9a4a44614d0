export { checkFluxRepository, sortFindings } from './checkFluxRepository';
export type {
  CheckFinding,
  CheckOptions,
  CheckSeverity,
  CheckedKustomization,
  FluxCluster,
  FluxCheckReport,
} from './checkFluxRepository';
export { ArtifactTree, artifactFiles, gitArtifactPaths, globToRegExp } from './artifacts';
export type { CopyRule } from './artifacts';
export { deprecatedFluxApi } from './fluxApis';
export { checkPlatterShape, withoutForeign } from './platterShape';
export type { PlatterShape } from './platterShape';
