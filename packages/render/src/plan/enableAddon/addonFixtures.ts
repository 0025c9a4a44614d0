/**
 * Test fixtures of the addon planners' tests (EnableAddon, DisableAddon): a
 * released ingress-nginx 1.2.0 that adds a `waf` addon, so one addon exists in
 * another version only (AddonIncompatible) and a stage can run two addons that
 * do not conflict and are not in its list.
 */
import { type ComponentVersion, type HelmComponentVersion } from '@platter/model';
import { DEMO_AGE_RECIPIENT, exampleFleet } from '../../example';
import { releaseFiles } from '../../render';
import type { RepoHarness } from '../../testing';

export const WAF_VERSION = '1.2.0';

/** Writes runtime/ingress-nginx/1.2.0/** (component.yaml with its digest, _base, addons, waf among them). */
export function releaseIngressWithWaf(h: RepoHarness): RepoHarness {
  const service = exampleFleet(DEMO_AGE_RECIPIENT).services.find((s) => s.name === 'ingress-nginx')!;
  const from = service.versions.find((v) => v.version === '1.1.0')! as HelmComponentVersion;
  const version: ComponentVersion = {
    ...from,
    version: WAF_VERSION,
    chart: { ...from.chart, version: '4.12.1' },
    addons: [
      ...from.addons,
      {
        name: 'waf',
        description: 'ModSecurity with the OWASP core rule set.',
        conflictsWith: [],
        patchTargets: [{ kind: 'HelmRelease', name: 'ingress-nginx' }],
        values: { controller: { config: { 'enable-modsecurity': 'true', 'enable-owasp-modsecurity-crs': 'true' } } },
      },
    ],
  };
  for (const [path, content] of releaseFiles(version)) h.write(path, content);
  return h;
}

/** Points a stage's runtime-ingress-nginx at another version directory (what UpgradeComponent will do). */
export const runIngressVersion = (h: RepoHarness, stage: string, version: string): RepoHarness =>
  h.editYaml(
    `stages/${stage}/runtime/ingress-nginx.yaml`,
    (k) => (k.spec.path = `./runtime/ingress-nginx/${version}/_base`),
  );
