import { exampleRepository, plan, DEMO_AGE_RECIPIENT } from '@platter/render';
import { sealRequest } from '@platter/gitops-repo';
const team = { kind: 'tenant', tenant: 'team-a', user: 'user:default/jane' } as const;
const plat = { kind: 'platform', user: 'user:default/ops' } as const;
const cases: [string, any, any][] = [
  ['onboardApp', team, { kind: 'OnboardApp', name: 'cart', tenant: 'team-a', source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' }, targets: [{ stage: 'staging' }], version: '0.1.0' }],
  ['onboardTenant', plat, { kind: 'OnboardTenant', name: 'team-c', owner: 'group:default/team-c', stages: ['staging'] }],
  ['onboardTenant-team', team, { kind: 'OnboardTenant', name: 'team-c', owner: 'group:default/team-c', stages: ['staging'] }],
  ['enableAddon', team, { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' }],
  ['conflict', team, { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'internal-lb', stage: 'staging' }],
  ['unknownAddon', team, { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'nope', stage: 'staging' }],
  ['promote prerelease', team, { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }] }],
  ['promote 1.3.0', team, { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' }],
  ['promote billing', { kind: 'tenant', tenant: 'team-b' }, { kind: 'PromoteApp', app: 'billing', from: { env: 'staging-eu' }, to: [{ env: 'prod-eu' }] }],
  ['badname', team, { kind: 'OnboardApp', name: 'Bad_Name', tenant: 'team-a', source: { type: 'image', image: 'x' }, targets: [{ stage: 'staging' }], version: '0.1.0' }],
  ['createEnv', plat, { kind: 'CreateEnvironment', name: 'staging-us', stage: 'staging', ageRecipients: [DEMO_AGE_RECIPIENT], config: { cluster_name: 'staging-us', region: 'us-east-1' }, secrets: [{ name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: 'x' } }] }],
  ['createEnvNoSecret', plat, { kind: 'CreateEnvironment', name: 'staging-us', stage: 'staging', ageRecipients: [DEMO_AGE_RECIPIENT], config: { cluster_name: 'staging-us', region: 'us-east-1' } }],
  ['deleteEnv', plat, { kind: 'DeleteEnvironment', name: 'prod-us' }],
  ['offboardTenant', plat, { kind: 'OffboardTenant', name: 'team-b', cascade: true }],
  ['offboardApp', team, { kind: 'OffboardApp', name: 'shop' }],
  ['disableAddon', plat, { kind: 'DisableAddon', service: 'ingress-nginx', addon: 'metrics', env: 'prod-eu' }],
  ['addComp', plat, { kind: 'AddComponentToStage', stage: 'staging', service: 'ingress-nginx', version: '1.0.0' }],
  ['removeComp', plat, { kind: 'RemoveComponentFromStage', stage: 'staging', service: 'external-dns' }],
  ['rollback', team, { kind: 'Rollback', app: 'shop', target: { stage: 'staging' }, version: '1.2.0' }],
  ['setConfig', plat, { kind: 'SetConfig', env: 'prod-eu', set: { foo_bar: 'x' } }],
  ['setSecret', plat, { kind: 'SetSecret', env: 'prod-eu', rotate: true, secret: { name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: 'y' } } }],
  ['addRuntime', plat, { kind: 'AddRuntimeService', name: 'podinfo', chart: { repository: 'https://stefanprodan.github.io/podinfo', name: 'podinfo', version: '6.7.0' } }],
  ['release', plat, { kind: 'ReleaseComponentVersion', service: 'cert-manager', version: '1.1.0', from: '1.0.0', chartVersion: 'v1.17.0' }],
  ['deprecate', plat, { kind: 'DeprecateComponentVersion', service: 'ingress-nginx', version: '1.0.0', sunset: '2027-06-01' }],
  ['removeVersion', plat, { kind: 'RemoveComponentVersion', service: 'ingress-nginx', version: '1.0.0' }],
  ['upgrade', plat, { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' }],
];
it.each(cases)('%s', async (name, actor, req) => {
  const tree = exampleRepository();
  try {
    const sealed = await sealRequest(tree, req);
    const p = plan(tree, sealed, { actor });
    console.log(name, p.review, p.changes.map((c) => c.op + ' ' + c.path).join(' | '), p.affected, p.diagnostics.map(d=>d.code));
  } catch (e: any) {
    console.log(name, 'ERR', e.code, e.path, e.message, e.diagnostics?.map((d: any) => d.code + ' ' + d.path));
  }
});
