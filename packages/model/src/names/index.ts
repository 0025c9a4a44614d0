export {
  MAX_NAME_LENGTH,
  isValidName,
  explainInvalidName,
  checkName,
  isValidVariableName,
  VARIABLE_NAME,
  checkVariableName,
  isValidOwnerRef,
  checkOwnerRef,
  isValidCodeownersHandle,
  checkCodeownersHandle,
  ownerName,
  objectNames,
} from './names';
export type { NamedThing } from './names';
export {
  isWellFormedText,
  chartRepositoryProblem,
  checkChartRepository,
  imageProblem,
  checkImage,
  redactUserInfo,
} from './references';
