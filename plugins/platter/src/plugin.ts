import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import type { PlatterPlanPreviewValue, RuntimeAddonPickerValue } from '@platter/plugin-platter-common';
import { PlatterClient } from './api/PlatterClient';
import { platterApiRef } from './api/ref';
import {
  PlatterPlanPreview,
  PlatterPlanPreviewFieldSchema,
  platterPlanPreviewValidation,
  type PlanPreviewUiOptions,
} from './fields/PlatterPlanPreview';
import {
  RuntimeAddonPicker,
  RuntimeAddonPickerFieldSchema,
  runtimeAddonPickerValidation,
  type RuntimeAddonPickerUiOptions,
} from './fields/RuntimeAddonPicker';
import {
  PlatterText,
  PlatterTextFieldSchema,
  platterTextValidation,
  type PlatterTextUiOptions,
} from './fields/PlatterText';
import {
  PlatterCloudParameters,
  PlatterCloudParametersFieldSchema,
  platterCloudParametersValidation,
  type PlatterCloudParametersUiOptions,
} from './fields/PlatterCloudParameters';
import {
  PlatterEntityPicker,
  PlatterEntityPickerFieldSchema,
  type PlatterEntityPickerUiOptions,
} from './fields/PlatterEntityPicker';
import { rootRouteRef } from './routes';

/**
 * The Platter frontend plugin for the legacy frontend system. Wires only:
 * the API, the entity cards, the Menu page and the two scaffolder fields.
 */
export const platterPlugin = createPlugin({
  id: 'platter',
  apis: [
    createApiFactory({
      api: platterApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new PlatterClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** EnvironmentCard for an environment Resource's page (`EntitySwitch.Case if={isPlatterEnvironment}`). */
export const EntityEnvironmentCard = platterPlugin.provide(
  createComponentExtension({
    name: 'EntityEnvironmentCard',
    component: { lazy: () => import('./components/EnvironmentCard').then((m) => m.EnvironmentCard) },
  }),
);

/** AppDeploymentsCard for an app's Component page (`EntitySwitch.Case if={hasPlatterApp}`). */
export const EntityAppDeploymentsCard = platterPlugin.provide(
  createComponentExtension({
    name: 'EntityAppDeploymentsCard',
    component: { lazy: () => import('./components/AppDeploymentsCard').then((m) => m.AppDeploymentsCard) },
  }),
);

/** The History tab of an environment Resource: `<EntityLayout.Route path="/history" title="History">` (issue 18). */
export const EntityEnvironmentHistoryContent = platterPlugin.provide(
  createComponentExtension({
    name: 'EntityEnvironmentHistoryContent',
    component: { lazy: () => import('./components/EnvironmentHistory').then((m) => m.EnvironmentHistory) },
  }),
);

/**
 * The Explain tab of an environment Resource: `<EntityLayout.Route path="/explain" title="Explain">` (the
 * EnvironmentCard's "why" links lead to `<entity page>/explain`; issue 18).
 */
export const EntityEnvironmentExplainContent = platterPlugin.provide(
  createComponentExtension({
    name: 'EntityEnvironmentExplainContent',
    component: { lazy: () => import('./components/EnvironmentExplain').then((m) => m.EnvironmentExplain) },
  }),
);

/** The Menu page: `<Route path="/platter/menu" element={<PlatterMenuPage />} />`. */
export const PlatterMenuPage = platterPlugin.provide(
  createRoutableExtension({
    name: 'PlatterMenuPage',
    component: () => import('./components/MenuPage').then((m) => m.MenuPage),
    mountPoint: rootRouteRef,
  }),
);

/** `ui:field: RuntimeAddonPicker` (inside `<ScaffolderFieldExtensions>`). */
export const RuntimeAddonPickerFieldExtension = platterPlugin.provide(
  createScaffolderFieldExtension<RuntimeAddonPickerValue, RuntimeAddonPickerUiOptions>({
    name: 'RuntimeAddonPicker',
    component: RuntimeAddonPicker,
    validation: runtimeAddonPickerValidation,
    schema: RuntimeAddonPickerFieldSchema.schema,
  }),
);

/** `ui:field: PlatterPlanPreview` (inside `<ScaffolderFieldExtensions>`). */
export const PlatterPlanPreviewFieldExtension = platterPlugin.provide(
  createScaffolderFieldExtension<PlatterPlanPreviewValue, PlanPreviewUiOptions>({
    name: 'PlatterPlanPreview',
    component: PlatterPlanPreview,
    validation: platterPlanPreviewValidation,
    schema: PlatterPlanPreviewFieldSchema.schema,
  }),
);

/** `ui:field: PlatterText` (inside `<ScaffolderFieldExtensions>`): a name or version the model checks as it is typed. */
export const PlatterTextFieldExtension = platterPlugin.provide(
  createScaffolderFieldExtension<string, PlatterTextUiOptions>({
    name: 'PlatterText',
    component: PlatterText,
    validation: platterTextValidation,
    schema: PlatterTextFieldSchema.schema,
  }),
);

/** `ui:field: PlatterCloudParameters` (inside `<ScaffolderFieldExtensions>`): a cloud class's parameters, as its schema says (issue 21). */
export const PlatterCloudParametersFieldExtension = platterPlugin.provide(
  createScaffolderFieldExtension<Record<string, unknown>, PlatterCloudParametersUiOptions>({
    name: 'PlatterCloudParameters',
    component: PlatterCloudParameters,
    validation: platterCloudParametersValidation,
    schema: PlatterCloudParametersFieldSchema.schema,
  }),
);

/** `ui:field: PlatterEntityPicker` (inside `<ScaffolderFieldExtensions>`): stages, envs and runtime components by title. */
export const PlatterEntityPickerFieldExtension = platterPlugin.provide(
  createScaffolderFieldExtension<string | string[], PlatterEntityPickerUiOptions>({
    name: 'PlatterEntityPicker',
    component: PlatterEntityPicker,
    schema: PlatterEntityPickerFieldSchema.schema,
  }),
);
