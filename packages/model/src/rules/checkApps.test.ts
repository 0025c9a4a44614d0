import type { App, Environment, Fleet, Stage, Tenant } from '../fleet';
import { checkApps } from './checkApps';

/**
 * checkApp keeps an app's clean result while the entities it reads are the same
 * objects: every change to one of them must be seen. Each row changes one read
 * entity (a new object, as a change makes) and expects what a check of a fresh
 * copy of the fleet (nothing kept) finds.
 */
const tenant: Tenant = {
  name: 'team-a',
  owner: 'group:default/team-a',
  codeowners: [],
  namespaces: ['team-a'],
  stages: ['staging', 'prod'],
};
const stage = (name: string, allowPrerelease: boolean): Stage => ({
  name,
  allowPrerelease,
  config: {},
  components: [{ service: 'ingress', version: '1.0.0', addons: [] }],
});
const prodEu: Environment = {
  name: 'prod-eu',
  stage: 'prod',
  ageRecipients: [],
  config: {},
  secrets: [],
  addonOverrides: [],
};
const app: App = {
  name: 'shop',
  tenant: 'team-a',
  namespace: 'team-a',
  source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'shop' },
  dependsOn: ['ingress'],
  deployments: [
    { stage: 'staging', version: '1.1.0-rc.1' },
    { env: 'prod-eu', version: '1.0.0' },
  ],
};
const clean = {
  tenants: [tenant],
  stages: [stage('staging', true), stage('prod', false)],
  environments: [prodEu],
  services: [{ name: 'ingress', versions: [] }],
  apps: [app],
} as unknown as Fleet;

const codes = (f: Fleet) => checkApps(f).map((d) => d.code);

describe('checkApps: a kept clean result and the entities it read', () => {
  it.each<[string, (f: Fleet) => Partial<Record<keyof Fleet, unknown>>, string[]]>([
    ['nothing changed', () => ({}), []],
    [
      'the tenant no longer owns the namespace',
      (f) => ({ tenants: [{ ...f.tenants[0]!, namespaces: ['other'] }] }),
      ['NamespaceNotOwned'],
    ],
    [
      'the tenant left a stage the app is bound to',
      (f) => ({ tenants: [{ ...f.tenants[0]!, stages: ['prod'] }] }),
      ['TenantNotInStage'],
    ],
    ['the tenant is gone', () => ({ tenants: [] }), ['UnknownTenant']],
    [
      'the stage no longer allows prereleases',
      (f) => ({ stages: [stage('staging', false), f.stages[1]!] }),
      ['PrereleaseNotAllowed'],
    ],
    [
      "the env's stage no longer runs a dependency",
      (f) => ({ stages: [f.stages[0]!, { ...stage('prod', false), components: [] }] }),
      ['UnknownDependency'],
    ],
    [
      'the env moved into the stage the app is bound to',
      () => ({ environments: [{ ...prodEu, stage: 'staging' }] }),
      ['DuplicateResourceId'],
    ],
    ['the env is gone', () => ({ environments: [] }), ['UnknownEnvironment']],
    ['the dependency left the menu', () => ({ services: [] }), ['UnknownDependency']],
    ['the stage is gone', (f) => ({ stages: [f.stages[1]!] }), ['UnknownStage']],
    // New objects whose read facts are the same: still clean (and, as every row, what a fresh check finds).
    [
      "the stage's config and a component's version and addons changed",
      (f) => ({
        stages: [
          f.stages[0]!,
          {
            ...f.stages[1]!,
            config: { domain: 'x' },
            components: [{ service: 'ingress', version: '1.1.0', addons: ['a'] }],
          },
        ],
      }),
      [],
    ],
    ['the dependency parsed again', () => ({ services: [{ name: 'ingress', versions: [] }] }), []],
    ["the env's config changed", () => ({ environments: [{ ...prodEu, config: { k: 'v' } }] }), []],
  ])('%s', (_name, change, expected) => {
    expect(codes(clean)).toEqual([]); // kept
    const changed = { ...clean, ...change(clean) } as Fleet;
    expect(codes(changed)).toEqual(expected);
    expect(codes(changed)).toEqual(codes(structuredClone(changed)));
    expect(codes(clean)).toEqual([]); // and back
  });
});
