export { explainObject, getField, parseFieldPath } from './explainObject';
export type { Explanation, ExplainStep, ExplainOptions } from './explainObject';
export { formatExplanation } from './formatExplanation';
