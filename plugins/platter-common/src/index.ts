/**
 * @packageDocumentation
 * Shared by Platter's Backstage plugins: entity types, names and annotations,
 * permissions, and the value types of the form fields.
 */
export {
  PLATTER_ENTITY_TYPES,
  PLATTER_ANNOTATIONS,
  platterEntityName,
  platterEntityRef,
  isLocalRepositoryUrl,
} from './entities';
export type {
  PlatterEntityType,
  EnvironmentFacts,
  EnvironmentComponentView,
  EnvironmentAppView,
  StageFacts,
  RuntimeComponentFacts,
} from './entities';
export {
  platterPlanPermission,
  platterApplyPermission,
  platterPlatformPermission,
  platterPermissions,
  permissionsToPlan,
  permissionsToApply,
} from './permissions';
export type { RuntimeAddonPickerValue, PlatterPlanPreviewValue, PlanRouteRequest } from './fields';
export type {
  PlanRouteResponse,
  PlanRoutePublish,
  RequestsRouteResponse,
  OpenReviewOnHost,
  TenantsRouteResponse,
  TenantRouteResponse,
  PlanRouteRenderedDiff,
  PlanRouteObjectRef,
  PlanRouteObjectChange,
  MenuRouteResponse,
  DiagnosticsRouteResponse,
  PlatterRouteDiagnostic,
} from './fields';
export type {
  MenuFilterParams,
  MenuLifecycle,
  MenuOverviewResponse,
  MenuEnvironmentsQuery,
  MenuEnvironmentsResponse,
  FleetOverviewResponse,
  StageEnvironmentsQuery,
  StageEnvironmentsResponse,
} from './menu';
export { fixOf, requestFieldOf, toPlanFinding } from './findings';
export type { CloudClassResponse, CloudClassesResponse, CloudResourcesResponse } from './cloud';
export type { PlanFinding, PlanRejectionBody } from './findings';
export type {
  HistoryRouteQuery,
  HistoryRouteEntry,
  HistoryRouteResponse,
  ExplainRouteStep,
  ExplainRouteResponse,
} from './history';
