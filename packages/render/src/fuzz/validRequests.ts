import { DEMO_AGE_RECIPIENT } from '../example';
import { fakeSealedSecret } from '../testing';
import { METRICS_SERVER } from './hostile';

const sealed = (name: string, keys: string[]) => ({
  name,
  keys,
  sealed: fakeSealedSecret({ name, keys, recipients: [DEMO_AGE_RECIPIENT] }),
});

/**
 * A few requests per kind that the example fleet accepts (each planned in the
 * property test first: one the repository refuses is left out). Kinds not
 * listed here use fuzz/hostile.ts's generator of that kind; a kind with neither,
 * or with none the fleet accepts, fails the property test (handEdits.property),
 * so a new kind cannot go unchecked: add a few of its requests here (and what
 * they need to SETUP_FILES or SETUP_REQUESTS).
 */
/**
 * Files written onto the example fleet before SETUP_REQUESTS (a kind's menu fixtures, such as
 * cloud resource classes, when the example fleet has none).
 */
export const SETUP_FILES: Readonly<Record<string, string>> = {};

/** Applied to the example fleet first (those it accepts), so every kind has something to act on. */
export const SETUP_REQUESTS: readonly Record<string, unknown>[] = [
  METRICS_SERVER,
  { kind: 'CreateStage', name: 'sandbox' },
  // A cloud resource of the example's classes for RemoveCloudResource to remove (issue 21).
  {
    kind: 'AddCloudResource',
    app: 'shop',
    target: { stage: 'prod' },
    name: 'archive',
    class: 's3-bucket',
    parameters: { backups: true, retentionDays: 365 },
  },
];

export const VALID_REQUESTS: Record<string, readonly Record<string, unknown>[]> = {
  CreateEnvironment: [
    {
      kind: 'CreateEnvironment',
      name: 'staging-us',
      stage: 'staging',
      ageRecipients: [DEMO_AGE_RECIPIENT],
      config: { cluster_name: 'staging-us', region: 'us-east-1' },
      secrets: [sealed('runtime-external-dns', ['EXTERNAL_DNS_API_TOKEN'])],
    },
  ],
  DeleteEnvironment: [{ kind: 'DeleteEnvironment', name: 'prod-us' }],
  OnboardTenant: [
    {
      kind: 'OnboardTenant',
      name: 'team-c',
      owner: 'group:default/team-c',
      codeowners: ['@example-org/team-c'],
      stages: ['prod'],
    },
    { kind: 'OnboardTenant', name: 'team-b', owner: 'group:default/team-b', stages: ['staging', 'prod'] },
  ],
  OffboardTenant: [{ kind: 'OffboardTenant', name: 'team-b', cascade: true }],
  CreateStage: [
    { kind: 'CreateStage', name: 'qa', after: 'staging', promotesFrom: 'staging', copyComponentsFrom: 'staging' },
    { kind: 'CreateStage', name: 'dev' },
  ],
  DeleteStage: [{ kind: 'DeleteStage', name: 'sandbox' }],
  OnboardApp: [
    {
      kind: 'OnboardApp',
      name: 'cart',
      tenant: 'team-a',
      source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
      targets: [{ stage: 'staging' }, { stage: 'prod' }],
      version: '0.1.0',
    },
    {
      kind: 'OnboardApp',
      name: 'web',
      tenant: 'team-b',
      source: { type: 'image', image: 'ghcr.io/example-org/web' },
      targets: [{ env: 'staging-eu' }],
      version: '1.0.0',
    },
  ],
  OffboardApp: [
    { kind: 'OffboardApp', name: 'billing' },
    { kind: 'OffboardApp', name: 'shop' },
  ],
  EnableAddon: [
    { kind: 'EnableAddon', stage: 'prod', service: 'ingress-nginx', addon: 'internal-lb' },
    { kind: 'EnableAddon', env: 'prod-eu', service: 'ingress-nginx', addon: 'internal-lb' },
  ],
  DisableAddon: [
    { kind: 'DisableAddon', stage: 'prod', service: 'ingress-nginx', addon: 'metrics' },
    { kind: 'DisableAddon', env: 'prod-eu', service: 'ingress-nginx', addon: 'metrics' },
  ],
  AddComponentToStage: [
    { kind: 'AddComponentToStage', stage: 'prod', service: 'metrics-server', addons: ['ha'] },
    { kind: 'AddComponentToStage', stage: 'staging', service: 'metrics-server' },
  ],
  RemoveComponentFromStage: [{ kind: 'RemoveComponentFromStage', stage: 'staging', service: 'external-dns' }],
  PromoteApp: [
    { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.2.1' },
    { kind: 'PromoteApp', app: 'billing', to: [{ env: 'prod-eu' }], from: { env: 'staging-eu' } },
  ],
  Rollback: [{ kind: 'Rollback', app: 'billing', target: { env: 'staging-eu' }, version: '1.9.0' }],
  SetConfig: [
    { kind: 'SetConfig', stage: 'prod', set: { color: 'blue' } },
    { kind: 'SetConfig', env: 'prod-eu', set: { region: 'eu-central-1', extra: 'x' } },
  ],
  SetSecret: [{ kind: 'SetSecret', env: 'prod-eu', secret: sealed('shop-db', ['PASSWORD', 'USER']) }],
  AddRuntimeService: [METRICS_SERVER],
  ReleaseComponentVersion: [
    { kind: 'ReleaseComponentVersion', service: 'ingress-nginx', from: '1.1.0', version: '1.2.0' },
    { kind: 'ReleaseComponentVersion', service: 'cert-manager', from: '1.0.0', version: '1.0.1' },
  ],
  DeprecateComponentVersion: [
    { kind: 'DeprecateComponentVersion', service: 'ingress-nginx', version: '1.0.0', sunset: '2027-06-01' },
  ],
  RemoveComponentVersion: [{ kind: 'RemoveComponentVersion', service: 'metrics-server', version: '0.7.0' }],
  UpgradeCampaign: [
    { kind: 'UpgradeCampaign', service: 'ingress-nginx', version: '1.1.0' },
    { kind: 'UpgradeCampaign', service: 'ingress-nginx', version: '1.1.0', wave: 'prod' },
    // A canary wave: prod-eu pinned first.
    {
      kind: 'UpgradeCampaign',
      service: 'ingress-nginx',
      version: '1.1.0',
      waves: [{ stage: 'prod', envs: ['prod-eu'] }, { stage: 'prod' }],
    },
  ],
  UpgradeComponent: [{ kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' }],
  AddCloudResource: [
    { kind: 'AddCloudResource', app: 'shop', target: { stage: 'staging' }, name: 'uploads', class: 's3-bucket' },
    { kind: 'AddCloudResource', app: 'billing', target: { env: 'staging-eu' }, name: 'db', class: 'postgres' },
    // Updates the object in place: the hand edits on it and on the kustomization stay.
    {
      kind: 'AddCloudResource',
      app: 'shop',
      target: { stage: 'prod' },
      name: 'archive',
      class: 's3-bucket',
      parameters: { backups: true, retentionDays: 730, versioning: true },
    },
  ],
  RemoveCloudResource: [
    {
      kind: 'RemoveCloudResource',
      app: 'shop',
      target: { stage: 'prod' },
      name: 'archive',
      confirmDeletionPolicy: 'Orphan',
    },
  ],
};
