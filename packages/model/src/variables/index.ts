export { scanVariables, unresolvedVariables } from './variables';
export type { VariableRef, VariableScan, VariableScanError } from './variables';
