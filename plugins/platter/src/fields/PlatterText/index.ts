export { PlatterText } from './PlatterText';
export type { PlatterTextProps } from './PlatterText';
export { platterTextValidation } from './validation';
export { PlatterTextFieldSchema } from './schema';
export type { PlatterTextUiOptions } from './schema';
