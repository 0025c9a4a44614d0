/**
 * CreateStage / DeleteStage against the real `kubectl kustomize` (kustomize v5):
 * a stage copied from staging, with an env, a tenant and an app in it, is written
 * to a temp dir and built. The env's build must carry the new stage's config and
 * one runtime Flux Kustomization per copied component (the same specs as
 * staging's), the tenant's app Kustomization, and each runtime Kustomization must
 * build the way Flux does (its `spec.components` appended to `_base`), Helm chart
 * or plain manifests. After the
 * stage is emptied and deleted, every remaining env still builds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO_AGE_RECIPIENT } from '../../example';
import { fakeSealedSecret, RepoHarness } from '../../testing';
import { parseYamlValues, toYaml } from '../../yaml';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function writeTree(h: RepoHarness): string {
  const root = mkdtempSync(join(tmpdir(), 'platter-stage-'));
  roots.push(root);
  for (const [path, content] of h.tree.entries()) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function built(root: string, dir: string): any[] {
  try {
    const out = execFileSync('kubectl', ['kustomize', dir], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return parseYamlValues(out) as any[];
  } catch (e) {
    throw new Error(`kubectl kustomize ${dir} failed: ${String((e as { stderr?: unknown }).stderr ?? e)}`);
  }
}

/** What Flux builds for a Flux Kustomization: `spec.components` appended to the kustomization at `spec.path`. */
function fluxBuild(root: string, fluxKustomization: any): any[] {
  const path = String(fluxKustomization.spec.path).replace(/^\.\//, '');
  const file = join(root, path, 'kustomization.yaml');
  const original = readFileSync(file, 'utf8');
  const k = parseYamlValues(original)[0] as Record<string, any>;
  writeFileSync(
    file,
    toYaml({ ...k, components: [...(k.components ?? []), ...(fluxKustomization.spec.components ?? [])] }),
  );
  try {
    return built(root, path);
  } finally {
    writeFileSync(file, original);
  }
}

const isFluxKustomization = (o: any) =>
  o.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/');
const runtimeOf = (objects: any[]) =>
  Object.fromEntries(
    objects
      .filter((o) => isFluxKustomization(o) && String(o.metadata.name).startsWith('runtime-'))
      .map((o) => [o.metadata.name, o.spec]),
  );

const qaEnv = {
  kind: 'CreateEnvironment',
  name: 'qa-eu',
  stage: 'qa',
  ageRecipients: [DEMO_AGE_RECIPIENT],
  config: { cluster_name: 'qa-eu', region: 'eu-west-1' },
  secrets: [
    {
      name: 'runtime-external-dns',
      keys: ['EXTERNAL_DNS_API_TOKEN'],
      sealed: fakeSealedSecret({
        name: 'runtime-external-dns',
        keys: ['EXTERNAL_DNS_API_TOKEN'],
        recipients: [DEMO_AGE_RECIPIENT],
      }),
    },
  ],
};
const cart = {
  kind: 'OnboardApp',
  name: 'cart',
  tenant: 'team-a',
  source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
  targets: [{ stage: 'qa' }],
  version: '1.0.0',
};

describe('a new stage, built by kubectl kustomize', () => {
  it('an env in a stage copied from staging builds with the stage config, staging’s runtime and the stage’s apps', () => {
    const h = RepoHarness.example();
    h.apply({
      kind: 'CreateStage',
      name: 'qa',
      after: 'staging',
      promotesFrom: 'staging',
      allowPrerelease: true,
      copyComponentsFrom: 'staging',
      config: { domain: 'qa.example.com' },
    });
    h.apply(qaEnv);
    h.apply({ kind: 'OnboardTenant', name: 'team-a', owner: 'group:default/team-a', stages: ['qa'] });
    h.apply(cart);
    expect(h.errors()).toEqual([]);
    const root = writeTree(h);

    const qa = built(root, 'envs/qa-eu');
    const stageConfig = qa.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'stage-config');
    expect(stageConfig.data).toEqual({ stage: 'qa', domain: 'qa.example.com' });
    const staging = built(root, 'envs/staging-eu');
    expect(runtimeOf(qa)).toEqual(runtimeOf(staging));
    expect(Object.keys(runtimeOf(qa))).toEqual(
      expect.arrayContaining(['runtime-cert-manager', 'runtime-external-dns', 'runtime-ingress-nginx']),
    );
    expect(qa.filter(isFluxKustomization).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toContain(
      'team-a/cart',
    );
    for (const k of qa.filter((o) => isFluxKustomization(o) && String(o.metadata.name).startsWith('runtime-')))
      expect(fluxBuild(root, k).length).toBeGreaterThan(0); // a chart's HelmRelease, or plain manifests
  });

  it('an empty stage builds too; after it is emptied and deleted, every env still builds', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'CreateStage', name: 'qa', after: 'staging', promotesFrom: 'staging' });
    h.apply({ ...qaEnv, secrets: [] });
    h.apply({ kind: 'OnboardTenant', name: 'team-a', owner: 'group:default/team-a', stages: ['qa'] });
    h.apply(cart);
    let root = writeTree(h);
    const qa = built(root, 'envs/qa-eu');
    expect(runtimeOf(qa)).toEqual({});
    expect(qa.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'stage-config').data).toEqual({ stage: 'qa' });

    h.apply({ kind: 'OffboardApp', name: 'cart', targets: [{ stage: 'qa' }] });
    h.apply({ kind: 'DeleteEnvironment', name: 'qa-eu' });
    h.apply({ kind: 'DeleteStage', name: 'qa' });
    expect(h.tree.list('stages/qa')).toEqual([]);
    expect(h.tree.list('tenants/team-a/qa')).toEqual([]);
    expect(h.errors()).toEqual([]);
    root = writeTree(h);
    for (const env of ['staging-eu', 'prod-eu', 'prod-us'])
      expect(built(root, `envs/${env}`).length).toBeGreaterThan(0);
  });
});
