/**
 * The cloud objects against the real schemas (issue 21): AddCloudResource of
 * both example classes is applied to the example fleet, the tree is written to
 * a temp dir and the app overlays (and the platform's Crossplane objects) are
 * built with the real `kubectl kustomize`. Each object the build gives is then
 * validated against its CRD's openAPIV3Schema, vendored from Crossplane and the
 * Flux Terraform controller (testing/fixtures/crds, sources in its README), and
 * the Crossplane claim against the XRD the platform owns. Each env's stage brings
 * the `cloud-classes` Flux Kustomization (against Flux's CRD) whose path builds
 * to the XRD and the Composition.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import type { Actor } from '@platter/model';
import { RepoHarness } from '../testing';
import { parseYamlValues } from '../yaml';
import { checkCloudClasses } from './checkCloudClasses';
import { renderCloudClasses } from './cloudClassesInstall';

const CRDS = join(__dirname, '../../testing/fixtures/crds');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function writeTree(h: RepoHarness): string {
  const root = mkdtempSync(join(tmpdir(), 'platter-cloud-'));
  roots.push(root);
  for (const [path, content] of h.tree.entries()) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const built = (root: string, dir: string): any[] =>
  parseYamlValues(execFileSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8' })) as any[];

/** A validator of one served version of a CRD (or an XRD), as the API server would check a create. */
function validatorOf(crd: any, version: string) {
  const v = crd.spec.versions.find((x: any) => x.name === version);
  if (!v) throw new Error(`${crd.metadata.name} has no version ${version}`);
  // Kubernetes' extensions (x-kubernetes-*) and formats (int-or-string, date-time) are not Ajv's to judge.
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(v.schema.openAPIV3Schema);
}
const crd = (file: string): any => parseYamlValues(readFileSync(join(CRDS, file), 'utf8'))[0];

function expectValid(validate: ReturnType<typeof validatorOf>, obj: any): void {
  const ok = validate(obj);
  expect({ object: `${obj.kind}/${obj.metadata?.name}`, errors: ok ? [] : validate.errors }).toEqual({
    object: `${obj.kind}/${obj.metadata?.name}`,
    errors: [],
  });
}

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };
const teamB: Actor = { kind: 'tenant', tenant: 'team-b' };

describe('cloud objects built by kubectl kustomize validate against the vendored CRDs', () => {
  const h = RepoHarness.example();
  h.apply(
    {
      kind: 'AddCloudResource',
      app: 'shop',
      target: { stage: 'prod' },
      name: 'uploads',
      class: 's3-bucket',
      parameters: { backups: true, retentionDays: 90, versioning: true },
    },
    teamA,
  );
  h.apply(
    { kind: 'AddCloudResource', app: 'billing', target: { env: 'staging-eu' }, name: 'db', class: 'postgres' },
    teamB,
  );
  const root = writeTree(h);
  const terraform = validatorOf(crd('infra.contrib.fluxcd.io_terraforms.yaml'), 'v1alpha2');
  const platform = built(root, 'cloud/s3-bucket/1.0.0/platform');
  const xrd = platform.find((o) => o.kind === 'CompositeResourceDefinition');

  it('the Terraform object of postgres (tf-controller v1alpha2), in the app namespace, with its outputs Secret', () => {
    const objects = built(root, 'apps/billing/envs/staging-eu');
    const tf = objects.find((o) => o.kind === 'Terraform');
    expect(tf.apiVersion).toBe('infra.contrib.fluxcd.io/v1alpha2');
    expect(tf.metadata.namespace).toBe('team-b');
    expect(tf.spec.writeOutputsToSecret).toEqual({
      name: 'db-connection',
      outputs: ['host', 'port', 'database', 'username', 'password'],
    });
    expectValid(terraform, tf);
  });

  it("the platform's XRD and Composition (apiextensions.crossplane.io/v1)", () => {
    expect(platform.map((o) => o.kind).sort()).toEqual(['CompositeResourceDefinition', 'Composition']);
    expectValid(validatorOf(crd('apiextensions.crossplane.io_compositeresourcedefinitions.yaml'), 'v1'), xrd);
    expectValid(
      validatorOf(crd('apiextensions.crossplane.io_compositions.yaml'), 'v1'),
      platform.find((o) => o.kind === 'Composition'),
    );
  });

  it('the Bucket claim of s3-bucket, against the XRD it claims (group, version, claim kind, schema)', () => {
    const claim = built(root, 'apps/shop/prod').find((o) => o.kind === xrd.spec.claimNames.kind);
    expect(claim.apiVersion).toBe(`${xrd.spec.group}/${xrd.spec.versions[0].name}`);
    expect(claim.metadata.namespace).toBe('team-a');
    expect(claim.spec.writeConnectionSecretToRef).toEqual({ name: 'uploads-connection' });
    expect(claim.spec.parameters.deletionPolicy).toBe('Orphan');
    expectValid(validatorOf(xrd, 'v1alpha1'), claim);
    // The Secret's keys are the ones the XRD publishes.
    expect(xrd.spec.connectionSecretKeys).toEqual(['bucket', 'endpoint', 'region']);
  });

  it('each stage installs the platform side through its cloud-classes Kustomization (Flux v1), which builds to the XRD and Composition', () => {
    const flux = validatorOf(crd('kustomize.toolkit.fluxcd.io_kustomizations.yaml'), 'v1');
    for (const [env, stage] of [
      ['prod-eu', 'prod'],
      ['staging-eu', 'staging'],
    ]) {
      // What the env's flux-system Kustomization applies: the stage Component brings the cloud-classes Kustomization.
      const install = built(root, `envs/${env}`).find(
        (o) => o.kind === 'Kustomization' && o.metadata.name === 'cloud-classes',
      );
      expect(install.spec.path).toBe(`./stages/${stage}/cloud-classes`);
      expectValid(flux, install);
      if (stage === 'prod') {
        // shop has a bucket claim in prod: its Kustomization waits for the install.
        const shop = built(root, 'tenants/team-a/prod').find(
          (o) => o.kind === 'Kustomization' && o.metadata.name === 'shop',
        );
        expect(shop.spec.dependsOn).toContainEqual({ name: 'cloud-classes', namespace: 'flux-system' });
        expectValid(flux, shop);
      }
      // What that Kustomization applies, built as Flux builds its path.
      const objects = built(root, install.spec.path);
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'CompositeResourceDefinition/xbuckets.platform.example.org',
        'Composition/s3-bucket-1.0.0',
      ]);
      expectValid(
        validatorOf(crd('apiextensions.crossplane.io_compositeresourcedefinitions.yaml'), 'v1'),
        objects.find((o) => o.kind === 'CompositeResourceDefinition'),
      );
    }
    // The validator refuses what the API server would.
    expect(
      flux({
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'x' },
        spec: { prune: false },
      }),
    ).toBe(false);
  });

  it('the validators refuse what the API server would (a guard against a validator that accepts anything)', () => {
    const tf = built(root, 'apps/billing/envs/staging-eu').find((o) => o.kind === 'Terraform');
    expect(terraform({ ...tf, spec: { ...tf.spec, approvePlan: 5 } })).toBe(false);
    expect(terraform({ ...tf, spec: { ...tf.spec, sourceRef: { name: 'platter' } } })).toBe(false);
  });
});

describe('two versions of a class in one stage, built together by kubectl kustomize', () => {
  /** s3-bucket 1.1.0 in staging beside 1.0.0: its own Composition, and (withXrd) a copy of 1.0.0's XRD. */
  function twoVersions(withXrd: boolean): { h: RepoHarness; root: string } {
    const h = RepoHarness.example();
    for (const file of h.tree.list('cloud/s3-bucket/1.0.0')) h.write(file.replace('/1.0.0/', '/1.1.0/'), h.read(file));
    h.editYaml('cloud/s3-bucket/1.1.0/class.yaml', (d) => {
      d.spec.version = '1.1.0';
      d.spec.backend.compositionRef = 's3-bucket-1.1.0';
      delete d.spec.stages.prod;
    });
    h.editYaml('cloud/s3-bucket/1.1.0/platform/composition.yaml', (d) => (d.metadata.name = 's3-bucket-1.1.0'));
    if (!withXrd) {
      h.delete('cloud/s3-bucket/1.1.0/platform/definition.yaml');
      h.editYaml('cloud/s3-bucket/1.1.0/platform/kustomization.yaml', (d) => (d.resources = ['composition.yaml']));
    }
    for (const [path, content] of renderCloudClasses(h.model(), h.tree)) h.write(path, content!);
    return { h, root: writeTree(h) };
  }

  it('the XRD shipped once: one XRD and both Compositions; validate is content', () => {
    const { h, root } = twoVersions(false);
    expect(checkCloudClasses(h.tree, h.model())).toEqual([]);
    expect(built(root, 'stages/staging/cloud-classes').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'CompositeResourceDefinition/xbuckets.platform.example.org',
      'Composition/s3-bucket-1.0.0',
      'Composition/s3-bucket-1.1.0',
    ]);
  });

  it('the XRD shipped twice: kustomize refuses the build, which is why validate reports DuplicateResourceId', () => {
    const { h, root } = twoVersions(true);
    expect(checkCloudClasses(h.tree, h.model()).map((d) => d.code)).toEqual(['DuplicateResourceId']);
    expect(() =>
      execFileSync('kubectl', ['kustomize', join(root, 'stages/staging/cloud-classes')], { stdio: 'pipe' }),
    ).toThrow(/xbuckets\.platform\.example\.org/);
  });
});
