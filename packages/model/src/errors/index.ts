export { ERROR_CODES, WARNING_CODES, DANGER_CODES, isErrorCode } from './codes';
export type { ErrorCode } from './codes';
export { PlatterError, RequestRejected, isPlatterError, isRequestRejected } from './PlatterError';
export { diagnostic, hasErrors, sortDiagnostics, formatDiagnostic, known } from './diagnostic';
export type { Diagnostic, Severity } from './diagnostic';
export { errorClassOf, type ErrorClass } from './errorClass';
