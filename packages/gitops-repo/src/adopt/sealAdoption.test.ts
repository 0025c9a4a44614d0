import fs from 'node:fs';
import path from 'node:path';
import { MemoryFileTree } from '@platter/model';
import { planAdoption } from '@platter/render';
import { sealAdoption } from './sealAdoption';

// Sealing adopt's draft: the plaintext Secret it found is encrypted to the env's
// recipient, no change holds a plaintext value (neither side), and the proof is made
// again on the sealed files.

const RECIPIENT = 'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t';
const FIXTURE = path.join(
  path.dirname(require.resolve('@platter/render/package.json')),
  'testing/fixtures/check/profiles-layout',
);

function tree(): MemoryFileTree {
  const files: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push([path.relative(FIXTURE, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8')]);
    }
  };
  walk(FIXTURE);
  return new MemoryFileTree(files);
}

describe('sealAdoption', () => {
  it('encrypts the plaintext Secret, keeps every value out of the changes, and proves the sealed files', async () => {
    const t = tree();
    const sealed = await sealAdoption(t, planAdoption(t, { ageRecipients: { lab: [RECIPIENT] } }), {
      now: new Date('2026-12-01T00:00:00Z'),
    });
    const secret = sealed.changes.find((c) => c.path === 'envs/lab/secrets/cluster-secrets.yaml.encrypted');
    expect(secret?.op).toBe('add');
    expect(secret?.after).toMatch(/^ {4}monitoring_token: ENC\[AES256_GCM,data:/m);
    expect(secret?.after).toContain(`recipient: ${RECIPIENT}`);
    expect(secret?.after).toMatch(/^ {4}namespace: flux-system$/m);
    const everything = sealed.changes.map((c) => `${c.before ?? ''}${c.after ?? ''}`).join('\n');
    expect(everything).not.toContain('not-encrypted-at-all');
    expect(sealed.changes.find((c) => c.path === 'clusters/lab/platform/cluster-secrets.yaml')?.op).toBe('delete');
    expect(sealed.report.proof.find((p) => p.cluster === 'clusters/lab')?.objects).toBe(20);
  });

  it('a Platter repository: nothing to seal', async () => {
    const t = tree();
    t.write('platter.yaml', 'apiVersion: platter.dev/v1alpha1\nkind: Platter\n');
    const sealed = await sealAdoption(t, planAdoption(t));
    expect(sealed).toMatchObject({ alreadyPlatter: true, changes: [] });
  });
});
