import fs from 'node:fs';
import path from 'node:path';
import { changedFiles, cli, exampleFleet, readFiles, removeTempDirs, tempDir } from '../internal/testCli';

// `platter cloud add|remove`, `platter menu add-class|classes` and `platter config import` in-process against
// the example fleet (`platter init`, which has the classes s3-bucket and postgres): flags become the request,
// a refusal exits 1 with its code and writes nothing.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

describe('platter cloud', () => {
  it('adds a resource with typed --param values, then removes it once the deletionPolicy is confirmed', async () => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const add = await cli([
      'cloud',
      'add',
      'shop',
      'uploads',
      '--class',
      's3-bucket',
      '--stage',
      'prod',
      '--param',
      'backups=true',
      '--param',
      'retentionDays=30',
      '--param',
      'region=eu-central-1',
      '--as',
      'team-a',
      '-C',
      dir,
      '--json',
    ]);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    expect(add.json().request.parameters).toEqual({ backups: true, retentionDays: 30, region: 'eu-central-1' });
    expect(changedFiles(before, readFiles(dir))).toEqual([
      'add apps/shop/prod/cloud/uploads.yaml',
      'modify apps/shop/prod/kustomization.yaml',
      // the app's Kustomization waits for prod's cloud-classes install (the claim's XRD)
      'modify tenants/team-a/prod/shop.yaml',
    ]);
    const object = fs.readFileSync(path.join(dir, 'apps/shop/prod/cloud/uploads.yaml'), 'utf8');
    expect(object).toContain('deletionPolicy: Orphan');
    expect(object).toContain('region: eu-central-1');

    const unconfirmed = await cli(['cloud', 'remove', 'shop', 'uploads', '--stage', 'prod', '-C', dir]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.err).toContain('DeletionPolicyNotConfirmed');
    const remove = await cli([
      'cloud',
      'remove',
      'shop',
      'uploads',
      '--stage',
      'prod',
      '--confirm-deletion-policy',
      'Orphan',
      '-C',
      dir,
    ]);
    expect(remove.code).toBe(0);
    expect(changedFiles(before, readFiles(dir))).toEqual([]);
  });

  it('refuses parameters outside the stage limits with their code, writing nothing', async () => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli(['cloud', 'add', 'shop', 'uploads', '--class', 's3-bucket', '--stage', 'prod', '-C', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('CloudParameterOutOfLimits');
    expect(readFiles(dir)).toEqual(before);
  });
});

describe('platter menu add-class / classes', () => {
  it('puts a class version on the menu, lists it, and refuses the same version again', async () => {
    const dir = await exampleFleet();
    const file = path.join(tempDir(), 'redis.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: platter.dev/v1alpha1',
        'kind: CloudResourceClass',
        'metadata:',
        '  name: redis',
        'spec:',
        '  version: 1.0.0',
        '  backend: { type: terraform, path: ./cloud/postgres/2.1.0/module }',
        '  parameters: { type: object, properties: { memoryMb: { type: integer, default: 256 } } }',
        '  outputs: [host, port]',
        '',
      ].join('\n'),
    );
    const add = await cli(['menu', 'add-class', file, '-C', dir]);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'cloud/redis/1.0.0/class.yaml'))).toBe(true);
    const list = await cli(['menu', 'classes', '-C', dir]);
    expect(
      list.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('  ')[0]),
    ).toEqual(['postgres 2.1.0', 'redis 1.0.0', 's3-bucket 1.0.0']);
    const again = await cli(['menu', 'add-class', file, '-C', dir]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('AlreadyExists');
  });

  it("ships a Crossplane class's XRD and Composition (--platform) and installs them in the stages it lists", async () => {
    const dir = await exampleFleet();
    // s3-bucket 1.1.0, offered in staging only: a Composition of its own; the XRD (a cluster-wide singleton)
    // stays with 1.0.0, which staging still offers (shipping it twice is DuplicateResourceId).
    const platform = tempDir();
    const from = path.join(dir, 'cloud/s3-bucket/1.0.0');
    fs.writeFileSync(path.join(platform, 'kustomization.yaml'), 'resources:\n  - composition.yaml\n');
    fs.writeFileSync(
      path.join(platform, 'composition.yaml'),
      fs
        .readFileSync(path.join(from, 'platform/composition.yaml'), 'utf8')
        .replace('s3-bucket-1.0.0', 's3-bucket-1.1.0'),
    );
    const file = path.join(tempDir(), 's3-bucket.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(path.join(from, 'class.yaml'), 'utf8')
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace('compositionRef: s3-bucket-1.0.0', 'compositionRef: s3-bucket-1.1.0')
        .replace(/\n {4}prod:\n(?: {6}.*\n)+/, '\n'),
    );
    const before = readFiles(dir);

    // Without its platform side, the class would claim what no cluster defines: refused, nothing written.
    const refused = await cli(['menu', 'add-class', file, '-C', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('InvalidCloudClass');
    expect(changedFiles(before, readFiles(dir))).toEqual([]);

    const add = await cli(['menu', 'add-class', file, '--platform', platform, '-C', dir]);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    expect(changedFiles(before, readFiles(dir))).toEqual([
      'add cloud/s3-bucket/1.1.0/class.yaml',
      'add cloud/s3-bucket/1.1.0/platform/composition.yaml',
      'add cloud/s3-bucket/1.1.0/platform/kustomization.yaml',
      'modify stages/staging/cloud-classes/kustomization.yaml',
    ]);
    expect(fs.readFileSync(path.join(dir, 'stages/staging/cloud-classes/kustomization.yaml'), 'utf8')).toContain(
      '../../../cloud/s3-bucket/1.1.0/platform',
    );
    const validate = await cli(['validate', '-C', dir]);
    expect(validate.err).not.toMatch(/InvalidCloudClass|DuplicateResourceId/);
  });
});

describe('platter config import --from-terraform-output', () => {
  it("sets an env's config from Terraform's outputs, leaving sensitive ones out", async () => {
    const dir = await exampleFleet();
    const out = path.join(tempDir(), 'out.json');
    fs.writeFileSync(
      out,
      JSON.stringify({
        vpc_id: { sensitive: false, type: 'string', value: 'vpc-0abc' },
        account_id: { sensitive: false, type: 'string', value: '123456789012' },
        db_password: { sensitive: true, type: 'string', value: 'hunter2' },
      }),
    );
    const before = readFiles(dir);
    const r = await cli(['config', 'import', '--from-terraform-output', out, '--env', 'prod-eu', '-C', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('db_password');
    expect(r.json().request).toEqual({
      kind: 'SetConfig',
      env: 'prod-eu',
      set: { vpc_id: 'vpc-0abc', account_id: '123456789012' },
      unset: [],
    });
    expect(changedFiles(before, readFiles(dir))).toEqual(['modify envs/prod-eu/env-config.yaml']);
    expect(fs.readFileSync(path.join(dir, 'envs/prod-eu/env-config.yaml'), 'utf8')).not.toContain('hunter2');
  });
});
