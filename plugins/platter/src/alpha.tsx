/**
 * @packageDocumentation
 * Platter for the new frontend system: `import platterPlugin from '@platter/plugin-platter/alpha'`.
 * Extensions: the API, two entity cards (environment Resources; Components with
 * the platter.dev/app annotation), the Menu page at /platter/menu (its nav item
 * comes from the page's title and icon: NavItemBlueprint was removed in
 * frontend-plugin-api 0.17), and the two scaffolder form fields.
 */
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  AppRootElementBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import AssignmentIcon from '@material-ui/icons/Assignment';
import ViewListIcon from '@material-ui/icons/ViewList';
import { PlatterClient } from './api/PlatterClient';
import { platterApiRef } from './api/ref';
import {
  hasPlatterApp,
  isGroup,
  isPlatterEnvironment,
  isPlatterRuntimeComponent,
  isPlatterStage,
} from './entityPredicates';
import { MenuPrefetch } from './components/MenuPage/MenuPrefetch';
import { rootRouteRef } from './routes';

/** One converted ref for both the plugin's routes and the page (the legacy ref is converted in place). */
const menuRouteRef = convertLegacyRouteRef(rootRouteRef);

const platterApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({
      api: platterApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new PlatterClient({ discoveryApi, fetchApi }),
    }),
});

/** entity-card:platter/environment — on Resources of `spec.type: environment`. */
const environmentCard = EntityCardBlueprint.make({
  name: 'environment',
  params: {
    filter: isPlatterEnvironment,
    loader: () => import('./components/EnvironmentCard').then((m) => <m.EnvironmentCard />),
  },
});

/** entity-card:platter/app-deployments — on entities annotated `platter.dev/app`. */
const appDeploymentsCard = EntityCardBlueprint.make({
  name: 'app-deployments',
  params: {
    filter: hasPlatterApp,
    loader: () => import('./components/AppDeploymentsCard').then((m) => <m.AppDeploymentsCard />),
  },
});

/** entity-content:platter/history — the History tab of environment Resources (issue 18). */
const environmentHistoryContent = EntityContentBlueprint.make({
  name: 'history',
  params: {
    path: 'history',
    title: 'History',
    filter: isPlatterEnvironment,
    loader: () => import('./components/EnvironmentHistory').then((m) => <m.EnvironmentHistory />),
  },
});

/** entity-content:platter/explain — the Explain tab of environment Resources; the EnvironmentCard links here (issue 18). */
const environmentExplainContent = EntityContentBlueprint.make({
  name: 'explain',
  params: {
    path: 'explain', // EXPLAIN_TAB_PATH (not imported here: the component loads lazily)
    title: 'Explain',
    filter: isPlatterEnvironment,
    loader: () => import('./components/EnvironmentExplain').then((m) => <m.EnvironmentExplain />),
  },
});

/** The Menu page's code: one import for the page's loader and the app shell's prefetch (one chunk). */
const loadMenuPage = () => import('./components/MenuPage');

/** page:platter/menu — the menu of runtime components; also the nav item. */
const menuPage = PageBlueprint.make({
  name: 'menu',
  params: {
    path: '/platter/menu',
    title: 'Platter menu',
    icon: <ViewListIcon fontSize="inherit" />,
    routeRef: menuRouteRef,
    loader: () => loadMenuPage().then((m) => <m.MenuPage withHeader={false} />),
  },
});

/**
 * app-root-element:platter/menu-prefetch — asks for the Menu page's first answer when the app shell loads (after
 * sign-in), so a click on the Menu shows rows without waiting for the network (issue 24, P5), and the page's code
 * chunk once the browser is idle (the page extension loads lazily: a click would otherwise wait for the chunk).
 */
const menuPrefetch = AppRootElementBlueprint.make({
  name: 'menu-prefetch',
  params: { element: <MenuPrefetch loadPage={loadMenuPage} /> },
});

/**
 * page:platter/menu-before — the Menu page as it was before issue 24, for the
 * benchmark's baseline only (tools/bench P5): disabled; the benchmark enables it
 * through app-config (`app.extensions: [page:platter/menu-before]`).
 */
const menuBeforePage = PageBlueprint.make({
  name: 'menu-before',
  disabled: true,
  params: {
    path: '/platter/bench/menu-before',
    // Its nav item lets the benchmark reach it by a click, as the Menu page is reached.
    title: 'Menu before issue 24',
    icon: <ViewListIcon fontSize="inherit" />,
    routeRef: createRouteRef(),
    loader: () => import('./bench/MenuTableBefore').then((m) => <m.MenuPageBefore />),
  },
});

/** scaffolder-form-field:platter/runtime-addon-picker — `ui:field: RuntimeAddonPicker`. */
const runtimeAddonPickerField = FormFieldBlueprint.make({
  name: 'runtime-addon-picker',
  params: { field: () => import('./fields/RuntimeAddonPicker/formField').then((m) => m.runtimeAddonPickerFormField) },
});

/** scaffolder-form-field:platter/plan-preview — `ui:field: PlatterPlanPreview`. */
const planPreviewField = FormFieldBlueprint.make({
  name: 'plan-preview',
  params: { field: () => import('./fields/PlatterPlanPreview/formField').then((m) => m.platterPlanPreviewFormField) },
});

/** scaffolder-form-field:platter/text — `ui:field: PlatterText` (a name or version checked as typed). */
const textField = FormFieldBlueprint.make({
  name: 'text',
  params: { field: () => import('./fields/PlatterText/formField').then((m) => m.platterTextFormField) },
});

/** scaffolder-form-field:platter/tenant-picker — `ui:field: PlatterTenantPicker` (the user's own tenants). */
const tenantPickerField = FormFieldBlueprint.make({
  name: 'tenant-picker',
  params: {
    field: () => import('./fields/PlatterTenantPicker/formField').then((m) => m.platterTenantPickerFormField),
  },
});

/** scaffolder-form-field:platter/cloud-parameters — `ui:field: PlatterCloudParameters` (a cloud class's parameters, issue 21). */
const cloudParametersField = FormFieldBlueprint.make({
  name: 'cloud-parameters',
  params: {
    field: () => import('./fields/PlatterCloudParameters/formField').then((m) => m.platterCloudParametersFormField),
  },
});

/** scaffolder-form-field:platter/entity-picker — `ui:field: PlatterEntityPicker` (stages, envs, components by title; issue 23). */
const entityPickerField = FormFieldBlueprint.make({
  name: 'entity-picker',
  params: {
    field: () => import('./fields/PlatterEntityPicker/formField').then((m) => m.platterEntityPickerFormField),
  },
});

/** entity-card:platter/stage — on Resources of `spec.type: stage` (issue 23 item 4). */
const stageCard = EntityCardBlueprint.make({
  name: 'stage',
  params: {
    filter: isPlatterStage,
    loader: () => import('./components/StageCard').then((m) => <m.StageCard />),
  },
});

/** entity-card:platter/runtime-component — on Resources of `spec.type: runtime-component` (issue 23 item 4). */
const runtimeComponentCard = EntityCardBlueprint.make({
  name: 'runtime-component',
  params: {
    filter: isPlatterRuntimeComponent,
    loader: () => import('./components/RuntimeComponentCard').then((m) => <m.RuntimeComponentCard />),
  },
});

/** entity-card:platter/tenant — on Groups: the tenant the group owns, its apps and where they run (issue 23 item 4). */
const tenantCard = EntityCardBlueprint.make({
  name: 'tenant',
  params: {
    filter: isGroup,
    loader: () => import('./components/TenantCard').then((m) => <m.TenantCard />),
  },
});

/** entity-card:platter/group-requests — on Groups: the open requests of the tenant the group owns (issue 23 item 2). */
const groupRequestsCard = EntityCardBlueprint.make({
  name: 'group-requests',
  params: {
    filter: isGroup,
    loader: () => import('./components/GroupRequestsCard').then((m) => <m.GroupRequestsCard />),
  },
});

/** page:platter/requests — "My requests": the caller's open review branches (issue 23 item 2); also a nav item. */
const myRequestsPage = PageBlueprint.make({
  name: 'requests',
  params: {
    path: '/platter/requests',
    title: 'My requests',
    icon: <AssignmentIcon fontSize="inherit" />,
    routeRef: createRouteRef(),
    loader: () => import('./components/MyRequestsPage').then((m) => <m.MyRequestsPage withHeader={false} />),
  },
});

export default createFrontendPlugin({
  pluginId: 'platter',
  title: 'Platter',
  icon: <ViewListIcon fontSize="inherit" />,
  routes: { root: menuRouteRef },
  extensions: [
    platterApi,
    environmentCard,
    appDeploymentsCard,
    stageCard,
    runtimeComponentCard,
    tenantCard,
    groupRequestsCard,
    environmentHistoryContent,
    environmentExplainContent,
    menuPage,
    menuPrefetch,
    menuBeforePage,
    myRequestsPage,
    runtimeAddonPickerField,
    planPreviewField,
    textField,
    tenantPickerField,
    cloudParametersField,
    entityPickerField,
  ],
});
