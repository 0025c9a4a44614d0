import type { Entity } from '@backstage/catalog-model';
import {
  PLATTER_ANNOTATIONS,
  platterEntityName,
  type EnvironmentFacts,
  type PlatterEntityType,
  type RuntimeComponentFacts,
  type StageFacts,
} from '@platter/plugin-platter-common';

/**
 * A small fleet as the Platter catalog provider publishes it (typed with
 * platter-common's facts, which the provider's output matches): stages staging
 * and prod (prod promotes from staging), envs staging-eu, prod-eu and prod-us,
 * the menu (ingress-nginx 1.0.0 sunset, 1.1.0 deprecated, 1.2.0 stable with
 * conflicting addons waf/modsecurity, 1.3.0-rc.1; cert-manager 1.14.0), and
 * the app `shop` of tenant team-a at 1.4.0 in staging and 1.3.0 in prod.
 * Tests run with a fixed clock: FIXED_NOW.
 */
export const FIXED_NOW = new Date('2026-06-01T12:00:00Z');

const resource = (
  type: PlatterEntityType,
  name: string,
  title: string,
  facts: object,
  dependsOn: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    title,
    annotations: {
      [PLATTER_ANNOTATIONS.source]: 'https://git.example.com/platform/fleet.git#main',
      [PLATTER_ANNOTATIONS.commit]: '0123456789abcdef0123456789abcdef01234567',
    },
  },
  spec: { type, owner: 'group:default/platform', ...(dependsOn.length ? { dependsOn } : {}), platter: facts as never },
});

const stable = { status: 'stable' } as const;

export const ingressNginxFacts: RuntimeComponentFacts = {
  name: 'ingress-nginx',
  versions: [
    {
      version: '1.0.0',
      chart: { repository: 'https://kubernetes.github.io/ingress-nginx', name: 'ingress-nginx', version: '4.9.0' },
      lifecycle: { status: 'deprecated', sunset: '2026-01-31', message: 'move to 1.2.0' },
      addons: [{ name: 'metrics', conflictsWith: [] }],
      dependsOn: [],
      usedBy: { stages: [], environments: 0, apps: [] },
    },
    {
      version: '1.1.0',
      chart: { repository: 'https://kubernetes.github.io/ingress-nginx', name: 'ingress-nginx', version: '4.10.0' },
      lifecycle: { status: 'deprecated', sunset: '2026-12-31', message: 'move to 1.2.0' },
      addons: [
        { name: 'metrics', conflictsWith: [] },
        { name: 'waf', conflictsWith: ['modsecurity'] },
        { name: 'modsecurity', conflictsWith: [] },
      ],
      dependsOn: [],
      usedBy: { stages: ['prod'], environments: 2, apps: ['shop'] },
    },
    {
      version: '1.2.0',
      description: 'Controller 1.11',
      chart: { repository: 'https://kubernetes.github.io/ingress-nginx', name: 'ingress-nginx', version: '4.11.0' },
      lifecycle: stable,
      addons: [
        { name: 'metrics', description: 'Prometheus metrics', conflictsWith: [] },
        { name: 'waf', description: 'Web application firewall', conflictsWith: ['modsecurity'] },
        { name: 'modsecurity', description: 'ModSecurity rules', conflictsWith: [] },
      ],
      dependsOn: ['cert-manager'],
      usedBy: { stages: ['staging'], environments: 1, apps: ['shop'] },
    },
    {
      version: '1.3.0-rc.1',
      chart: {
        repository: 'https://kubernetes.github.io/ingress-nginx',
        name: 'ingress-nginx',
        version: '4.12.0-beta.0',
      },
      lifecycle: stable,
      addons: [{ name: 'metrics', conflictsWith: [] }],
      dependsOn: ['cert-manager'],
      usedBy: { stages: [], environments: 0, apps: [] },
    },
  ],
};

export const certManagerFacts: RuntimeComponentFacts = {
  name: 'cert-manager',
  versions: [
    {
      version: '1.14.0',
      chart: { repository: 'https://charts.jetstack.io', name: 'cert-manager', version: 'v1.14.0' },
      lifecycle: stable,
      addons: [],
      dependsOn: [],
      usedBy: { stages: ['prod', 'staging'], environments: 3, apps: [] },
    },
  ],
};

export const stagingFacts: StageFacts = {
  name: 'staging',
  order: 0,
  allowPrerelease: true,
  environmentCount: 1,
  components: [
    { service: 'cert-manager', version: '1.14.0', addons: [] },
    { service: 'ingress-nginx', version: '1.2.0', addons: ['metrics'] },
  ],
  apps: [{ app: 'shop', tenant: 'team-a', version: '1.4.0' }],
};

export const prodFacts: StageFacts = {
  name: 'prod',
  order: 1,
  allowPrerelease: false,
  promotesFrom: 'staging',
  environmentCount: 2,
  components: [
    { service: 'cert-manager', version: '1.14.0', addons: [] },
    { service: 'ingress-nginx', version: '1.1.0', addons: ['metrics', 'modsecurity'] },
  ],
  apps: [{ app: 'shop', tenant: 'team-a', version: '1.3.0' }],
};

const certManagerView = {
  service: 'cert-manager',
  version: '1.14.0',
  addons: [],
  overrides: { enabled: [], disabled: [] },
  lifecycle: stable,
};

export const stagingEuFacts: EnvironmentFacts = {
  name: 'staging-eu',
  stage: 'staging',
  cluster: 'staging-eu-1',
  region: 'eu-west-1',
  config: { cluster_name: 'staging-eu-1', region: 'eu-west-1' },
  components: [
    certManagerView,
    {
      service: 'ingress-nginx',
      version: '1.2.0',
      addons: ['metrics'],
      overrides: { enabled: [], disabled: [] },
      lifecycle: stable,
    },
  ],
  apps: [{ app: 'shop', tenant: 'team-a', version: '1.4.0', via: 'stage' }],
  secrets: [],
  drift: [],
};

/** prod-eu: enables waf and disables modsecurity on top of its stage, so it drifts from prod-us. */
export const prodEuFacts: EnvironmentFacts = {
  name: 'prod-eu',
  stage: 'prod',
  cluster: 'prod-eu-1',
  region: 'eu-west-1',
  config: { cluster_name: 'prod-eu-1', region: 'eu-west-1' },
  components: [
    certManagerView,
    {
      service: 'ingress-nginx',
      version: '1.1.0',
      addons: ['metrics', 'waf'],
      overrides: { enabled: ['waf'], disabled: ['modsecurity'] },
      lifecycle: { status: 'deprecated', sunset: '2026-12-31', message: 'move to 1.2.0' },
    },
  ],
  apps: [
    { app: 'shop', tenant: 'team-a', version: '1.3.0', via: 'stage' },
    { app: 'billing', tenant: 'team-b', version: '0.9.0', via: 'env' },
  ],
  secrets: [{ name: 'runtime-ingress-nginx', keys: ['waf-license'] }],
  drift: ['ingress-nginx addons differ from prod-us: +waf, -modsecurity'],
};

export const prodUsFacts: EnvironmentFacts = {
  name: 'prod-us',
  stage: 'prod',
  cluster: 'prod-us-1',
  region: 'us-east-1',
  config: { cluster_name: 'prod-us-1', region: 'us-east-1' },
  components: [
    certManagerView,
    {
      service: 'ingress-nginx',
      version: '1.1.0',
      addons: ['metrics', 'modsecurity'],
      overrides: { enabled: [], disabled: [] },
      lifecycle: { status: 'deprecated', sunset: '2026-12-31', message: 'move to 1.2.0' },
    },
  ],
  apps: [{ app: 'shop', tenant: 'team-a', version: '1.3.0', via: 'stage' }],
  secrets: [],
  drift: ['ingress-nginx addons differ from prod-eu: +modsecurity, -waf'],
};

const envEntity = (f: EnvironmentFacts) =>
  resource('environment', platterEntityName.environment(f.name), f.name, f, [
    `resource:default/${platterEntityName.stage(f.stage)}`,
  ]);
const stageEntity = (f: StageFacts) => resource('stage', platterEntityName.stage(f.name), f.name, f);
const componentEntity = (f: RuntimeComponentFacts) =>
  resource('runtime-component', platterEntityName.runtimeComponent(f.name), f.name, f);

export const stagingEuEntity = envEntity(stagingEuFacts);
export const prodEuEntity = envEntity(prodEuFacts);
export const prodUsEntity = envEntity(prodUsFacts);
export const stagingEntity = stageEntity(stagingFacts);
export const prodEntity = stageEntity(prodFacts);
export const ingressNginxEntity = componentEntity(ingressNginxFacts);
export const certManagerEntity = componentEntity(certManagerFacts);

/** The app's own Component (its catalog-info), annotated by onboard-app. */
export const shopComponentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default', annotations: { [PLATTER_ANNOTATIONS.app]: 'shop' } },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-a' },
};

/** Every entity the provider would publish for this fleet, plus the app's Component. */
export const fleetEntities: Entity[] = [
  stagingEntity,
  prodEntity,
  stagingEuEntity,
  prodEuEntity,
  prodUsEntity,
  ingressNginxEntity,
  certManagerEntity,
  shopComponentEntity,
];

/**
 * Fakes only Date (timers stay real, so waitFor/findBy keep working): the
 * clock starts at FIXED_NOW and runs on in real time (`advanceTimers`), since
 * debounced inputs (lodash) wait for Date.now() to move.
 */
export function useFixedNow(): void {
  beforeEach(() => {
    jest.useFakeTimers({
      now: FIXED_NOW,
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());
}
