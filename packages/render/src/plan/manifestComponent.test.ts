import { isRequestRejected } from '@platter/model';
import { RepoHarness } from '../testing';
import { expectConsistent, expectRejected } from '../testing/menuFixtures';
import { parseYamlValues, toYaml } from '../yaml';
import { manifestComponentFiles, type ManifestComponentInput } from './manifestComponent';

// Plain-manifest runtime components (issue 14): the files a request brings, checked and
// completed, and the menu requests (add, release, stage, upgrade, addons) on them.

const policy = (name: string, policyTypes: string[] = ['Ingress']) =>
  toYaml({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'netpol' },
    spec: { podSelector: {}, policyTypes },
  });
const egressPatch = policy('default-deny', ['Ingress', 'Egress']);

const input = (over: Partial<ManifestComponentInput> = {}): ManifestComponentInput => ({
  service: 'netpol',
  namespace: 'netpol',
  secrets: [],
  base: { 'policy.yaml': policy('default-deny') },
  addons: [],
  field: 'manifests',
  addonsField: 'addons',
  ...over,
});

/** The findings of a rejected input as [code, path], or [] when it is accepted. */
function findings(i: ManifestComponentInput): [string, string | undefined][] {
  try {
    manifestComponentFiles(i);
    return [];
  } catch (e) {
    if (!isRequestRejected(e)) throw e;
    return e.diagnostics.map((d) => [d.code, d.path]);
  }
}

describe('manifestComponentFiles', () => {
  it.each<[string, Partial<ManifestComponentInput>, [string, string | undefined][]]>([
    ['one manifest', {}, []],
    ['no files', { base: {} }, [['InvalidManifest', 'manifests']]],
    ['only a README (not YAML)', { base: { 'README.md': '# hi' } }, [['InvalidManifest', 'manifests.README.md']]],
    [
      'YAML that is not a Kubernetes object',
      { base: { 'x.yaml': 'foo: bar\n' } },
      [['InvalidManifest', 'manifests.x.yaml']],
    ],
    [
      'a second document without a kind',
      { base: { 'x.yaml': `${policy('a')}---\nmetadata: {name: b}\n` } },
      [['InvalidManifest', 'manifests.x.yaml']],
    ],
    ['YAML that does not parse', { base: { 'x.yaml': 'a: [\n' } }, [['InvalidManifest', 'manifests.x.yaml']]],
    [
      'a Secret in plaintext',
      { base: { 's.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n' } },
      [['PlaintextSecret', 'manifests.s.yaml']],
    ],
    [
      'a Secret whose values are ${KEY} substitutions (filled in from the env secret)',
      {
        base: {
          's.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: "${API_TOKEN}"}\n',
        },
      },
      [],
    ],
    ['a path out of the directory', { base: { '../x.yaml': policy('a') } }, [['PathEscape', 'manifests.../x.yaml']]],
    ['an absolute path', { base: { '/etc/x.yaml': policy('a') } }, [['PathEscape', 'manifests./etc/x.yaml']]],
    [
      'an addon whose kustomization is not a Component',
      {
        addons: [
          {
            name: 'egress',
            files: { 'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' },
          },
        ],
      },
      [['KustomizationUnderComponents', 'addons.egress.kustomization.yaml']],
    ],
    ['an addon with no files', { addons: [{ name: 'egress', files: {} }] }, [['InvalidManifest', 'addons.egress']]],
    [
      'an addon with a JSON6902 patch file its kustomization points at',
      {
        addons: [
          {
            name: 'egress',
            files: {
              'kustomization.yaml': toYaml({
                apiVersion: 'kustomize.config.k8s.io/v1alpha1',
                kind: 'Component',
                patches: [{ path: 'ops.yaml', target: { kind: 'NetworkPolicy', name: 'default-deny' } }],
              }),
              'ops.yaml': toYaml([{ op: 'add', path: '/spec/policyTypes/-', value: 'Egress' }]),
            },
          },
        ],
      },
      [],
    ],
  ])('%s', (_name, over, expected) => expect(findings(input(over))).toEqual(expected));

  it('writes a kustomization (files, Namespace, credentials) only when none is given', () => {
    const made = manifestComponentFiles(
      input({ secrets: ['API_TOKEN'], addons: [{ name: 'egress', files: { 'policy.yaml': egressPatch } }] }),
    );
    expect(Object.keys(made.files)).toEqual([
      '_base/credentials.yaml',
      '_base/kustomization.yaml',
      '_base/namespace.yaml',
      '_base/policy.yaml',
      'egress/kustomization.yaml',
      'egress/policy.yaml',
    ]);
    expect(parseYamlValues(made.files['_base/kustomization.yaml']!)[0]).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['credentials.yaml', 'namespace.yaml', 'policy.yaml'],
    });
    expect(parseYamlValues(made.files['egress/kustomization.yaml']!)[0]).toMatchObject({
      kind: 'Component',
      patches: [{ path: 'policy.yaml' }],
    });
    expect(made.patchTargets).toEqual({ egress: [{ kind: 'NetworkPolicy', name: 'default-deny' }] });

    const own = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n# mine\nresources: [policy.yaml]\n';
    const kept = manifestComponentFiles(input({ base: { 'kustomization.yaml': own, 'policy.yaml': policy('a') } }));
    expect(kept.files).toEqual({ '_base/kustomization.yaml': own, '_base/policy.yaml': policy('a') });
  });
});

const addNetpol = {
  kind: 'AddRuntimeService',
  name: 'netpol',
  namespace: 'netpol',
  description: 'Default-deny network policies.',
  manifests: { 'policy.yaml': policy('default-deny') },
  addons: [{ name: 'egress', description: 'Deny egress too.', manifests: { 'policy.yaml': egressPatch } }],
} as const;

describe('menu requests on a component of plain manifests', () => {
  it('AddRuntimeService writes the files verbatim under the version directory, sealed', () => {
    const h = RepoHarness.example();
    const p = h.apply(addNetpol);
    expect(RepoHarness.changed(p)).toEqual([
      'add runtime/netpol/1.0.0/_base/kustomization.yaml',
      'add runtime/netpol/1.0.0/_base/namespace.yaml',
      'add runtime/netpol/1.0.0/_base/policy.yaml',
      'add runtime/netpol/1.0.0/component.yaml',
      'add runtime/netpol/1.0.0/egress/kustomization.yaml',
      'add runtime/netpol/1.0.0/egress/policy.yaml',
    ]);
    expect(h.read('runtime/netpol/1.0.0/_base/policy.yaml')).toBe(policy('default-deny'));
    const component = parseYamlValues(h.read('runtime/netpol/1.0.0/component.yaml'))[0] as any;
    expect(component.spec.source).toBe('manifests');
    expect(component.spec.chart).toBeUndefined();
    expect(component.spec.addons[0].patchTargets).toEqual([{ kind: 'NetworkPolicy', name: 'default-deny' }]);
    const v = h.model().services.find((s) => s.name === 'netpol')!.versions[0]!;
    expect(v.source).toBe('manifests');
    expect(v.digest).toBe(v.facts?.computedDigest);
    expectConsistent(h);
    expect(h.plan(addNetpol).changes).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a Secret in plaintext',
      { manifests: { 's.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: Yg==}\n' } },
      'PlaintextSecret',
    ],
    ['a directory with no YAML', { manifests: {} }, 'InvalidManifest'],
    [
      'an addon patching what _base lacks',
      { addons: [{ name: 'other', manifests: { 'p.yaml': policy('nope') } }] },
      'MissingPatchTarget',
    ],
  ])('AddRuntimeService refuses %s and writes nothing', (_name, over, code) => {
    expectRejected(RepoHarness.example(), { ...addNetpol, ...over }, code);
  });

  it('ReleaseComponentVersion: new manifests replace _base, addons carry over or change', () => {
    const h = RepoHarness.example();
    h.apply(addNetpol);
    const p = h.apply({
      kind: 'ReleaseComponentVersion',
      service: 'netpol',
      version: '1.1.0',
      from: '1.0.0',
      manifests: { 'policy.yaml': policy('default-deny'), 'allow-dns.yaml': policy('allow-dns', ['Egress']) },
      addAddons: [{ name: 'strict', manifests: { 'policy.yaml': egressPatch } }],
    });
    expect(RepoHarness.changed(p)).toEqual([
      'add runtime/netpol/1.1.0/_base/allow-dns.yaml',
      'add runtime/netpol/1.1.0/_base/kustomization.yaml',
      'add runtime/netpol/1.1.0/_base/namespace.yaml',
      'add runtime/netpol/1.1.0/_base/policy.yaml',
      'add runtime/netpol/1.1.0/component.yaml',
      'add runtime/netpol/1.1.0/egress/kustomization.yaml',
      'add runtime/netpol/1.1.0/egress/policy.yaml',
      'add runtime/netpol/1.1.0/strict/kustomization.yaml',
      'add runtime/netpol/1.1.0/strict/policy.yaml',
    ]);
    expectConsistent(h);
    // Without new manifests, _base is copied as it is; a removed addon is left out.
    const q = h.apply({
      kind: 'ReleaseComponentVersion',
      service: 'netpol',
      version: '1.2.0',
      from: '1.1.0',
      removeAddons: ['strict'],
    });
    expect(RepoHarness.changed(q)).not.toContain('add runtime/netpol/1.2.0/strict/policy.yaml');
    expect(h.read('runtime/netpol/1.2.0/_base/allow-dns.yaml')).toBe(
      h.read('runtime/netpol/1.1.0/_base/allow-dns.yaml'),
    );
    expectConsistent(h);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a chart version', { chartVersion: '2.0.0' }, 'InvalidRequest'],
    ['Helm values', { values: { a: 1 } }, 'InvalidRequest'],
    ['an addon of Helm values', { addAddons: [{ name: 'x', values: { a: 1 } }] }, 'InvalidRequest'],
    [
      'a Secret in plaintext',
      { manifests: { 's.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: Yg==}\n' } },
      'PlaintextSecret',
    ],
  ])('ReleaseComponentVersion of plain manifests refuses %s', (_name, over, code) => {
    const h = RepoHarness.example();
    h.apply(addNetpol);
    expectRejected(
      h,
      { kind: 'ReleaseComponentVersion', service: 'netpol', version: '1.1.0', from: '1.0.0', ...over },
      code,
    );
  });

  it('ReleaseComponentVersion of a chart refuses manifests', () => {
    expectRejected(
      RepoHarness.example(),
      {
        kind: 'ReleaseComponentVersion',
        service: 'cert-manager',
        version: '1.1.0',
        from: '1.0.0',
        manifests: { 'p.yaml': policy('a') },
      },
      'InvalidRequest',
    );
  });

  it('runs in a stage, upgrades, and takes addons for one env like a chart', () => {
    const h = RepoHarness.example();
    h.apply(addNetpol);
    h.apply({
      kind: 'ReleaseComponentVersion',
      service: 'netpol',
      version: '1.1.0',
      from: '1.0.0',
      addAddons: [{ name: 'strict', manifests: { 'policy.yaml': egressPatch } }],
    });
    const add = h.apply({
      kind: 'AddComponentToStage',
      stage: 'staging',
      service: 'netpol',
      version: '1.0.0',
      addons: ['egress'],
    });
    expect(RepoHarness.changed(add)).toEqual([
      'modify stages/staging/kustomization.yaml',
      'add stages/staging/runtime/netpol.yaml',
    ]);
    const up = h.apply({ kind: 'UpgradeComponent', stage: 'staging', service: 'netpol', version: '1.1.0' });
    expect(RepoHarness.changed(up)).toEqual(['modify stages/staging/runtime/netpol.yaml']);
    const enable = h.apply({ kind: 'EnableAddon', env: 'staging-eu', service: 'netpol', addon: 'strict' });
    expect(RepoHarness.changed(enable)).toEqual(['modify envs/staging-eu/kustomization.yaml']);
    expectConsistent(h);
  });

  it('is deprecated and removed like a chart: lifecycle changes, the digest still seals the files', () => {
    const h = RepoHarness.example();
    h.apply(addNetpol);
    const dep = h.apply({
      kind: 'DeprecateComponentVersion',
      service: 'netpol',
      version: '1.0.0',
      sunset: '2099-01-31',
    });
    expect(RepoHarness.changed(dep)).toEqual(['modify runtime/netpol/1.0.0/component.yaml']);
    const v = h.model().services.find((s) => s.name === 'netpol')!.versions[0]!;
    expect([v.lifecycle.status, v.digest === v.facts?.computedDigest]).toEqual(['deprecated', true]);
    expectConsistent(h);
    const rm = h.apply({ kind: 'RemoveComponentVersion', service: 'netpol', version: '1.0.0' });
    expect(RepoHarness.changed(rm)).toContain('delete runtime/netpol/1.0.0/_base/policy.yaml');
    expect(h.tree.list('runtime/netpol')).toEqual([]);
  });

  it('validate reports a Secret in plaintext written into a version by hand', () => {
    const h = RepoHarness.example();
    h.apply(addNetpol);
    h.write(
      'runtime/netpol/1.0.0/_base/s.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: Yg==}\n',
    );
    expect(h.errors()).toContainEqual(['PlaintextSecret', 'runtime/netpol/1.0.0/_base/s.yaml']);
    // The example's credentials Secret (values are ${KEY} substitutions) is not one.
    expect(RepoHarness.example().errors()).toEqual([]);
  });

  it('refuses stage Helm values for a component of plain manifests', () => {
    const h = RepoHarness.example();
    h.apply(addNetpol);
    const e = expectRejected(
      h,
      {
        kind: 'AddComponentToStage',
        stage: 'staging',
        service: 'netpol',
        version: '1.0.0',
        addons: [],
        values: { a: 1 },
      },
      'InvalidManifest',
    );
    expect(e.path).toBe('stages/staging/runtime/netpol.yaml');
  });
});
