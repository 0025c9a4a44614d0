import { DEMO_AGE_RECIPIENT } from '../../example';
import { renderChanges } from '../../render';
import { fakeSealedSecret, RepoHarness, rejection } from '../../testing';

const qa = { kind: 'CreateStage', name: 'qa', after: 'staging', promotesFrom: 'staging' };
/** The runtime services a stage runs (the example's change as the menu grows). */
const runtimeOf = (h: RepoHarness, stage: string) =>
  h
    .model()
    .stages.find((s) => s.name === stage)!
    .components.map((c) => c.service);
const stageNames = (h: RepoHarness) => h.model().stages.map((s) => s.name);

describe('planCreateStage', () => {
  it('an empty stage: its platter.yaml entry at its place, its kustomization and stage-config, nothing else', () => {
    const h = RepoHarness.example();
    const p = h.plan({ ...qa, config: { domain: 'qa.example.com' } });
    expect(RepoHarness.changed(p)).toEqual([
      'modify platter.yaml',
      'add stages/qa/kustomization.yaml',
      'add stages/qa/stage-config.yaml',
    ]);
    const byPath = new Map(p.changes.map((c) => [c.path, c.after]));
    expect(byPath.get('stages/qa/kustomization.yaml')).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1alpha1',
        'kind: Component',
        'resources:',
        '  - stage-config.yaml',
        '',
      ].join('\n'),
    );
    expect(byPath.get('stages/qa/stage-config.yaml')).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: stage-config',
        '  namespace: flux-system',
        'data:',
        '  stage: qa',
        '  domain: qa.example.com',
        '',
      ].join('\n'),
    );
    // platter.yaml: only the new entry, between staging and prod (the list is the promotion order).
    expect(p.diff).toContain(
      [
        '     - name: staging',
        '       allowPrerelease: true',
        '+    - name: qa',
        '+      promotesFrom: staging',
        '     - name: prod',
        '       promotesFrom: staging',
      ].join('\n'),
    );
    expect(p.diff.split('\n').filter((l) => /^[-+][^-+]/.test(l) && !l.startsWith('+++'))).toHaveLength(2 + 4 + 8);
    expect(p.review).toBe('direct');
    expect(p.affected).toEqual({ stages: ['qa'], environments: [] });
    expect(p.diagnostics).toEqual([]);
  });

  it('copying components: the same runtime files as the source stage, byte for byte', () => {
    const h = RepoHarness.example();
    const p = h.apply({ ...qa, copyComponentsFrom: 'staging' });
    const services = runtimeOf(h, 'staging');
    expect(services).toEqual(expect.arrayContaining(['cert-manager', 'external-dns', 'ingress-nginx']));
    expect(RepoHarness.changed(p)).toEqual([
      'modify platter.yaml',
      'add stages/qa/kustomization.yaml',
      ...services.map((svc) => `add stages/qa/runtime/${svc}.yaml`),
      'add stages/qa/stage-config.yaml',
    ]);
    for (const svc of services)
      expect(h.read(`stages/qa/runtime/${svc}.yaml`)).toBe(h.read(`stages/staging/runtime/${svc}.yaml`));
    const model = h.model();
    expect(model.stages.find((s) => s.name === 'qa')!.components.map((c) => [c.service, c.version, c.addons])).toEqual(
      model.stages.find((s) => s.name === 'staging')!.components.map((c) => [c.service, c.version, c.addons]),
    );
  });

  it("copying keeps what people wrote in the source's runtime files: comments, a tuned field, an unknown field", () => {
    const h = RepoHarness.example();
    h.edit(
      'stages/staging/runtime/ingress-nginx.yaml',
      (t) =>
        `# tuned for the load tests\n${t.replace('interval: 10m', 'interval: 5m # faster while testing').replace('  prune: true\n', '  prune: true\n  retryInterval: 1m\n')}`,
    );
    const source = h.read('stages/staging/runtime/ingress-nginx.yaml');
    expect(source).toContain('retryInterval: 1m');
    h.apply({ ...qa, copyComponentsFrom: 'staging' });
    expect(h.read('stages/qa/runtime/ingress-nginx.yaml')).toBe(source);
    expect(h.errors()).toEqual([]);
  });

  it.each([
    ['last by default', { kind: 'CreateStage', name: 'qa' }, ['staging', 'prod', 'qa']],
    ['after a stage', { kind: 'CreateStage', name: 'qa', after: 'staging' }, ['staging', 'qa', 'prod']],
    ['after the last', { kind: 'CreateStage', name: 'qa', after: 'prod' }, ['staging', 'prod', 'qa']],
    ['position 1 is first', { kind: 'CreateStage', name: 'dev', position: 1 }, ['dev', 'staging', 'prod']],
    ['position 2', { kind: 'CreateStage', name: 'qa', position: 2 }, ['staging', 'qa', 'prod']],
    ['position just past the end', { kind: 'CreateStage', name: 'qa', position: 3 }, ['staging', 'prod', 'qa']],
  ])('placed %s', (_name, request, order) => {
    const h = RepoHarness.example();
    h.apply(request);
    expect(stageNames(h)).toEqual(order);
    expect(h.validate()).toEqual([]);
  });

  it('promotesTo inserts it into the chain: staging -> prod becomes staging -> qa -> prod, one line changed', () => {
    const h = RepoHarness.example();
    const p = h.apply({ ...qa, promotesTo: ['prod'] });
    expect(RepoHarness.changed(p)).toEqual([
      'modify platter.yaml',
      'add stages/qa/kustomization.yaml',
      'add stages/qa/stage-config.yaml',
    ]);
    expect(p.changes[0]!.after).toContain(
      [
        '    - name: staging',
        '      allowPrerelease: true',
        '    - name: qa',
        '      promotesFrom: staging',
        '    - name: prod',
        '      promotesFrom: qa',
        '  environments:',
      ].join('\n'),
    );
    expect(h.model().stages.map((s) => `${s.promotesFrom ?? '-'} -> ${s.name}`)).toEqual([
      '- -> staging',
      'staging -> qa',
      'qa -> prod',
    ]);
    expect(h.validate()).toEqual([]);
    expect(h.plan({ ...qa, promotesTo: ['prod'] }).changes).toEqual([]);
    // Once prod is promoted from qa, asking for qa without it is asking for something else.
    const h2 = RepoHarness.example();
    h2.apply(qa);
    expect(rejection(h2, { ...qa, promotesTo: ['prod'] })).toEqual({ code: 'AlreadyExists', path: 'stages/qa' });
  });

  it('leaves a valid repository that a full render keeps, and an env can then be created in the new stage', () => {
    const h = RepoHarness.example();
    h.apply({ ...qa, allowPrerelease: true, copyComponentsFrom: 'staging', config: { domain: 'qa.example.com' } });
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]);
    expect(h.model().stages.find((s) => s.name === 'qa')).toEqual(
      expect.objectContaining({ allowPrerelease: true, promotesFrom: 'staging', config: { domain: 'qa.example.com' } }),
    );
    const env = h.apply({
      kind: 'CreateEnvironment',
      name: 'qa-eu',
      stage: 'qa',
      ageRecipients: [DEMO_AGE_RECIPIENT],
      config: { cluster_name: 'qa-eu', region: 'eu-west-1' },
      // The copied external-dns needs its token in every env (as in staging's).
      secrets: [
        {
          name: 'runtime-external-dns',
          keys: ['EXTERNAL_DNS_API_TOKEN'],
          sealed: fakeSealedSecret({
            name: 'runtime-external-dns',
            keys: ['EXTERNAL_DNS_API_TOKEN'],
            recipients: [DEMO_AGE_RECIPIENT],
          }),
        },
      ],
    });
    expect(RepoHarness.changed(env)).toEqual(expect.arrayContaining(['add envs/qa-eu/kustomization.yaml']));
    expect(h.read('envs/qa-eu/kustomization.yaml')).toContain('../../stages/qa');
    expect(h.errors()).toEqual([]);
    // A tenant can be onboarded into it, and an app bound to it.
    h.apply({ kind: 'OnboardTenant', name: 'team-a', owner: 'group:default/team-a', stages: ['qa'] });
    h.apply({
      kind: 'OnboardApp',
      name: 'cart',
      tenant: 'team-a',
      source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
      targets: [{ stage: 'qa' }],
      version: '1.0.0',
    });
    expect(h.validate()).toEqual([]);
  });

  it('re-planning the applied request is empty; the same name with other settings is AlreadyExists', () => {
    const h = RepoHarness.example();
    h.apply({ ...qa, copyComponentsFrom: 'staging' });
    expect(h.plan({ ...qa, copyComponentsFrom: 'staging' }).changes).toEqual([]);
    expect(h.plan({ kind: 'CreateStage', name: 'qa', promotesFrom: 'staging' }).changes).toEqual([]); // place not asked
    expect(rejection(h, { ...qa, allowPrerelease: true })).toEqual({ code: 'AlreadyExists', path: 'stages/qa' });
    expect(rejection(h, { ...qa, after: 'prod' })).toEqual({ code: 'AlreadyExists', path: 'stages/qa' });
  });

  it('plans the same bytes twice', () => {
    const a = RepoHarness.example().plan({ ...qa, copyComponentsFrom: 'prod' });
    const b = RepoHarness.example().plan({ ...qa, copyComponentsFrom: 'prod' });
    expect(b.changes).toEqual(a.changes);
  });

  // Each refusal writes nothing (rejection checks) and carries its code and the field at fault.
  it.each([
    ['an invalid name', { kind: 'CreateStage', name: 'QA' }, 'InvalidName', 'name'],
    ['a name with a path in it', { kind: 'CreateStage', name: 'qa/../prod' }, 'InvalidName', 'name'],
    // tenants/<t>/<stage>/ sits next to tenants/<t>/base/ and tenants/<t>/envs/.
    ['a reserved name (base)', { kind: 'CreateStage', name: 'base' }, 'ReservedName', 'name'],
    ['a reserved name (envs)', { kind: 'CreateStage', name: 'envs' }, 'ReservedName', 'name'],
    [
      'a stage that exists with other settings',
      { kind: 'CreateStage', name: 'staging' },
      'AlreadyExists',
      'stages/staging',
    ],
    ['after an unknown stage', { ...qa, after: 'stagign' }, 'UnknownStage', 'after'],
    ['promoted from an unknown stage', { ...qa, promotesFrom: 'stagign' }, 'UnknownStage', 'promotesFrom'],
    ['a copy of an unknown stage', { ...qa, copyComponentsFrom: 'dev' }, 'UnknownStage', 'copyComponentsFrom'],
    ['after and position', { ...qa, position: 2 }, 'InvalidRequest', 'position'],
    ['position 0', { kind: 'CreateStage', name: 'qa', position: 0 }, 'InvalidRequest', 'position'],
    ['a position past the end', { kind: 'CreateStage', name: 'qa', position: 4 }, 'InvalidRequest', 'position'],
    [
      'promoted from a later stage',
      { kind: 'CreateStage', name: 'dev', position: 1, promotesFrom: 'prod' },
      'InvalidRequest',
      'promotesFrom',
    ],
    ['promoted from itself', { kind: 'CreateStage', name: 'qa', promotesFrom: 'qa' }, 'InvalidRequest', 'promotesFrom'],
    ['after itself', { kind: 'CreateStage', name: 'qa', after: 'qa' }, 'InvalidRequest', 'after'],
    ['promoting into an unknown stage', { ...qa, promotesTo: ['prod', 'prdo'] }, 'UnknownStage', 'promotesTo.1'],
    [
      'promoting into an earlier stage',
      { ...qa, after: 'prod', promotesTo: ['staging'] },
      'InvalidRequest',
      'promotesTo.0',
    ],
    ['promoting into itself', { ...qa, promotesTo: ['qa'] }, 'InvalidRequest', 'promotesTo.0'],
    [
      'promoting into the stage it is promoted from',
      { ...qa, promotesTo: ['staging'] },
      'InvalidRequest',
      'promotesTo.0',
    ],
  ])('refuses %s', (_name, request, code, path) => {
    expect(rejection(RepoHarness.example(), request)).toEqual({ code, path });
  });

  it('refuses copying prerelease versions into a stage that does not allow them (PrereleaseNotAllowed, from the rules)', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'ReleaseComponentVersion', service: 'ingress-nginx', version: '1.2.0-rc.1', from: '1.1.0' });
    h.apply({ kind: 'UpgradeComponent', stage: 'staging', service: 'ingress-nginx', version: '1.2.0-rc.1' });
    expect(rejection(h, { ...qa, copyComponentsFrom: 'staging' })).toEqual({
      code: 'PrereleaseNotAllowed',
      path: 'stages/qa/runtime/ingress-nginx.yaml',
    });
    expect(h.plan({ ...qa, copyComponentsFrom: 'staging', allowPrerelease: true }).changes.length).toBeGreaterThan(0);
  });

  it('a tenant may ask (the core decides): it touches platform paths, so it goes to platform review', () => {
    const p = RepoHarness.example().plan(qa, { kind: 'tenant', tenant: 'team-a' });
    expect(p.review).toBe('platform-review');
  });
});
