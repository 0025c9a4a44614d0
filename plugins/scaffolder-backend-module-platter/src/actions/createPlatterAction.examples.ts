import type { RequestKind } from '@platter/model';
import { DEMO_AGE_RECIPIENT } from '@platter/render';

/**
 * One example input per request kind, written against the example fleet
 * (`platter init`): the action's documented examples, and the table the unit
 * tests run (createPlatterAction.test.ts), so every example is known to plan.
 * Some give names, some give what the form fields give (catalog entity refs from
 * EntityPicker, owner refs from OwnerPicker). Two need a menu entry the example
 * fleet does not have (the tests' seed adds them, see testing/harness.ts):
 * AddComponentToStage puts podinfo 1.0.0 into a stage, RemoveComponentVersion
 * removes an unused cert-manager 1.1.0, DeleteStage removes an unused stage qa, and RemoveCloudResource
 * removes shop's bucket `assets`.
 */
export interface PlatterActionExample {
  readonly description: string;
  readonly input: Record<string, unknown>;
  /** Task secrets the example maps (`ui:field: Secret` form fields). */
  readonly secrets?: Record<string, string>;
  /** Who asks in the tests: a member of team-a, or of the platform team. */
  readonly as: 'team-a' | 'platform';
}

export const PLATTER_ACTION_EXAMPLES: { readonly [K in RequestKind]: PlatterActionExample } = {
  CreateEnvironment: {
    description:
      'A new staging cluster; the external-dns token comes from the form field `externalDnsToken` (ui:field Secret)',
    input: {
      name: 'staging-us',
      stage: 'resource:default/stage-staging',
      owner: 'group:default/platform-team',
      ageRecipients: [DEMO_AGE_RECIPIENT],
      config: { cluster_name: 'staging-us', region: 'us-east-1' },
      secrets: { 'runtime-external-dns': { EXTERNAL_DNS_API_TOKEN: 'externalDnsToken' } },
    },
    secrets: { externalDnsToken: 'example-token-value-3c1f' },
    as: 'platform',
  },
  DeleteEnvironment: {
    description: 'Remove an environment picked in the catalog',
    input: { name: 'resource:default/env-prod-us' },
    as: 'platform',
  },
  CreateStage: {
    description: 'A pre-production stage after staging, promoted from it, starting with its runtime components',
    input: {
      name: 'preprod',
      after: 'resource:default/stage-staging',
      promotesFrom: 'resource:default/stage-staging',
      copyComponentsFrom: 'resource:default/stage-staging',
      config: { domain: 'preprod.example.com' },
    },
    as: 'platform',
  },
  DeleteStage: {
    description: 'Remove a stage no environment or app uses, picked in the catalog',
    input: { name: 'resource:default/stage-qa' },
    as: 'platform',
  },
  OnboardTenant: {
    description: 'A new tenant team in stage staging',
    input: {
      name: 'team-c',
      owner: 'group:default/team-c',
      codeowners: ['@example-org/team-c'],
      stages: ['resource:default/stage-staging'],
    },
    as: 'platform',
  },
  OffboardTenant: {
    description: 'Remove a tenant and its apps',
    input: { name: 'group:default/team-b', cascade: true },
    as: 'platform',
  },
  OnboardApp: {
    description: 'A Helm-chart app of the team picked with OwnerPicker, bound to stage staging',
    input: {
      name: 'cart',
      tenant: 'group:default/team-a',
      source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
      dependsOn: ['ingress-nginx'],
      targets: [{ stage: 'resource:default/stage-staging' }],
      version: '0.1.0',
    },
    as: 'team-a',
  },
  OffboardApp: {
    description: 'Remove an app from stage prod',
    input: { name: 'shop', targets: [{ stage: 'prod' }] },
    as: 'team-a',
  },
  EnableAddon: {
    description: 'Request an addon for a stage (platform paths: becomes a review)',
    input: {
      service: 'resource:default/component-ingress-nginx',
      addon: 'metrics',
      stage: 'resource:default/stage-staging',
    },
    as: 'team-a',
  },
  DisableAddon: {
    description: 'Switch an addon off in one environment',
    input: { service: 'ingress-nginx', addon: 'metrics', env: 'resource:default/env-prod-eu' },
    as: 'platform',
  },
  AddComponentToStage: {
    description: 'Put a menu service into a stage',
    input: { stage: 'staging', service: 'podinfo', version: '1.0.0' },
    as: 'platform',
  },
  RemoveComponentFromStage: {
    description: 'Take a service out of a stage',
    input: { stage: 'staging', service: 'external-dns' },
    as: 'platform',
  },
  PromoteApp: {
    description: 'Promote a version to prod',
    input: { app: 'shop', to: [{ stage: 'resource:default/stage-prod' }], version: '1.3.0' },
    as: 'team-a',
  },
  Rollback: {
    description: 'Pin an older version in staging',
    input: { app: 'shop', target: { stage: 'staging' }, version: '1.2.0' },
    as: 'team-a',
  },
  SetConfig: {
    description: 'Set a config key of one environment',
    input: { env: 'prod-eu', set: { team_channel: 'ops-alerts' } },
    as: 'platform',
  },
  SetSecret: {
    description: 'Rotate a secret of one environment; the value comes from the form field `token` (ui:field Secret)',
    input: {
      env: 'prod-eu',
      secret: { name: 'runtime-external-dns' },
      rotate: true,
      secrets: { 'runtime-external-dns': { EXTERNAL_DNS_API_TOKEN: 'token' } },
    },
    secrets: { token: 'rotated-token-value-8e2a' },
    as: 'platform',
  },
  AddRuntimeService: {
    description: 'A new service on the menu',
    input: {
      name: 'whoami',
      chart: { repository: 'https://cowboysysop.github.io/charts', name: 'whoami', version: '5.3.0' },
    },
    as: 'platform',
  },
  ReleaseComponentVersion: {
    description: 'Release a new version of a service from its current one',
    input: { service: 'ingress-nginx', version: '1.2.0', from: '1.1.0', chartVersion: '4.12.1' },
    as: 'platform',
  },
  DeprecateComponentVersion: {
    description: 'Deprecate a version with a sunset date',
    input: { service: 'ingress-nginx', version: '1.0.0', sunset: '2099-06-01', message: 'Upgrade to 1.1.0' },
    as: 'platform',
  },
  RemoveComponentVersion: {
    description: 'Remove a version no stage uses',
    input: { service: 'cert-manager', version: '1.1.0' },
    as: 'platform',
  },
  UpgradeCampaign: {
    description: 'The next wave of moving ingress-nginx to 1.1.0 stage by stage (staging runs it: prod is next)',
    input: { service: 'ingress-nginx', version: '1.1.0' },
    as: 'platform',
  },
  AddCloudResource: {
    description:
      'An S3 bucket for an app in staging (class s3-bucket of the menu); the app mounts Secret uploads-connection',
    input: {
      app: 'shop',
      target: { stage: 'staging' },
      name: 'uploads',
      class: 's3-bucket',
      parameters: { versioning: true },
    },
    as: 'team-a',
  },
  RemoveCloudResource: {
    description:
      "Remove an app's cloud resource, confirming its deletionPolicy (staging's buckets are deleted with it)",
    input: { app: 'shop', target: { stage: 'staging' }, name: 'assets', confirmDeletionPolicy: 'Delete' },
    as: 'team-a',
  },
  UpgradeComponent: {
    description: 'Upgrade a service in one stage',
    input: { stage: 'resource:default/stage-prod', service: 'ingress-nginx', version: '1.1.0' },
    as: 'platform',
  },
};
