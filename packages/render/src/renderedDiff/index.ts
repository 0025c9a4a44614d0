export { buildEnvironment } from './buildEnvironment';
export { diffObjects, fieldChanges, formatPath, describeObject } from './diffObjects';
export { findDangers, IMMUTABLE_FIELDS } from './dangers';
export { renderedDiff, diffEnvironment, dangersOf } from './renderedDiff';
export type { RenderedDiffSide } from './renderedDiff';
export { formatRenderedDiff, groupTitle } from './formatRenderedDiff';
export type { FormatRenderedDiffOptions } from './formatRenderedDiff';
export type {
  ObjectRef,
  RenderedObject,
  RenderedEnvironment,
  SecretSubstitution,
  FieldChange,
  ObjectChange,
  DangerFinding,
  EnvironmentDiff,
  RenderedDiffGroup,
  RenderedDiff,
} from './types';
