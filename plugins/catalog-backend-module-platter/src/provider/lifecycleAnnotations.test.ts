import { DEMO_AGE_RECIPIENT, exampleFleet } from '@platter/render';
import type { Fleet } from '@platter/model';
import { buildEntities } from './buildEntities';
import { withLifecycleAnnotations } from './lifecycleAnnotations';

const NOW = new Date('2026-11-27T12:00:00Z');

/** The example fleet with prod's ingress-nginx 1.0.0 deprecated (sunset 2026-12-31). */
function fleetWithDeprecated(): Fleet {
  const f = exampleFleet(DEMO_AGE_RECIPIENT);
  return {
    ...f,
    services: f.services.map((s) =>
      s.name !== 'ingress-nginx'
        ? s
        : {
            ...s,
            versions: s.versions.map((v) =>
              v.version === '1.0.0' ? { ...v, lifecycle: { status: 'deprecated' as const, sunset: '2026-12-31' } } : v,
            ),
          },
    ),
  };
}

describe('withLifecycleAnnotations', () => {
  const fleet = fleetWithDeprecated();
  const entities = withLifecycleAnnotations(
    buildEntities(fleet, { commit: 'c0ffee', sourceUrl: 'https://example.test/fleet.git', branch: 'main' }),
    fleet,
    NOW,
  );
  const byName = (name: string) => entities.find((e) => e.metadata.name === name)!;

  it.each([
    ['env-prod-eu', 'behind,deprecated', 'ingress-nginx@1.0.0', '2026-12-31', 'true'],
    ['stage-prod', 'behind,deprecated', 'ingress-nginx@1.0.0', '2026-12-31', 'true'],
    ['env-staging-eu', undefined, undefined, undefined, undefined],
  ])('%s', (name, outdated, deprecated, sunset, label) => {
    const e = byName(name);
    expect(e.metadata.annotations?.['platter.dev/outdated']).toBe(outdated);
    expect(e.metadata.annotations?.['platter.dev/deprecated-versions']).toBe(deprecated);
    expect(e.metadata.annotations?.['platter.dev/sunset']).toBe(sunset);
    expect(e.metadata.labels?.['platter.dev/runs-deprecated']).toBe(label);
  });
});
