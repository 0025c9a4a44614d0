export { PlatterEntityPicker } from './PlatterEntityPicker';
export type { PlatterEntityPickerProps } from './PlatterEntityPicker';
export { PlatterEntityPickerFieldSchema } from './schema';
export type { PlatterEntityPickerUiOptions } from './schema';
export { fieldValueOf, optionLabelOf } from './fieldValue';
