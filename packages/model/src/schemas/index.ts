export { settingsFileSchema, componentFileSchema, parseWithSchema } from './files';
export type { SettingsFile, ComponentFile } from './files';
