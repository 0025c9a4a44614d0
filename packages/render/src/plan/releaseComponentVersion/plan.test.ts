import { parseYamlValues } from '../../yaml';
import { RepoHarness } from '../../testing';
import { expectConsistent, expectRejected, writeHandWrittenVersion } from '../../testing/menuFixtures';

const release = {
  kind: 'ReleaseComponentVersion',
  service: 'ingress-nginx',
  version: '1.2.0',
  from: '1.1.0',
  chartVersion: '4.12.1',
};

const files = (dir: string, names: string[]) => names.map((n) => `add ${dir}/${n}`);
const ingressFiles = (version: string, addons: string[]) =>
  files(`runtime/ingress-nginx/${version}`, [
    '_base/kustomization.yaml',
    '_base/namespace.yaml',
    '_base/release.yaml',
    '_base/source.yaml',
    'component.yaml',
    ...addons.flatMap((a) => [`${a}/kustomization.yaml`, `${a}/patch.yaml`]),
  ]);

const spec = (h: RepoHarness, path: string) => (parseYamlValues(h.read(path))[0] as any).spec;

describe('planReleaseComponentVersion', () => {
  it.each([
    ['a new chart version', {}, ingressFiles('1.2.0', ['internal-lb', 'metrics', 'nodeport'])],
    [
      'addons removed and added (conflicts with a removed addon go too)',
      {
        removeAddons: ['internal-lb'],
        addAddons: [
          {
            name: 'waf',
            description: 'ModSecurity.',
            values: { controller: { config: { 'enable-modsecurity': 'true' } } },
          },
        ],
      },
      ingressFiles('1.2.0', ['metrics', 'nodeport', 'waf']),
    ],
    [
      'new base values and description',
      { values: { controller: { replicaCount: 3 } }, description: 'Three replicas.' },
      ingressFiles('1.2.0', ['internal-lb', 'metrics', 'nodeport']),
    ],
    [
      'a patch release of an older line',
      { version: '1.0.1', from: '1.0.0', chartVersion: '4.11.4' },
      ingressFiles('1.0.1', ['internal-lb', 'metrics', 'nodeport']),
    ],
    [
      'a prerelease of the next version',
      { version: '1.2.0-rc.1' },
      ingressFiles('1.2.0-rc.1', ['internal-lb', 'metrics', 'nodeport']),
    ],
  ])('%s: adds only the new version directory', (_name, patch, changed) => {
    const h = RepoHarness.example();
    const request = { ...release, ...patch };
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.affected).toEqual({ stages: [], environments: [] });
    const dir = `runtime/ingress-nginx/${request.version}`;
    expect(spec(h, `${dir}/component.yaml`)).toMatchObject({
      version: request.version,
      chart: { version: request.chartVersion },
      lifecycle: { status: 'stable' },
    });
    expect(h.read(`${dir}/_base/release.yaml`)).toContain(`version: ${request.chartVersion}`);
    expectConsistent(h);
    expect(h.plan(request).changes).toEqual([]);
  });

  it('carries the changes into the model of the new version', () => {
    const h = RepoHarness.example();
    h.apply({
      ...release,
      removeAddons: ['internal-lb'],
      addAddons: [{ name: 'waf', conflictsWith: ['nodeport'] }],
      values: { controller: { replicaCount: 3 } },
    });
    const v = h
      .model()
      .services.find((s) => s.name === 'ingress-nginx')!
      .versions.find((x) => x.version === '1.2.0')!;
    expect(v.addons.map((a) => [a.name, a.conflictsWith])).toEqual([
      ['nodeport', []],
      ['metrics', []],
      ['waf', ['nodeport']],
    ]);
    expect(v.values).toEqual({ controller: { replicaCount: 3 } });
    expect(v.dependsOn).toEqual(['cert-manager']);
    expect(v.digest).toBe(v.facts?.computedDigest);
  });

  it('does not carry a deprecation over', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'DeprecateComponentVersion', service: 'ingress-nginx', version: '1.1.0', message: 'use 1.2.0' });
    h.apply(release);
    expect(spec(h, 'runtime/ingress-nginx/1.2.0/component.yaml').lifecycle).toEqual({ status: 'stable' });
  });

  describe('from a hand-written version', () => {
    const handRelease = {
      kind: 'ReleaseComponentVersion',
      service: 'metrics-server',
      version: '0.7.1',
      from: '0.7.0',
      chartVersion: '3.12.2',
    };
    const dir = 'runtime/metrics-server/0.7.1';

    it('copies its files verbatim but for the chart version, and seals the copy', () => {
      const h = writeHandWrittenVersion(RepoHarness.example());
      const before = h.tree.toRecord();
      const p = h.apply(handRelease);
      expect(RepoHarness.changed(p)).toEqual(
        files(dir, [
          '_base/kustomization.yaml',
          '_base/namespace.yaml',
          '_base/priority.yaml',
          '_base/release.yaml',
          '_base/source.yaml',
          'component.yaml',
          'ha/kustomization.yaml',
          'ha/patch.yaml',
          'insecure-tls/kustomization.yaml',
          'insecure-tls/patch.yaml',
        ]),
      );
      for (const c of p.changes.filter((x) => !/component\.yaml$|release\.yaml$/.test(x.path))) {
        expect(c.after).toBe(before[c.path.replace('/0.7.1/', '/0.7.0/')]);
      }
      // Only the chart version differs (the inline comment on that scalar survives the edit).
      const release0 = before['runtime/metrics-server/0.7.0/_base/release.yaml']!;
      expect(h.read(`${dir}/_base/release.yaml`)).toBe(
        release0.replace('version: 3.12.1 # pinned by hand', 'version: 3.12.2 # pinned by hand'),
      );
      const component = h.read(`${dir}/component.yaml`);
      expect(component).toContain('# Written by hand');
      expect(component).toContain('owner: platform-team');
      expect(spec(h, `${dir}/component.yaml`)).toMatchObject({
        version: '0.7.1',
        chart: { version: '3.12.2' },
        lifecycle: { status: 'stable' },
      });
      const v = h
        .model()
        .services.find((s) => s.name === 'metrics-server')!
        .versions.find((x) => x.version === '0.7.1')!;
      expect(v.digest).toBe(v.facts?.computedDigest);
      expect(h.errors()).toEqual([]);
      expect(h.plan(handRelease).changes).toEqual([]);
    });

    it('leaves removed addons out and adds new ones as Platter Components', () => {
      const h = writeHandWrittenVersion(RepoHarness.example());
      const request = {
        ...handRelease,
        removeAddons: ['insecure-tls'],
        addAddons: [{ name: 'pdb', values: { podDisruptionBudget: { enabled: true } } }],
      };
      const p = h.apply(request);
      expect(RepoHarness.changed(p).filter((c) => !c.includes('/_base/'))).toEqual(
        files(dir, [
          'component.yaml',
          'ha/kustomization.yaml',
          'ha/patch.yaml',
          'pdb/kustomization.yaml',
          'pdb/patch.yaml',
        ]),
      );
      expect(spec(h, `${dir}/component.yaml`).addons.map((a: any) => a.name)).toEqual(['ha', 'pdb']);
      expect(h.errors()).toEqual([]);
      expect(h.plan(request).changes).toEqual([]);
    });

    it('refuses a chart version it cannot find', () => {
      const h = writeHandWrittenVersion(RepoHarness.example());
      h.edit('runtime/metrics-server/0.7.0/_base/release.yaml', (t) =>
        t.replace('name: metrics-server\n  namespace', 'name: metrics\n  namespace'),
      );
      expectRejected(h, handRelease, 'InvalidRequest');
    });
  });

  it.each([
    ['unknown service', 'UnknownRuntimeService', { service: 'traefik' }],
    ['unknown from', 'UnknownComponentVersion', { from: '0.9.0' }],
    ['bad version', 'InvalidSemVer', { version: '1.2' }],
    [
      'a released version with other content',
      'ComponentVersionExists',
      { version: '1.1.0', from: '1.0.0', chartVersion: undefined },
    ],
    ['below the newest, in no line on the menu', 'Downgrade', { version: '0.9.0', from: '1.0.0' }],
    ['below the newest of its line', 'Downgrade', { version: '1.1.0-rc.1' }],
    ['removing an addon the version lacks', 'UnknownAddon', { removeAddons: ['waf'] }],
    ['adding an addon the version has', 'DuplicateName', { addAddons: [{ name: 'metrics' }] }],
    ['adding an addon twice', 'DuplicateName', { addAddons: [{ name: 'waf' }, { name: 'waf' }] }],
    ['an invalid addon name', 'InvalidName', { addAddons: [{ name: 'WAF' }] }],
    [
      'an addon conflicting with one the version lacks',
      'UnknownAddon',
      { addAddons: [{ name: 'waf', conflictsWith: ['modsec'] }] },
    ],
    ['an invalid chart version', 'InvalidSemVer', { chartVersion: 'latest' }],
    ['malformed request', 'InvalidRequest', { from: undefined }],
  ] as const)('%s -> %s', (_name, code, patch) => {
    expectRejected(RepoHarness.example(), { ...release, ...patch }, code);
  });

  it('is empty for a version already released with the same content', () => {
    // 1.1.0 is 1.0.0 with chart 4.12.0: releasing it again changes nothing.
    expect(
      RepoHarness.example().plan({ ...release, version: '1.1.0', from: '1.0.0', chartVersion: '4.12.0' }).changes,
    ).toEqual([]);
  });
});
