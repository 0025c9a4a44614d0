import type { ComponentVersion, Fleet, RuntimeService } from '../fleet';
import { checkMenu } from './checkMenu';

/**
 * checkMenu keeps a service's clean result while the service is the same object
 * and the menu has the same service names (what a version's dependsOn is checked
 * against): every change to either must be seen. Each row changes the menu (new
 * objects, as a change makes) and expects what a check of a fresh copy (nothing
 * kept) finds.
 */
const version = (v: string, extra: Partial<ComponentVersion> = {}): ComponentVersion =>
  ({
    service: 'ingress',
    version: v,
    namespace: 'ingress',
    dependsOn: ['cert-manager'],
    addons: [],
    requires: { config: [], secrets: [] },
    lifecycle: { status: 'stable' },
    chart: { repository: 'https://charts.example.com', name: 'ingress', version: '1.0.0' },
    ...extra,
  }) as ComponentVersion;
const ingress: RuntimeService = { name: 'ingress', versions: [version('1.0.0')] } as unknown as RuntimeService;
const certManager = {
  name: 'cert-manager',
  versions: [version('1.0.0', { service: 'cert-manager', dependsOn: [] })],
} as unknown as RuntimeService;
const clean = { services: [certManager, ingress] } as unknown as Fleet;

const codes = (f: Fleet) => checkMenu(f).map((d) => `${d.code} ${d.path}`);

describe('checkMenu: a kept clean result and what it read', () => {
  it.each<[string, (f: Fleet) => RuntimeService[], string[]]>([
    ['nothing changed', (f) => [...f.services], []],
    ['a dependency left the menu', () => [ingress], ['UnknownDependency runtime/ingress/1.0.0/component.yaml']],
    [
      'a service parsed again with a bad version',
      () => [certManager, { ...ingress, versions: [version('one')] }],
      ['InvalidSemVer runtime/ingress/one/component.yaml'],
    ],
    ['a service added', (f) => [...f.services, { ...certManager, name: 'dns' }], []],
  ])('%s', (_name, change, expected) => {
    expect(codes(clean)).toEqual([]); // kept
    const changed = { ...clean, services: change(clean) } as Fleet;
    expect(codes(changed)).toEqual(expected);
    expect(codes(changed)).toEqual(codes(structuredClone(changed)));
    expect(codes(clean)).toEqual([]); // and back
  });
});
