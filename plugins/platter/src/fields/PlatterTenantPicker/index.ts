export { PlatterTenantPicker } from './PlatterTenantPicker';
export type { PlatterTenantPickerProps } from './PlatterTenantPicker';
