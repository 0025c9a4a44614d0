import fc from 'fast-check';
import { parseRequest } from '@platter/model';
import { RepoHarness, rejection, rejectionError } from '../../testing';
import { REQUESTS } from '../../fuzz/hostile';

/**
 * Issue 22 item 8b: onboarding an app that already exists said "nothing to
 * change". A target it already runs at another version is AlreadyExists naming
 * what to do instead; permission comes before validation (Forbidden, not a
 * finding about another tenant's setup).
 */
const TEAM_A = { kind: 'tenant', tenant: 'team-a' } as const;
const shop = (extra: Record<string, unknown> = {}) => ({
  kind: 'OnboardApp',
  name: 'shop',
  tenant: 'team-a',
  source: RepoHarness.example()
    .model()
    .apps.find((a) => a.name === 'shop')!.source,
  targets: [{ stage: 'staging' }],
  version: '1.4.0',
  ...extra,
});

describe('onboarding an app that already exists says "nothing to change" (issue 22 item 8b)', () => {
  it('shop at 1.4.0 to staging, which runs another version: AlreadyExists, naming promote and rollback', () => {
    const h = RepoHarness.example();
    const running = h
      .model()
      .apps.find((a) => a.name === 'shop')!
      .deployments.find((d) => d.stage === 'staging')!.version;
    expect(running).not.toBe('1.4.0');
    const got = rejectionError(h, shop(), TEAM_A);
    expect({ code: got?.code, path: got?.path }).toEqual({ code: 'AlreadyExists', path: 'version' });
    expect(got?.message).toContain(`running ${running}`);
    expect(got?.message).toContain('platter promote shop --to staging --version 1.4.0');
    expect(got?.message).toContain('platter rollback shop 1.4.0 --stage staging');
  });

  it('the same version again is empty (a re-applied request)', () => {
    const h = RepoHarness.example();
    const running = h
      .model()
      .apps.find((a) => a.name === 'shop')!
      .deployments.find((d) => d.stage === 'staging')!.version;
    expect(h.plan(shop({ version: running }), TEAM_A).changes).toEqual([]);
  });

  it('another source for an existing app is AlreadyExists', () => {
    expect(
      rejection(
        RepoHarness.example(),
        shop({ source: { type: 'helm', repository: 'oci://ghcr.io/other/charts', chart: 'shop' } }),
        TEAM_A,
      ).code,
    ).toBe('AlreadyExists');
  });

  it.each<[string, Record<string, unknown>]>([
    [
      "another tenant's app (billing, team-b's)",
      { name: 'billing', tenant: 'team-a', targets: [{ stage: 'staging' }] },
    ],
    [
      'an app for another tenant, in a stage that tenant is not in (was TenantNotInStage)',
      { name: 'cart', tenant: 'team-b', targets: [{ stage: 'prod' }] },
    ],
    [
      "another tenant's app under that tenant's name",
      { name: 'billing', tenant: 'team-b', targets: [{ stage: 'prod' }] },
    ],
  ])('permission before validation: %s is Forbidden', (_name, extra) => {
    const got = rejection(
      RepoHarness.example(),
      { ...shop(), source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'x' }, ...extra },
      TEAM_A,
    );
    expect(got.code).toBe('Forbidden');
  });

  it("property: whatever else is wrong with it, a tenant's request about team-b's app or for team-b is Forbidden", () => {
    const KINDS = ['OnboardApp', 'OffboardApp', 'PromoteApp', 'Rollback'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.nat(), (kind, seed) => {
        const [input] = fc.sample(REQUESTS[kind]!, { seed, numRuns: 1 }) as Record<string, unknown>[];
        const request =
          kind === 'OnboardApp'
            ? { ...input, tenant: 'team-b' }
            : kind === 'OffboardApp'
              ? { ...input, name: 'billing' }
              : { ...input, app: 'billing' };
        let parsed;
        try {
          parsed = parseRequest(request);
        } catch {
          return; // malformed: rejected before anything is looked up
        }
        const got = rejection(RepoHarness.example(), parsed, TEAM_A);
        expect({ kind, request, code: got.code }).toEqual({ kind, request, code: 'Forbidden' });
      }),
      { seed: 22, numRuns: 60 },
    );
  });
});
