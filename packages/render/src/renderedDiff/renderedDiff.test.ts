import { DANGER_CODES, MemoryFileTree, type ErrorCode, type FileTree } from '@platter/model';
import { exampleRepository } from '../example';
import { RepositoryReader } from '../parse';
import { parseYamlValues, toYaml } from '../yaml';
import { buildEnvironment, fluxWalker, formatRenderedDiff, renderedDiff, stagesOf } from '.';

/** Rewrites the YAML documents of a file (test fixtures only; Platter writes through render). */
function edit(tree: MemoryFileTree, path: string, fn: (docs: any[]) => any[]): void {
  const text = tree.read(path);
  if (text === undefined) throw new Error(`${path} does not exist`);
  tree.write(path, toYaml(...fn(parseYamlValues(text))));
}

const side = (tree: FileTree) => {
  const fleet = new RepositoryReader(tree).fleet()!;
  return { tree, environments: fleet.environments.map((e) => e.name), fleet };
};

function diffOf(
  change: (t: MemoryFileTree) => void,
  setup?: (t: MemoryFileTree) => void,
  envs = ['prod-eu', 'prod-us', 'staging-eu'],
) {
  const before = exampleRepository();
  setup?.(before);
  const after = before.clone();
  change(after);
  const [b, a] = [side(before), side(after)];
  return renderedDiff(
    { ...b, environments: envs },
    { ...a, environments: envs },
    { stageOf: stagesOf(b.fleet, a.fleet) },
  );
}

function copy(tree: MemoryFileTree): MemoryFileTree {
  const out = new MemoryFileTree();
  for (const p of tree.list('')) out.write(p, tree.read(p)!);
  return out;
}

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'certificates.cert-manager.io' },
  spec: { group: 'cert-manager.io' },
};
const KEPT = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'kept',
    namespace: 'external-dns',
    annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
  },
  data: { a: 'b' },
};
const addResource = (t: MemoryFileTree, dir: string, file: string, value: unknown) => {
  t.write(`${dir}/${file}`, toYaml(value));
  edit(t, `${dir}/kustomization.yaml`, ([k]) => [{ ...k, resources: [...k.resources, file] }]);
};
const dropResource = (t: MemoryFileTree, dir: string, file: string) =>
  edit(t, `${dir}/kustomization.yaml`, ([k]) => [{ ...k, resources: k.resources.filter((r: string) => r !== file) }]);

describe('danger findings, one case per code', () => {
  const cases: [string, ErrorCode, (t: MemoryFileTree) => void, ((t: MemoryFileTree) => void) | undefined, string][] = [
    [
      'a Namespace removed',
      'NamespaceRemoved',
      (t) => dropResource(t, 'runtime/cert-manager/1.0.0/_base', 'namespace.yaml'),
      undefined,
      'runtime/cert-manager/1.0.0/_base/namespace.yaml',
    ],
    [
      'a CRD removed',
      'CrdRemoved',
      (t) => dropResource(t, 'runtime/cert-manager/1.0.0/_base', 'crd.yaml'),
      (t) => addResource(t, 'runtime/cert-manager/1.0.0/_base', 'crd.yaml', CRD),
      'runtime/cert-manager/1.0.0/_base/crd.yaml',
    ],
    [
      'an object with prune disabled removed',
      'PruneDisabledRemoved',
      (t) => dropResource(t, 'runtime/external-dns/1.0.0/_base', 'kept.yaml'),
      (t) => addResource(t, 'runtime/external-dns/1.0.0/_base', 'kept.yaml', KEPT),
      'runtime/external-dns/1.0.0/_base/kept.yaml',
    ],
    [
      "a Deployment's selector changed",
      'ImmutableFieldChanged',
      (t) =>
        edit(t, 'apps/billing/base/workload.yaml', ([d, s]) => [
          { ...d, spec: { ...d.spec, selector: { matchLabels: { app: 'billing' } } } },
          s,
        ]),
      undefined,
      'apps/billing/base/workload.yaml#spec.selector',
    ],
    [
      'a runtime Kustomization suspended',
      'SuspendFlipped',
      (t) => edit(t, 'stages/prod/runtime/ingress-nginx.yaml', ([k]) => [{ ...k, spec: { ...k.spec, suspend: true } }]),
      undefined,
      'stages/prod/runtime/ingress-nginx.yaml#spec.suspend',
    ],
    [
      "a HelmRelease's chart major version changed",
      'ChartMajorVersionChanged',
      (t) =>
        edit(t, 'runtime/ingress-nginx/1.0.0/_base/release.yaml', ([h]) => [
          { ...h, spec: { ...h.spec, chart: { spec: { ...h.spec.chart.spec, version: '5.0.1' } } } },
        ]),
      undefined,
      'runtime/ingress-nginx/1.0.0/_base/release.yaml#spec.chart.spec.version',
    ],
    [
      'a Secret key removed that a substitution uses',
      'SubstitutedSecretKeyRemoved',
      (t) =>
        edit(t, 'envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted', ([s]) => [
          { ...s, stringData: { OTHER: s.stringData.EXTERNAL_DNS_API_TOKEN } },
        ]),
      undefined,
      'stages/prod/runtime/external-dns.yaml',
    ],
  ];

  it('covers every danger code', () => expect(new Set(cases.map((c) => c[1]))).toEqual(DANGER_CODES));

  it.each(cases)('%s: %s', (_name, code, change, setup, path) => {
    const diff = diffOf(change, setup);
    const dangers = diff.groups.flatMap((g) => g.dangers);
    expect(dangers.map((d) => d.code)).toContain(code);
    const d = dangers.find((x) => x.code === code)!;
    expect(d.path).toBe(path);
    expect(d.severity).toBe('warning');
    // Only the danger of this case (a removal may also change what depends on it, never another danger).
    expect(new Set(dangers.map((x) => x.code))).toEqual(new Set([code]));
  });

  it('a harmless change has no danger finding, and identical envs group', () => {
    const diff = diffOf((t) =>
      edit(t, 'runtime/ingress-nginx/1.0.0/_base/release.yaml', ([h]) => [
        {
          ...h,
          spec: {
            ...h.spec,
            values: { ...h.spec.values, controller: { ...h.spec.values.controller, replicaCount: 3 } },
          },
        },
      ]),
    );
    expect(diff.groups).toHaveLength(1);
    const [g] = diff.groups;
    // staging runs ingress-nginx 1.1.0: it does not change.
    expect(g!.environments).toEqual(['prod-eu', 'prod-us']);
    expect(g!.stages).toEqual(['prod']);
    expect(g!.dangers).toEqual([]);
    expect(g!.changes).toEqual([
      expect.objectContaining({
        op: 'change',
        object: {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          namespace: 'ingress-nginx',
          name: 'ingress-nginx',
        },
        appliedBy: 'flux-system/runtime-ingress-nginx',
        fields: [{ op: 'change', path: 'spec.values.controller.replicaCount', before: 2, after: 3 }],
      }),
    ]);
    expect(diff.unchanged).toEqual(['staging-eu']);
  });

  it('envs whose diff differs are grouped apart (the substituted cluster name differs per env)', () => {
    const diff = diffOf((t) =>
      edit(t, 'runtime/ingress-nginx/1.0.0/_base/release.yaml', ([h]) => [
        { ...h, spec: { ...h.spec, values: { ...h.spec.values, extra: 'on ${cluster_name}' } } },
      ]),
    );
    expect(diff.groups.map((g) => g.environments)).toEqual([['prod-eu'], ['prod-us']]);
    expect(diff.groups[0]!.changes[0]!.fields).toEqual([{ op: 'add', path: 'spec.values.extra', after: 'on prod-eu' }]);
    expect(formatRenderedDiff(diff)).toContain('+ spec.values.extra: "on prod-eu"');
  });

  it('never shows a Secret value', () => {
    const diff = diffOf((t) =>
      edit(t, 'envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted', ([s]) => [
        { ...s, stringData: { ...s.stringData, NEW_KEY: 'plain-value-123' } },
      ]),
    );
    const text = JSON.stringify(diff) + formatRenderedDiff(diff);
    expect(text).toContain('NEW_KEY');
    expect(text).not.toContain('plain-value-123');
    expect(text).not.toContain('ENC[');
  });
});

describe('the rendered diff of the example fleet', () => {
  const tree = exampleRepository();
  const envs = side(tree).fleet!.environments.map((e) => e.name);

  it.each(envs)('%s: the diff of the tree against itself is empty, and the build holds what Flux applies', (env) => {
    // Two readers, so nothing is shared by reference: the objects are compared.
    const diff = renderedDiff({ ...side(tree), environments: [env] }, { ...side(copy(tree)), environments: [env] });
    expect(diff).toEqual({ groups: [], unchanged: [env] });
    const built = buildEnvironment(fluxWalker(tree), env);
    const release = built.objects.get('helm.toolkit.fluxcd.io/HelmRelease/ingress-nginx/ingress-nginx');
    expect((release?.value as any).spec.values.controller.service.annotations['platter.dev/cluster']).toBe(env);
    expect(release?.appliedBy).toBe('flux-system/runtime-ingress-nginx');
    expect(built.objects.get('/Namespace//cert-manager')?.prune).toBe(false);
  });
});
