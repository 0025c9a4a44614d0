/**
 * EnableAddon / DisableAddon against the real `kubectl kustomize` (kustomize v5):
 * after each sequence of requests the applied tree is written to a temp dir and
 * every env is built. The env's runtime-ingress-nginx Flux Kustomization must
 * carry exactly the addons the model says the env runs (stage list + JSON6902
 * overrides), and a Flux-like build of it (`spec.components` appended to the
 * `_base` kustomization, as Flux does) must reach the HelmRelease. A stage edited
 * by hand under a `test` override must fail the build loudly.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { effectiveComponents, findEnvironment } from '@platter/model';
import { RepoHarness } from '../../testing';
import { parseYamlValues, toYaml } from '../../yaml';
import { releaseIngressWithWaf, runIngressVersion } from './addonFixtures';

const ENVS = ['staging-eu', 'prod-eu', 'prod-us'];
const enable = (addon: string, where: { stage: string } | { env: string }) => ({
  kind: 'EnableAddon',
  service: 'ingress-nginx',
  addon,
  ...where,
});
const disable = (addon: string, where: { stage: string } | { env: string }) => ({
  kind: 'DisableAddon',
  service: 'ingress-nginx',
  addon,
  ...where,
});

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function writeTree(h: RepoHarness): string {
  const root = mkdtempSync(join(tmpdir(), 'platter-addons-'));
  roots.push(root);
  for (const [path, content] of h.tree.entries()) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

type Built = { ok: true; objects: any[] } | { ok: false; error: string };

function kustomize(root: string, dir: string): Built {
  try {
    const out = execFileSync('kubectl', ['kustomize', dir], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, objects: parseYamlValues(out) as any[] };
  } catch (e) {
    return { ok: false, error: String((e as { stderr?: unknown }).stderr ?? e) };
  }
}

function built(root: string, dir: string): any[] {
  const b = kustomize(root, dir);
  if (!b.ok) throw new Error(`kubectl kustomize ${dir} failed: ${b.error}`);
  return b.objects;
}

const runtimeIngress = (objects: any[]) =>
  objects.find(
    (o) =>
      o.kind === 'Kustomization' &&
      String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/') &&
      o.metadata?.name === 'runtime-ingress-nginx',
  );

/** The HelmRelease a Flux Kustomization produces: Flux appends `spec.components` to the kustomization at `spec.path`. */
function fluxBuildHelmRelease(root: string, fluxKustomization: any): any {
  const path = String(fluxKustomization.spec.path).replace(/^\.\//, '');
  const file = join(root, path, 'kustomization.yaml');
  const original = readFileSync(file, 'utf8');
  const k = parseYamlValues(original)[0] as Record<string, any>;
  writeFileSync(
    file,
    toYaml({ ...k, components: [...(k.components ?? []), ...(fluxKustomization.spec.components ?? [])] }),
  );
  try {
    return built(root, path).find((o) => o.kind === 'HelmRelease');
  } finally {
    writeFileSync(file, original);
  }
}

/** `env: spec.components` of runtime-ingress-nginx in each env's real build. */
function builtComponents(root: string): Record<string, string[]> {
  return Object.fromEntries(ENVS.map((e) => [e, runtimeIngress(built(root, `envs/${e}`))?.spec?.components]));
}

/** The same, as the model says (stage list + env overrides). */
function modelComponents(h: RepoHarness): Record<string, string[]> {
  const m = h.model();
  return Object.fromEntries(
    ENVS.map((e) => [
      e,
      effectiveComponents(m, findEnvironment(m, e)!)
        .find((c) => c.service === 'ingress-nginx')!
        .addons.map((a) => `../${a}`),
    ]),
  );
}

describe('addon overrides, built with real kustomize', () => {
  it.each<[string, (h: RepoHarness) => void, Record<string, string[]>]>([
    [
      'the example as rendered',
      () => undefined,
      { 'staging-eu': ['../nodeport'], 'prod-eu': ['../metrics'], 'prod-us': [] },
    ],
    [
      'env enables on top of the stage (prod-eu) and after its own disable (prod-us)',
      (h) => {
        h.apply(enable('internal-lb', { env: 'prod-eu' }));
        h.apply(enable('nodeport', { env: 'prod-us' }));
      },
      { 'staging-eu': ['../nodeport'], 'prod-eu': ['../metrics', '../internal-lb'], 'prod-us': ['../nodeport'] },
    ],
    [
      'a later stage change still reaches envs with overrides',
      (h) => {
        h.apply(enable('internal-lb', { env: 'prod-eu' }));
        h.apply(enable('nodeport', { env: 'prod-us' }));
        h.apply(disable('metrics', { stage: 'prod' }));
      },
      { 'staging-eu': ['../nodeport'], 'prod-eu': ['../internal-lb'], 'prod-us': ['../nodeport'] },
    ],
    [
      'a stage change that shifts the list: the env disable is re-indexed',
      (h) => {
        h.apply(enable('internal-lb', { stage: 'prod' }));
        h.apply(disable('internal-lb', { env: 'prod-eu' }));
        h.apply(disable('metrics', { stage: 'prod' }));
      },
      { 'staging-eu': ['../nodeport'], 'prod-eu': [], 'prod-us': ['../internal-lb'] },
    ],
    [
      'a stage enable appended after an env disable of an earlier addon',
      (h) => {
        h.apply(disable('metrics', { env: 'prod-eu' }));
        h.apply(enable('internal-lb', { stage: 'prod' }));
      },
      { 'staging-eu': ['../nodeport'], 'prod-eu': ['../internal-lb'], 'prod-us': ['../internal-lb'] },
    ],
    [
      'two env enables on a newer version (waf exists only in 1.2.0)',
      (h) => {
        runIngressVersion(releaseIngressWithWaf(h), 'staging', '1.2.0');
        h.apply(enable('waf', { env: 'staging-eu' }));
        h.apply(enable('metrics', { env: 'staging-eu' }));
      },
      { 'staging-eu': ['../nodeport', '../waf', '../metrics'], 'prod-eu': ['../metrics'], 'prod-us': [] },
    ],
  ])('%s', (_name, requests, expected) => {
    const h = RepoHarness.example();
    requests(h);
    expect(h.errors()).toEqual([]);
    const root = writeTree(h);
    const components = builtComponents(root);
    expect(components).toEqual(expected);
    expect(components).toEqual(modelComponents(h));
  });

  it('the env override reaches the HelmRelease the way Flux builds it', () => {
    const h = RepoHarness.example();
    h.apply(enable('internal-lb', { env: 'prod-eu' }));
    const root = writeTree(h);
    const release = fluxBuildHelmRelease(root, runtimeIngress(built(root, 'envs/prod-eu')));
    expect(release.spec.values.controller.metrics.enabled).toBe(true);
    expect(
      release.spec.values.controller.service.annotations['service.beta.kubernetes.io/aws-load-balancer-internal'],
    ).toBe('true');
    const us = fluxBuildHelmRelease(root, runtimeIngress(built(root, 'envs/prod-us')));
    expect(us.spec.values.controller.metrics).toBeUndefined();
  });

  it.each<[string, (k: any) => void, [string, string][] | undefined]>([
    // Not asserted statically: the model is consistent, only the index moved, and the static
    // walker does not apply JSON6902 patches (validate passes today; kustomize is the oracle).
    ['reordered', (k) => k.spec.components.unshift('../internal-lb'), undefined],
    // The model sees a redundant override; the static build sees what kustomize would do with the patch.
    [
      'with another addon in its place',
      (k) => (k.spec.components = ['../internal-lb']),
      [
        ['PatchDoesNotApply', 'envs/prod-us/kustomization.yaml'],
        ['StaleOverride', 'envs/prod-us/kustomization.yaml'],
      ],
    ],
    [
      'emptied',
      (k) => (k.spec.components = []),
      [
        ['PatchDoesNotApply', 'envs/prod-us/kustomization.yaml'],
        ['StaleOverride', 'envs/prod-us/kustomization.yaml'],
      ],
    ],
  ])('a stale disable override fails the build loudly: stage list %s by hand', (_name, edit, staticErrors) => {
    const h = RepoHarness.example(); // prod-us: test /spec/components/0 == ../metrics, remove
    h.editYaml('stages/prod/runtime/ingress-nginx.yaml', edit);
    if (staticErrors) expect(h.errors()).toEqual(staticErrors);
    const root = writeTree(h);
    const b = kustomize(root, 'envs/prod-us');
    expect(b.ok).toBe(false);
    expect(!b.ok && b.error).toMatch(/test.*\/spec\/components\/0/);
    expect(kustomize(root, 'envs/prod-eu').ok).toBe(true);
  });
});
