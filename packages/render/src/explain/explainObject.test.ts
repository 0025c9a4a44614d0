import { isPlatterError } from '@platter/model';
import { exampleRepository } from '../example';
import { ParseCache, RepositoryReader } from '../parse';
import { buildEnvironment, fluxWalker } from '../renderedDiff';
import { explainObject, formatExplanation } from '.';

const tree = exampleRepository();

describe('explainObject', () => {
  it('explains a runtime HelmRelease: env, stage, Kustomization, component version, addon, base, addon patch, substitution', () => {
    const e = explainObject(
      tree,
      'prod-eu',
      { kind: 'HelmRelease', namespace: 'ingress-nginx', name: 'ingress-nginx' },
      { field: 'spec.values.controller.metrics.enabled' },
    );
    expect(e.gaps).toEqual([]);
    expect(e.steps.map((s) => [s.step, s.file, s.line])).toEqual([
      ['env', 'envs/prod-eu/kustomization.yaml', 1],
      ['stage', 'envs/prod-eu/kustomization.yaml', 9],
      ['kustomization', 'stages/prod/runtime/ingress-nginx.yaml', 1],
      ['component', 'runtime/ingress-nginx/1.0.0/component.yaml', 1],
      ['addon', 'runtime/ingress-nginx/1.0.0/metrics/kustomization.yaml', 1],
      ['base', 'runtime/ingress-nginx/1.0.0/_base/release.yaml', 1],
      ['addon', 'runtime/ingress-nginx/1.0.0/metrics/patch.yaml', 1],
      ['substitution', 'envs/prod-eu/env-config.yaml', expect.any(Number)],
    ]);
    expect(e.steps.find((s) => s.step === 'base')!.value).toBeUndefined();
    expect(e.steps.find((s) => s.step === 'addon' && s.fields)!.value).toBe(true);
    expect(e.field).toEqual({ path: 'spec.values.controller.metrics.enabled', value: true });
    const sub = e.steps.find((s) => s.step === 'substitution')!;
    expect(sub.title).toBe('${cluster_name} from ConfigMap flux-system/env-config');
    expect(tree.read(sub.file)!.split('\n')[sub.line - 1]).toMatch(/^\s+cluster_name: prod-eu$/);
    expect(formatExplanation(e)).toContain('spec.values.controller.metrics.enabled = true');
  });

  it('explains an object of a plain-manifest component: its manifest in _base, the addon patch, the substitution', () => {
    const e = explainObject(
      tree,
      'staging-eu',
      { kind: 'DaemonSet', namespace: 'monitoring', name: 'monitoring-agent' },
      { field: 'spec.template.spec.tolerations' },
    );
    expect(e.gaps).toEqual([]);
    expect(e.steps.map((s) => [s.step, s.file])).toEqual([
      ['env', 'envs/staging-eu/kustomization.yaml'],
      ['stage', 'envs/staging-eu/kustomization.yaml'],
      ['kustomization', 'stages/staging/runtime/monitoring-agent.yaml'],
      ['component', 'runtime/monitoring-agent/1.0.0/component.yaml'],
      ['addon', 'runtime/monitoring-agent/1.0.0/control-plane/kustomization.yaml'],
      ['base', 'runtime/monitoring-agent/1.0.0/_base/daemonset.yaml'],
      ['addon', 'runtime/monitoring-agent/1.0.0/control-plane/daemonset-tolerations.yaml'],
      ['substitution', 'envs/staging-eu/env-config.yaml'],
    ]);
  });

  it("explains an app's version pin: the stage overlay's patch file", () => {
    const e = explainObject(
      tree,
      'prod-us',
      { kind: 'HelmRelease', namespace: 'team-a', name: 'shop' },
      { field: 'spec.chart.spec.version' },
    );
    expect(e.gaps).toEqual([]);
    expect(e.appliedBy).toBe('team-a/shop');
    const pin = e.steps.find((s) => s.step === 'patch')!;
    expect(pin.file).toBe('apps/shop/prod/release.yaml');
    expect(pin.value).toBe('1.2.0');
    expect(e.steps.find((s) => s.step === 'target-namespace')).toBeUndefined();
  });

  it("explains an image app's tag: the overlay's images", () => {
    const e = explainObject(
      tree,
      'staging-eu',
      { kind: 'Deployment', namespace: 'team-b', name: 'billing' },
      { field: 'spec.template.spec.containers[0].image' },
    );
    expect(e.gaps).toEqual([]);
    const images = e.steps.find((s) => s.title.startsWith('images in'))!;
    expect(images.file).toBe('apps/billing/envs/staging-eu/kustomization.yaml');
    expect(images.value).toMatch(/^ghcr\.io\/example-org\/billing:\d/);
    expect(e.field!.value).toBe(images.value);
  });

  it('explains an env override: the JSON6902 patch in the env kustomization, with its line', () => {
    const t = tree.clone();
    t.write(
      'envs/prod-eu/kustomization.yaml',
      `${t.read('envs/prod-eu/kustomization.yaml')}patches:\n  - target:\n      kind: Kustomization\n      name: runtime-ingress-nginx\n    patch: |\n      - op: add\n        path: /spec/components/-\n        value: ../internal-lb\n`,
    );
    const e = explainObject(t, 'prod-eu', {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'runtime-ingress-nginx',
    });
    expect(e.gaps).toEqual([]);
    const patch = e.steps.find((s) => s.step === 'patch')!;
    expect([patch.file, patch.fields]).toEqual(['envs/prod-eu/kustomization.yaml', ['spec.components[1]']]);
    expect(t.read(patch.file)!.split('\n')[patch.line - 1]).toBe('  - target:');
    const hr = explainObject(t, 'prod-eu', { kind: 'HelmRelease', namespace: 'ingress-nginx', name: 'ingress-nginx' });
    expect(hr.steps.filter((s) => s.step === 'addon').map((s) => s.title)).toEqual([
      'addon metrics',
      'addon internal-lb (added by an override of the Kustomization in the env)',
      'addon metrics: patch runtime/ingress-nginx/1.0.0/metrics/patch.yaml',
      'addon internal-lb: patch runtime/ingress-nginx/1.0.0/internal-lb/patch.yaml',
    ]);
  });

  it.each([
    ['an unknown env', 'nope', { kind: 'Namespace', name: 'x' }, 'UnknownEnvironment'],
    [
      'an object the env does not have',
      'prod-eu',
      { kind: 'Deployment', namespace: 'team-b', name: 'billing' },
      'UnknownObject',
    ],
  ])('%s: %s', (_name, env, ref, code) => {
    try {
      explainObject(tree, env, ref);
      throw new Error('no error');
    } catch (e) {
      expect(isPlatterError(e) && e.code).toBe(code);
    }
  });
});

describe('every object of every env of the example fleet explains without a gap', () => {
  const envs = new RepositoryReader(tree).environmentNames();
  it.each(envs)('%s', (env) => {
    const cache = new ParseCache();
    const walker = fluxWalker(tree, cache);
    const objects = [...buildEnvironment(walker, env).objects.values()];
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) {
      const e = explainObject(tree, env, o, { cache, walker });
      expect({ id: o.id, gaps: e.gaps }).toEqual({ id: o.id, gaps: [] });
      const base = e.steps.find((s) => s.step === 'base')!;
      expect(base.file).toBe(o.file);
      expect(tree.read(base.file)!.split('\n').length).toBeGreaterThanOrEqual(base.line);
      for (const s of e.steps) expect(tree.read(s.file) ?? tree.list(s.file)).toBeTruthy();
    }
  });
});
