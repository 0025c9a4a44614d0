import { cloudLayout, type Fleet } from '@platter/model';
import { render } from '../render';
import { RepoHarness } from '../testing';
import { parseYamlValues } from '../yaml';
import { renderCloudClasses } from './cloudClassesInstall';

const S3 = 'cloud/s3-bucket/1.0.0';
const doc = (h: RepoHarness, path: string): any => parseYamlValues(h.read(path))[0];
const stageResources = (h: RepoHarness, stage: string): string[] =>
  doc(h, `stages/${stage}/kustomization.yaml`).resources;
/** What `renderCloudClasses` would change in the harness's tree (path -> content, null = delete). */
const pending = (h: RepoHarness, fleet: Fleet = h.model()) =>
  [...renderCloudClasses(fleet, h.tree)].filter(([p, c]) => c !== (h.tree.read(p) ?? null)).map(([p]) => p);

describe('the cloud-classes install of a stage', () => {
  it('each stage of the example installs the platform side of the classes it offers (s3-bucket ships one)', () => {
    const h = RepoHarness.example();
    for (const stage of ['staging', 'prod']) {
      expect(stageResources(h, stage)).toContain('cloud-classes.yaml');
      expect(doc(h, cloudLayout.stageInstall(stage))).toMatchObject({
        kind: 'Kustomization',
        metadata: { name: 'cloud-classes', namespace: 'flux-system' },
        spec: { path: `./stages/${stage}/cloud-classes`, prune: false, sourceRef: { name: 'flux-system' } },
      });
      // postgres (terraform, no platform/) installs nothing: the module comes through the tenant's GitRepository.
      expect(doc(h, `stages/${stage}/cloud-classes/kustomization.yaml`).resources).toEqual([`../../../${S3}/platform`]);
    }
    // In step with the render: nothing left to do, and a full render changes nothing.
    expect(pending(h)).toEqual([]);
    expect(render(h.model(), h.tree).toRecord()).toEqual(h.tree.toRecord());
  });

  it('waits for the controllers the stage runs (dependsOn runtime-crossplane)', () => {
    const h = RepoHarness.example();
    const fleet = h.model();
    const withCrossplane: Fleet = {
      ...fleet,
      stages: fleet.stages.map((s) =>
        s.name === 'prod'
          ? { ...s, components: [...s.components, { service: 'crossplane', version: '1.0.0', addons: [] }] }
          : s,
      ),
    };
    const out = renderCloudClasses(withCrossplane, h.tree);
    expect(parseYamlValues(out.get('stages/prod/cloud-classes.yaml')!)[0]).toMatchObject({
      spec: { dependsOn: [{ name: 'runtime-crossplane' }] },
    });
    expect(out.get('stages/staging/cloud-classes.yaml')).toBe(h.read('stages/staging/cloud-classes.yaml'));
  });

  it('a new class version listing a stage joins that stage only; hand-added entries stay', () => {
    const h = RepoHarness.example();
    h.edit('stages/staging/cloud-classes/kustomization.yaml', (t) => `${t}  - extra-policy.yaml\n`);
    for (const file of h.tree.list(S3)) h.write(file.replace('/1.0.0/', '/1.1.0/'), h.read(file));
    h.editYaml('cloud/s3-bucket/1.1.0/class.yaml', (d) => {
      d.spec.version = '1.1.0';
      delete d.spec.stages.prod;
    });
    expect(pending(h).sort()).toEqual(['stages/staging/cloud-classes/kustomization.yaml']);
    h.tree.apply(
      [...renderCloudClasses(h.model(), h.tree)].map(([path, after]) => ({
        path,
        op: 'modify' as const,
        after: after!,
      })),
    );
    expect(doc(h, 'stages/staging/cloud-classes/kustomization.yaml').resources).toEqual([
      `../../../${S3}/platform`,
      '../../../cloud/s3-bucket/1.1.0/platform',
      'extra-policy.yaml',
    ]);
  });

  it('a stage that no longer offers any class loses its install files and its entry (the objects stay: no prune)', () => {
    const h = RepoHarness.example();
    h.editYaml(`${S3}/class.yaml`, (d) => delete d.spec.stages.prod);
    expect(pending(h).sort()).toEqual([
      'stages/prod/cloud-classes.yaml',
      'stages/prod/cloud-classes/kustomization.yaml',
      'stages/prod/kustomization.yaml',
    ]);
    const out = renderCloudClasses(h.model(), h.tree);
    expect(out.get('stages/prod/cloud-classes.yaml')).toBeNull();
    expect((parseYamlValues(out.get('stages/prod/kustomization.yaml')!)[0] as any).resources).not.toContain(
      'cloud-classes.yaml',
    );
  });

  it('a class file that does not parse changes no install (read as absent, it would uninstall its version)', () => {
    const h = RepoHarness.example();
    h.write(`${S3}/class.yaml`, 'spec: [\n');
    expect(pending(h)).toEqual([]);
  });

  it('a request that renders a stage leaves the install as it is', () => {
    const h = RepoHarness.example();
    const changes = h.plan({
      kind: 'SetConfig',
      stage: 'prod',
      set: { domain: 'prod.example.com' },
    }).changes;
    expect(changes.map((c) => c.path)).toContain('stages/prod/stage-config.yaml');
    expect(changes.map((c) => c.path).filter((p) => /cloud-classes|stages\/prod\/kustomization/.test(p))).toEqual([]);
  });
});
