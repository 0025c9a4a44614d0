import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
  type Entity,
} from '@backstage/catalog-model';
import type { Fleet } from '@platter/model';
import { DEMO_AGE_RECIPIENT, exampleFleet, exampleRepository, parseRepository } from '@platter/render';
import type { EnvironmentFacts, RuntimeComponentFacts, StageFacts } from '@platter/plugin-platter-common';
import { buildEntities } from './buildEntities';

const SOURCE = { commit: 'c0ffee', sourceUrl: 'https://github.com/example-org/fleet.git', branch: 'main' };
const fleet = exampleFleet(DEMO_AGE_RECIPIENT);
const entities = buildEntities(fleet, SOURCE);
const byName = (es: Entity[], name: string) => es.find((e) => e.metadata.name === name)!;
const facts = <T>(e: Entity) => e.spec!.platter as unknown as T;

describe('buildEntities', () => {
  it.each([
    // Short titles: the catalog's Type column already says what each one is.
    ['stage-staging', 'stage', 'staging', 'group:default/platform-team'],
    ['stage-prod', 'stage', 'prod', 'group:default/platform-team'],
    ['env-prod-eu', 'environment', 'prod-eu', 'group:default/platform-team'],
    ['env-prod-us', 'environment', 'prod-us', 'group:default/platform-team'],
    ['env-staging-eu', 'environment', 'staging-eu', 'group:default/platform-team'],
    ['component-cert-manager', 'runtime-component', 'cert-manager', 'group:default/platform-team'],
    ['component-external-dns', 'runtime-component', 'external-dns', 'group:default/platform-team'],
    ['component-ingress-nginx', 'runtime-component', 'ingress-nginx', 'group:default/platform-team'],
  ])('%s: a %s Resource titled "%s", owned by %s', (name, type, title, owner) => {
    const e = byName(entities, name);
    expect(e).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name, title },
      spec: { type, owner },
    });
  });

  it.each([
    [
      'env-prod-us',
      'Stage prod · cluster prod-us in us-east-1 · 3 components (1 with own addons) · 1 app · 1 drift finding',
    ],
    ['env-prod-eu', 'Stage prod · cluster prod-eu in eu-west-1 · 3 components · 1 app · in sync with its stage'],
    ['stage-prod', '2 envs · 3 components · 1 app · promoted from staging'],
  ])('%s: a description with the facts a list needs', (name, description) => {
    expect(byName(entities, name).metadata.description).toBe(description);
  });

  it('describes a runtime component by its versions and where they run', () => {
    expect(byName(entities, 'component-ingress-nginx').metadata.description).toMatch(
      /^Versions 1\.0\.0, 1\.1\.0 · runs in 2 stages, 3 envs · \S/,
    );
  });

  it('a runtime component entity is the same size with 1,000 more envs (issue 24: the envs are a count)', () => {
    const eu = fleet.environments.find((e) => e.name === 'prod-eu')!;
    const more = Array.from({ length: 1000 }, (_, i) => ({ ...eu, name: `prod-x${i}`, path: `envs/prod-x${i}` }));
    const large = buildEntities({ ...fleet, environments: [...fleet.environments, ...more] }, SOURCE);
    for (const name of ['component-cert-manager', 'component-ingress-nginx']) {
      const [before, after] = [byName(entities, name), byName(large, name)].map((e) => JSON.stringify(e.spec).length);
      expect(after).toBeLessThan(before! + 20);
    }
  });

  it('a stage entity is the same size with 1,000 more envs (issue 24: its envs are a count; the stage page pages them)', () => {
    const eu = fleet.environments.find((e) => e.name === 'prod-eu')!;
    const more = Array.from({ length: 1000 }, (_, i) => ({ ...eu, name: `prod-x${i}`, path: `envs/prod-x${i}` }));
    const large = buildEntities({ ...fleet, environments: [...fleet.environments, ...more] }, SOURCE);
    const [before, after] = [byName(entities, 'stage-prod'), byName(large, 'stage-prod')].map(
      (e) => JSON.stringify(e).length,
    );
    // "2 envs" becomes "1,002 envs" in the description and 2 becomes 1002 in the facts: a few characters.
    expect(after).toBeLessThan(before! + 20);
    expect(facts<StageFacts>(byName(large, 'stage-prod')).environmentCount).toBe(1002);
  });

  it('labels and tags envs and stages with their stage, so the catalog filters by stage', () => {
    for (const [name, stage] of [
      ['env-prod-eu', 'prod'],
      ['env-staging-eu', 'staging'],
      ['stage-prod', 'prod'],
    ] as const) {
      expect(byName(entities, name).metadata).toMatchObject({
        labels: { 'platter.dev/stage': stage },
        tags: [`stage-${stage}`],
      });
    }
    expect(byName(entities, 'component-cert-manager').metadata.labels).toBeUndefined();
  });

  it.each<[string, (f: Fleet) => Fleet, string]>([
    ['a released, stable version', (f) => f, 'production'],
    [
      'every version deprecated',
      (f) => ({
        ...f,
        services: f.services.map((s) => ({
          ...s,
          versions: s.versions.map((v) => ({ ...v, lifecycle: { status: 'deprecated' as const } })),
        })),
      }),
      'deprecated',
    ],
    [
      'only prereleases',
      (f) => ({
        ...f,
        services: f.services.map((s) => ({
          ...s,
          versions: s.versions.map((v) => ({ ...v, version: `${v.version}-rc.1` })),
        })),
      }),
      'experimental',
    ],
  ])('sets the lifecycle of a runtime component with %s', (_name, edit, lifecycle) => {
    expect(byName(buildEntities(edit(fleet), SOURCE), 'component-cert-manager').spec!.lifecycle).toBe(lifecycle);
    expect(byName(buildEntities(edit(fleet), SOURCE), 'env-prod-eu').spec!.lifecycle).toBe('production');
  });

  it('emits exactly those, in a stable order, and no app Components', () => {
    expect(entities.map((e) => e.metadata.name)).toEqual([
      'stage-staging',
      'stage-prod',
      'env-prod-eu',
      'env-prod-us',
      'env-staging-eu',
      'component-cert-manager',
      'component-external-dns',
      'component-ingress-nginx',
      'component-monitoring-agent',
    ]);
  });

  it.each([
    // An env depends on its stage, the stage on its components: no component entity gathers a relation per env.
    ['env-prod-eu', ['resource:default/stage-prod']],
    [
      'stage-staging',
      [
        'resource:default/component-cert-manager',
        'resource:default/component-external-dns',
        'resource:default/component-ingress-nginx',
        'resource:default/component-monitoring-agent',
      ],
    ],
    ['component-ingress-nginx', ['resource:default/component-cert-manager']],
    ['component-cert-manager', []],
  ])('%s dependsOn', (name, refs) => {
    expect(byName(entities, name).spec!.dependsOn).toEqual(refs);
  });

  it.each([
    ['stage-staging (takes prereleases)', 'experimental'],
    ['env-staging-eu', 'experimental'],
    ['stage-prod (releases only)', 'production'],
    ['env-prod-eu', 'production'],
  ])('%s: lifecycle %s', (name, lifecycle) => {
    expect(byName(entities, name.split(' ')[0]!).spec!.lifecycle).toBe(lifecycle);
  });

  it('annotates where each entity came from', () => {
    expect(byName(entities, 'env-prod-eu').metadata.annotations).toEqual({
      'backstage.io/managed-by-location': 'url:https://github.com/example-org/fleet.git',
      'backstage.io/managed-by-origin-location': 'url:https://github.com/example-org/fleet.git',
      'platter.dev/source': 'https://github.com/example-org/fleet.git#main',
      'platter.dev/commit': 'c0ffee',
      'backstage.io/source-location': 'url:https://github.com/example-org/fleet/tree/main/envs/prod-eu/',
      'platter.dev/environment': 'prod-eu',
      'platter.dev/stage': 'prod',
    });
    expect(byName(entities, 'stage-prod').metadata.annotations).toMatchObject({
      'platter.dev/stage': 'prod',
      'backstage.io/source-location': 'url:https://github.com/example-org/fleet/tree/main/stages/prod/',
    });
    expect(byName(entities, 'component-ingress-nginx').metadata.annotations).toMatchObject({
      'platter.dev/runtime-service': 'ingress-nginx',
      'backstage.io/source-location': 'url:https://github.com/example-org/fleet/tree/main/runtime/ingress-nginx/',
    });
    const local = buildEntities(fleet, { ...SOURCE, sourceUrl: '/srv/git/fleet.git' });
    expect(local[0]!.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'url:file:///srv/git/fleet.git',
      'platter.dev/source': '/srv/git/fleet.git#main',
      'backstage.io/source-location': 'url:file:///srv/git/fleet.git/stages/staging/',
    });
  });

  it.each([
    [
      'prod-us: an addon disabled here only',
      'env-prod-us',
      {
        cluster: 'prod-us',
        region: 'us-east-1',
        components: expect.arrayContaining([
          {
            service: 'ingress-nginx',
            version: '1.0.0',
            addons: [],
            overrides: { enabled: [], disabled: ['metrics'] },
            lifecycle: { status: 'stable' },
          },
        ]),
        apps: [{ app: 'shop', tenant: 'team-a', version: '1.2.0', via: 'stage' }],
        secrets: [{ name: 'runtime-external-dns', keys: ['EXTERNAL_DNS_API_TOKEN'] }],
        drift: ['addon ingress-nginx/metrics disabled here only'],
      },
    ],
    [
      'prod-eu: exactly its stage',
      'env-prod-eu',
      {
        drift: [],
        components: expect.arrayContaining([
          expect.objectContaining({ service: 'ingress-nginx', addons: ['metrics'] }),
        ]),
      },
    ],
    [
      'staging-eu: an env-only app',
      'env-staging-eu',
      {
        apps: [
          { app: 'billing', tenant: 'team-b', version: '2.0.0', via: 'env' },
          { app: 'shop', tenant: 'team-a', version: '1.3.0-rc.1', via: 'stage' },
        ],
        drift: ['app billing (team-b) 2.0.0, deployed to this env alone'],
      },
    ],
  ])('environment facts, %s', (_name, name, expected) => {
    expect(facts<EnvironmentFacts>(byName(entities, name))).toMatchObject({ name: name.slice(4), ...expected });
  });

  it('stage facts', () => {
    expect(facts<StageFacts>(byName(entities, 'stage-prod'))).toEqual({
      name: 'prod',
      order: 1,
      allowPrerelease: false,
      promotesFrom: 'staging',
      environmentCount: 2,
      components: [
        { service: 'cert-manager', version: '1.0.0', addons: [] },
        { service: 'external-dns', version: '1.0.0', addons: [] },
        { service: 'ingress-nginx', version: '1.0.0', addons: ['metrics'] },
      ],
      apps: [{ app: 'shop', tenant: 'team-a', version: '1.2.0' }],
    });
  });

  it('runtime component facts: usage per version', () => {
    const nginx = facts<RuntimeComponentFacts>(byName(entities, 'component-ingress-nginx'));
    expect(nginx.versions.map((v) => [v.version, v.usedBy])).toEqual([
      ['1.0.0', { stages: ['prod'], environments: 2, apps: ['shop'] }],
      ['1.1.0', { stages: ['staging'], environments: 1, apps: ['shop'] }],
    ]);
    expect(nginx.versions[0]).toMatchObject({
      chart: { name: 'ingress-nginx', version: '4.11.3' },
      dependsOn: ['cert-manager'],
      lifecycle: { status: 'stable' },
    });
    expect(nginx.versions[0]!.addons[0]).toEqual({
      name: 'nodeport',
      description: expect.any(String),
      conflictsWith: ['internal-lb'],
    });
  });

  it('says where a component version comes from: a Helm chart or plain manifests (tagged so the catalog filters by it)', () => {
    const agent = byName(entities, 'component-monitoring-agent');
    const v = facts<RuntimeComponentFacts>(agent).versions[0]!;
    expect([v.source, v.chart]).toEqual(['manifests', undefined]);
    expect(v.addons.map((a) => a.name)).toEqual(['control-plane']);
    expect(agent.metadata.tags).toEqual(['manifests']);
    const nginx = byName(entities, 'component-ingress-nginx');
    expect(facts<RuntimeComponentFacts>(nginx).versions[0]!.source).toBe('helm');
    expect(nginx.metadata.tags).toEqual(['helm']);
  });

  describe('variations', () => {
    const edit = (f: (x: Fleet) => Fleet) => buildEntities(f(fleet), SOURCE);

    it.each<[string, (f: Fleet) => Fleet, (es: Entity[]) => void]>([
      [
        "an env's own owner wins over the platform team",
        (f) => ({
          ...f,
          environments: f.environments.map((e) => (e.name === 'prod-eu' ? { ...e, owner: 'group:default/sre' } : e)),
        }),
        (es) => expect(byName(es, 'env-prod-eu').spec!.owner).toBe('group:default/sre'),
      ],
      [
        "an env without owner is the platform team's",
        (f) => ({ ...f, environments: f.environments.map((e) => ({ ...e, owner: undefined })) }),
        (es) => expect(byName(es, 'env-prod-eu').spec!.owner).toBe('group:default/platform-team'),
      ],
      [
        "a deprecated version's lifecycle reaches the envs running it",
        (f) => ({
          ...f,
          services: f.services.map((s) =>
            s.name !== 'ingress-nginx'
              ? s
              : {
                  ...s,
                  versions: s.versions.map((v) =>
                    v.version === '1.0.0'
                      ? {
                          ...v,
                          lifecycle: { status: 'deprecated' as const, sunset: '2027-03-31', message: 'move to 1.1.0' },
                        }
                      : v,
                  ),
                },
          ),
        }),
        (es) =>
          expect(
            facts<EnvironmentFacts>(byName(es, 'env-prod-eu')).components.find((c) => c.service === 'ingress-nginx')!
              .lifecycle,
          ).toEqual({
            status: 'deprecated',
            sunset: '2027-03-31',
            message: 'move to 1.1.0',
          }),
      ],
      [
        'refs only to entities it emits (an unknown stage, a component off the menu)',
        (f) => ({
          ...f,
          services: f.services.filter((s) => s.name !== 'external-dns'),
          environments: [...f.environments, { ...f.environments[0]!, name: 'lost', stage: 'nowhere' }],
        }),
        (es) => {
          expect(byName(es, 'env-lost').spec!.dependsOn).toEqual([]);
          expect(byName(es, 'stage-prod').spec!.dependsOn).not.toContain('resource:default/component-external-dns');
          expect(facts<StageFacts>(byName(es, 'stage-prod')).components.map((c) => c.service)).toContain(
            'external-dns',
          );
        },
      ],
      [
        'an empty fleet: just its stages',
        (f) => ({ ...f, environments: [], services: [], apps: [], tenants: [] }),
        (es) => expect(es.map((e) => e.metadata.name)).toEqual(['stage-staging', 'stage-prod']),
      ],
    ])('%s', (_name, change, check) => check(edit(change)));
  });

  it('is the same for the parsed repository as for the model it was rendered from', () => {
    expect(buildEntities(parseRepository(exampleRepository()).model!, SOURCE)).toEqual(entities);
  });

  it('gives entities the catalog accepts (its policies and the Resource kind validator)', async () => {
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    for (const e of entities) {
      const checked = await policy.enforce(structuredClone(e));
      expect(checked).toBeDefined();
      await expect(resourceEntityV1alpha1Validator.check(checked!)).resolves.toBe(true);
    }
  });
});
