/**
 * @packageDocumentation
 * Platter's Backstage frontend (legacy frontend system; the new system is
 * `@platter/plugin-platter/alpha`): EnvironmentCard, AppDeploymentsCard, the
 * Menu page, and the RuntimeAddonPicker and PlatterPlanPreview scaffolder fields.
 */
export {
  platterPlugin,
  EntityEnvironmentCard,
  EntityAppDeploymentsCard,
  EntityEnvironmentHistoryContent,
  EntityEnvironmentExplainContent,
  PlatterMenuPage,
  RuntimeAddonPickerFieldExtension,
  PlatterPlanPreviewFieldExtension,
  PlatterTextFieldExtension,
  PlatterCloudParametersFieldExtension,
  PlatterEntityPickerFieldExtension,
} from './plugin';
export { rootRouteRef } from './routes';
export { platterApiRef, PlatterClient } from './api';
export type { PlatterApi } from './api';
export { isPlatterEnvironment, hasPlatterApp, isPlatterStage, isPlatterRuntimeComponent } from './entityPredicates';
export { EnvironmentCard } from './components/EnvironmentCard';
export type { EnvironmentCardProps } from './components/EnvironmentCard';
export { AppDeploymentsCard } from './components/AppDeploymentsCard';
export type { AppDeploymentsCardProps } from './components/AppDeploymentsCard';
export { MenuPage, MenuTable, MENU_VIEWS } from './components/MenuPage';
export type { MenuPageProps, MenuView, MenuRow } from './components/MenuPage';
export { FleetOverview } from './components/FleetOverview';
export {
  RuntimeAddonPicker,
  runtimeAddonPickerValidation,
  RuntimeAddonPickerFieldSchema,
} from './fields/RuntimeAddonPicker';
export type { RuntimeAddonPickerProps, RuntimeAddonPickerUiOptions } from './fields/RuntimeAddonPicker';
export {
  PlatterPlanPreview,
  platterPlanPreviewValidation,
  PlatterPlanPreviewFieldSchema,
  buildPlanRequest,
} from './fields/PlatterPlanPreview';
export type { PlatterPlanPreviewProps, PlanPreviewUiOptions, BuiltRequest } from './fields/PlatterPlanPreview';
export { PlatterText, platterTextValidation, PlatterTextFieldSchema } from './fields/PlatterText';
export type { PlatterTextProps, PlatterTextUiOptions } from './fields/PlatterText';
export { PlatterEntityPicker, PlatterEntityPickerFieldSchema } from './fields/PlatterEntityPicker';
export type { PlatterEntityPickerProps, PlatterEntityPickerUiOptions } from './fields/PlatterEntityPicker';
export {
  PlatterCloudParameters,
  platterCloudParametersValidation,
  PlatterCloudParametersFieldSchema,
} from './fields/PlatterCloudParameters';
export type { PlatterCloudParametersProps, PlatterCloudParametersUiOptions } from './fields/PlatterCloudParameters';
export { MyRequestsPage } from './components/MyRequestsPage';
export type { MyRequestsPageProps } from './components/MyRequestsPage';
export { StageCard } from './components/StageCard';
export type { StageCardProps } from './components/StageCard';
export { RuntimeComponentCard } from './components/RuntimeComponentCard';
export type { RuntimeComponentCardProps } from './components/RuntimeComponentCard';
export { TenantCard } from './components/TenantCard';
export type { TenantCardProps } from './components/TenantCard';
export { GroupRequestsCard } from './components/GroupRequestsCard';
export type { GroupRequestsCardProps } from './components/GroupRequestsCard';
