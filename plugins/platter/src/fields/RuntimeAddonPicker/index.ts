export { RuntimeAddonPicker } from './RuntimeAddonPicker';
export type { RuntimeAddonPickerProps } from './RuntimeAddonPicker';
export { runtimeAddonPickerValidation } from './validation';
export { RuntimeAddonPickerFieldSchema } from './schema';
export type { RuntimeAddonPickerUiOptions } from './schema';
