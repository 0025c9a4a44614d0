import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { TestRemotes } from '@platter/gitops-repo/testing';
import { RepoHarness } from '@platter/render/testing';
import type { PlanRouteResponse } from '@platter/plugin-platter-common';
import request from 'supertest';
import { startPlatterTestBackend, type PlatterTestBackend } from './testing/platterTestBackend';

/**
 * The upgrade-campaign template's preview and the soak (issue 19 §3), through a
 * real backend (startTestBackend) over a real bare remote whose one commit just
 * landed staging's wave, with prod's `promotion.soak: 24h`: the next wave (a
 * canary of prod-eu, from platter.yaml) is refused with Soaking (the backend
 * reads the landing date from its history clone; the clock is the real one, so
 * the commit made a moment ago is inside any 24h); a campaign whose waves have
 * all landed plans empty.
 */

describe('POST /plan of an UpgradeCampaign wave', () => {
  let remotes: TestRemotes;
  let cacheDir: string;
  let backend: PlatterTestBackend;

  beforeAll(async () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'ReleaseComponentVersion', service: 'cert-manager', version: '1.1.0', from: '1.0.0' });
    h.editYaml('platter.yaml', (doc) => {
      doc.spec.stages[1].promotion = { soak: '24h' };
      doc.spec.campaigns = { waves: [{ stage: 'staging' }, { stage: 'prod', envs: ['prod-eu'] }, { stage: 'prod' }] };
    });
    h.apply({ kind: 'UpgradeCampaign', service: 'cert-manager', version: '1.1.0' }); // wave 1: staging
    remotes = await TestRemotes.create(h.tree);
    const remote = await remotes.newRemote();
    cacheDir = await mkdtemp(join(tmpdir(), 'platter-backend-campaign-'));
    backend = await startPlatterTestBackend({ remote, cacheDir, groupsOf: () => ['group:default/platform-team'] });
  });
  afterAll(async () => {
    await backend?.stop();
    await remotes?.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const planOf = (fields: Record<string, unknown>) =>
    request(backend.server)
      .post('/api/platter/plan')
      .set({ Authorization: mockCredentials.user.header('user:default/ops') })
      .send({ request: { kind: 'UpgradeCampaign', service: 'cert-manager', version: '1.1.0', ...fields } });

  it('refuses the next wave while the wave before it soaks (Soaking, with the time it opens)', async () => {
    const res = await planOf({});
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('Soaking');
    expect(JSON.stringify(res.body)).toContain('may open at');
  });

  it('a campaign whose waves have all landed has nothing soaking: it plans empty', async () => {
    const res = await planOf({ waves: ['staging'] });
    expect(res.status).toBe(200);
    expect((res.body as PlanRouteResponse).plan.changedFiles).toEqual([]);
  });
});
