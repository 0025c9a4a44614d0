import { RepoHarness } from '../testing';
import { checkCloudClasses } from './checkCloudClasses';
import { renderCloudClasses } from './cloudClassesInstall';

const S3 = 'cloud/s3-bucket/1.0.0';
const PG = 'cloud/postgres/2.1.0';
const findings = (h: RepoHarness) => checkCloudClasses(h.tree, h.model()).map((d) => [d.code, d.path]);

describe('checkCloudClasses: damage -> code and path', () => {
  it('the example fleet (a Crossplane and a Terraform class) has no findings', () => {
    expect(findings(RepoHarness.example())).toEqual([]);
  });

  it.each<[string, (h: RepoHarness) => void, [string, string][]]>([
    [
      'a class file that is not YAML',
      (h) => h.write(`${S3}/class.yaml`, 'spec: [\n'),
      [['InvalidCloudClass', `${S3}/class.yaml`]],
    ],
    [
      'a class file without its backend kind',
      (h) => h.editYaml(`${S3}/class.yaml`, (d) => delete d.spec.backend.kind),
      [['InvalidCloudClass', `${S3}/class.yaml#spec.backend.kind`]],
    ],
    [
      'a stage that does not exist',
      (h) => h.editYaml(`${S3}/class.yaml`, (d) => (d.spec.stages.qa = {})),
      [['UnknownStage', `${S3}/class.yaml#spec.stages.qa`]],
    ],
    [
      'a default outside its schema',
      (h) => h.editYaml(`${PG}/class.yaml`, (d) => (d.spec.parameters.properties.storageGb.default = 5)),
      [['InvalidCloudClass', `${PG}/class.yaml#spec.parameters.properties.storageGb.default`]],
    ],
    [
      'the Composition the claim selects is not shipped',
      (h) => h.delete(`${S3}/platform/composition.yaml`),
      [['InvalidCloudClass', `${S3}/class.yaml#spec.backend.compositionRef`]],
    ],
    [
      'no XRD offers the claim kind',
      (h) => h.editYaml(`${S3}/class.yaml`, (d) => (d.spec.backend.kind = 'Bukket')),
      [['InvalidCloudClass', `${S3}/class.yaml#spec.backend`]],
    ],
    [
      'a Composition of another composite',
      (h) => h.editYaml(`${S3}/platform/composition.yaml`, (d) => (d.spec.compositeTypeRef.kind = 'XQueue')),
      [['InvalidCloudClass', `${S3}/platform/composition.yaml`]],
    ],
    [
      'an output the XRD does not publish',
      (h) => h.editYaml(`${S3}/class.yaml`, (d) => d.spec.outputs.push('arn')),
      [['InvalidCloudClass', `${S3}/class.yaml#spec.outputs`]],
    ],
    [
      "a claim that does not fit the XRD's schema (it requires a parameter the class does not have)",
      (h) =>
        h.editYaml(`${S3}/platform/definition.yaml`, (d) =>
          d.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.parameters.required.push('owner'),
        ),
      // once per stage the class lists (staging, prod)
      [
        ['InvalidCloudClass', `${S3}/class.yaml#spec.parameters`],
        ['InvalidCloudClass', `${S3}/class.yaml#spec.parameters`],
      ],
    ],
    [
      "a stage's install missing (a class added by hand)",
      (h) => h.delete('stages/prod/cloud-classes/kustomization.yaml'),
      [['ManagedFileEdited', 'stages/prod/cloud-classes/kustomization.yaml']],
    ],
    [
      'a Terraform module that is not in the repository',
      (h) => h.delete(`${PG}/module/main.tf`),
      [['InvalidCloudClass', `${PG}/class.yaml#spec.backend.path`]],
    ],
    [
      'a Terraform module from another source is not looked for',
      (h) => {
        h.delete(`${PG}/module/main.tf`);
        h.editYaml(`${PG}/class.yaml`, (d) => (d.spec.backend.sourceRef = { kind: 'OCIRepository', name: 'modules' }));
      },
      [],
    ],
  ])('%s', (_name, damage, expected) => {
    const h = RepoHarness.example();
    damage(h);
    expect(findings(h)).toEqual(expected);
  });

  it('two versions a stage offers may not ship the same XRD (the install builds them together)', () => {
    const h = RepoHarness.example();
    for (const file of h.tree.list(S3)) h.write(file.replace('/1.0.0/', '/1.1.0/'), h.read(file));
    h.editYaml('cloud/s3-bucket/1.1.0/class.yaml', (d) => {
      d.spec.version = '1.1.0';
      d.spec.backend.compositionRef = 's3-bucket-1.1.0';
    });
    h.editYaml('cloud/s3-bucket/1.1.0/platform/composition.yaml', (d) => (d.metadata.name = 's3-bucket-1.1.0'));
    for (const [path, content] of renderCloudClasses(h.model(), h.tree)) h.write(path, content!);
    expect(findings(h)).toEqual([['DuplicateResourceId', 'cloud/s3-bucket/1.1.0/platform/definition.yaml']]);
    // The later version ships its Composition only: the XRD stays with 1.0.0.
    h.delete('cloud/s3-bucket/1.1.0/platform/definition.yaml');
    h.editYaml('cloud/s3-bucket/1.1.0/platform/kustomization.yaml', (d) => (d.resources = ['composition.yaml']));
    expect(findings(h)).toEqual([]);
  });

  it('platter validate reports them (validateRepository)', () => {
    const h = RepoHarness.example();
    h.editYaml(`${S3}/class.yaml`, (d) => (d.spec.stages.qa = {}));
    expect(h.errors()).toContainEqual(['UnknownStage', `${S3}/class.yaml#spec.stages.qa`]);
  });
});
