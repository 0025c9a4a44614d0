import { parseYamlValues } from '@platter/render';
import { RepoHarness } from '@platter/render/testing';
import { kustomizeBuild } from '../kustomize/kustomizeBuild';
import { removeRepo, writeRepo } from '../kustomize/testing/testRepo';

/**
 * An env's version pin with the real `kubectl kustomize` (issue 19 §3): after a
 * campaign's canary wave, the canary env's build carries the stage's runtime
 * Kustomization pointed at the pinned version (with the env's own addon
 * overrides still applied), its sibling keeps the stage's version, and the
 * pinned version's directory builds with the env's addons as Flux would append
 * them. The example runs ingress-nginx 1.0.0 (+metrics) in prod; prod-us
 * disables metrics.
 */
jest.setTimeout(120_000);

/** The Flux Kustomization `runtime-<svc>` in an env's build. */
async function runtimeOf(root: string, env: string, service: string): Promise<any> {
  const objects = parseYamlValues(await kustomizeBuild(`${root}/envs/${env}`, { repoRoot: root })) as any[];
  return objects.find((o) => o?.kind === 'Kustomization' && o.metadata?.name === `runtime-${service}`);
}

/** The example after the canary wave of a campaign to ingress-nginx 1.1.0 (prod-us first), on disk. */
function afterCanaryWave(h: RepoHarness): string {
  h.apply({
    kind: 'UpgradeCampaign',
    service: 'ingress-nginx',
    version: '1.1.0',
    waves: [{ stage: 'prod', envs: ['prod-us'] }, { stage: 'prod' }],
  });
  return writeRepo(Object.fromEntries(h.tree.entries()));
}

describe('a canary env builds its pinned version', () => {
  let root: string;
  beforeAll(() => {
    root = afterCanaryWave(RepoHarness.example());
  });
  afterAll(() => removeRepo(root));

  it('the canary: the runtime Kustomization points at the pinned version, its addon override still applied', async () => {
    const k = await runtimeOf(root, 'prod-us', 'ingress-nginx');
    expect(k.spec.path).toBe('./runtime/ingress-nginx/1.1.0/_base');
    expect(k.spec.components).toEqual([]); // prod's metrics, disabled by prod-us
  });

  it('its sibling runs the stage version', async () => {
    const k = await runtimeOf(root, 'prod-eu', 'ingress-nginx');
    expect(k.spec.path).toBe('./runtime/ingress-nginx/1.0.0/_base');
    expect(k.spec.components).toEqual(['../metrics']);
  });

  it("the pinned version's directory builds (what Flux builds from that path)", async () => {
    const out = await kustomizeBuild(`${root}/runtime/ingress-nginx/1.1.0/_base`, { repoRoot: root });
    const release = (parseYamlValues(out) as any[]).find((o) => o?.kind === 'HelmRelease');
    expect(release.spec.chart.spec.version).toBe('4.12.0');
  });
});

describe("a canary of a version that needs more than the stage's: kubectl builds the pin's carried fields", () => {
  let root: string;
  beforeAll(() => {
    // 1.1.0 as a hand-edited menu entry: it also waits for external-dns and substitutes from its own Secret.
    root = afterCanaryWave(
      RepoHarness.example().editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (doc) => {
        doc.spec.dependsOn = ['cert-manager', 'external-dns'];
        doc.spec.requires = { ...doc.spec.requires, secrets: ['NGINX_TOKEN'] };
      }),
    );
  });
  afterAll(() => removeRepo(root));

  it("the canary waits for what 1.1.0 depends on and reads its Secret; its sibling keeps 1.0.0's", async () => {
    const canary = await runtimeOf(root, 'prod-us', 'ingress-nginx');
    expect(canary.spec.dependsOn).toEqual([{ name: 'runtime-cert-manager' }, { name: 'runtime-external-dns' }]);
    expect(canary.spec.postBuild.substituteFrom).toContainEqual({ kind: 'Secret', name: 'runtime-ingress-nginx' });
    const sibling = await runtimeOf(root, 'prod-eu', 'ingress-nginx');
    expect(sibling.spec.dependsOn).toEqual([{ name: 'runtime-cert-manager' }]);
    expect(sibling.spec.postBuild.substituteFrom).not.toContainEqual({ kind: 'Secret', name: 'runtime-ingress-nginx' });
  });
});
