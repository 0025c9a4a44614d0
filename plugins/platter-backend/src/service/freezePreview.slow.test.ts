import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { TestRemotes } from '@platter/gitops-repo/testing';
import type { PlanRouteResponse } from '@platter/plugin-platter-common';
import request from 'supertest';
import { startPlatterTestBackend, type PlatterTestBackend } from './testing/platterTestBackend';

/**
 * The preview under a change freeze (issue 19 §4), through a real backend
 * (startTestBackend) over a real bare git remote whose platter.yaml holds a
 * "stop the line" freeze of stage prod (no end: the test holds on any day):
 * a platform member outside overrideBy is refused with Frozen (403, the
 * freeze's reason in the message); a member of overrideBy gets the plan, sent
 * to platform review, with the FreezeOverride finding the preview shows.
 */
const GROUPS: Record<string, string[]> = {
  'user:default/ops': ['group:default/platform-team'],
  'user:default/sam': ['group:default/platform-team', 'group:default/sre'],
};

const FREEZES = `  freezes:
    - name: incident-4711
      stages: [prod]
      from: 2020-01-01
      reason: Incident 4711 under investigation
      overrideBy: [group:default/sre]
`;

describe('POST /plan under a freeze', () => {
  let remotes: TestRemotes;
  let cacheDir: string;
  let backend: PlatterTestBackend;

  beforeAll(async () => {
    remotes = await TestRemotes.create();
    const remote = await remotes.newRemote();
    const checkout = await remotes.newDir('read');
    await remotes.git(checkout, 'clone', '--quiet', remote, 'repo');
    const settings = await readFile(join(checkout, 'repo', 'platter.yaml'), 'utf8');
    await remotes.pushCommit(remote, { 'platter.yaml': settings + FREEZES }, 'Freeze prod');
    cacheDir = await mkdtemp(join(tmpdir(), 'platter-backend-freeze-'));
    backend = await startPlatterTestBackend({ remote, cacheDir, groupsOf: (user) => GROUPS[user] ?? [] });
  });
  afterAll(async () => {
    await backend?.stop();
    await remotes?.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const upgrade = { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' };
  const planAs = (user: string) =>
    request(backend.server)
      .post('/api/platter/plan')
      .set({ Authorization: mockCredentials.user.header(user) })
      .send({ request: upgrade });

  it('refuses a platform member outside overrideBy with Frozen and the reason', async () => {
    const res = await planAs('user:default/ops');
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toContain('Frozen');
    expect(JSON.stringify(res.body)).toContain('Incident 4711 under investigation');
  });

  it('sends a member of overrideBy to platform review, marked as an override', async () => {
    const res = await planAs('user:default/sam');
    expect(res.status).toBe(200);
    const body = res.body as PlanRouteResponse;
    expect(body.plan.review).toBe('platform-review');
    expect(body.plan.diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'FreezeOverride', severity: 'warning' })]),
    );
  });

  it('GET /lifecycle shows the freeze as active on both prod envs', async () => {
    const res = await request(backend.server)
      .get('/api/platter/lifecycle')
      .set({ Authorization: mockCredentials.user.header('user:default/ops') });
    expect(res.status).toBe(200);
    expect(res.body.freezes).toEqual([
      expect.objectContaining({ name: 'incident-4711', active: true, reaches: ['prod-eu', 'prod-us'] }),
    ]);
  });
});
