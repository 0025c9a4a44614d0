export { buildEnvironment } from './buildEnvironment';
export { diffObjects, compareObjects, fieldChanges, formatPath, describeObject } from './diffObjects';
export { findDangers, IMMUTABLE_FIELDS } from './dangers';
export { renderedDiff, diffEnvironment, dangersOf, stagesOf } from './renderedDiff';
export { fluxWalker } from './fluxWalker';
export type { RenderedDiffSide, RenderedDiffOptions } from './renderedDiff';
export { formatRenderedDiff, groupTitle } from './formatRenderedDiff';
export type { FormatRenderedDiffOptions } from './formatRenderedDiff';
export type {
  ObjectRef,
  RenderedObject,
  RenderedEnvironment,
  BuildUnit,
  SecretSubstitution,
  FieldChange,
  ObjectChange,
  DangerFinding,
  EnvironmentDiff,
  RenderedDiffGroup,
  RenderedDiff,
} from './types';
