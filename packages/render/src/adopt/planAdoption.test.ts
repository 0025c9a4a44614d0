import { fluxFixtureTree } from '../testing/fluxFixtures';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlatterError, MemoryFileTree, parseRequest, type FileChange } from '@platter/model';
import { planAdoption, secretObject, type AdoptionDraft } from './planAdoption';
import { proveAdoption } from './proveAdoption';
import { parseRepository } from '../parse';
import { plan } from '../plan/plan';
import { toYaml } from '../yaml';

// planAdoption on fixtures in the shapes of the talk's flux-structure-example
// (profiles-layout) and of fluxcd/flux2-kustomize-helm-example (helm-layout): the
// exact files of the plan (golden, UPDATE_GOLDEN=1 rewrites), the proof, a second
// run, and the refusals. The real `kubectl kustomize` proof is in gitops-repo
// (adoptKustomize.slow.test.ts).

const RECIPIENT = 'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t';

const fixture = fluxFixtureTree;

/** A plan as text: moves as one line each, every other change with its new content. */
function planText(draft: AdoptionDraft): string {
  const deleted = new Map(draft.changes.filter((c) => c.op === 'delete').map((c) => [c.before!, c.path]));
  const moved = new Set<string>();
  const lines: string[] = [];
  for (const c of draft.changes) {
    if (c.op === 'add' && deleted.has(c.after!)) {
      const from = deleted.get(c.after!)!;
      deleted.delete(c.after!);
      moved.add(from);
      lines.push(`=== move ${from} -> ${c.path}`);
    } else if (c.op !== 'delete') lines.push(`=== ${c.op} ${c.path}`, c.after!.trimEnd());
  }
  for (const c of draft.changes) if (c.op === 'delete' && !moved.has(c.path)) lines.push(`=== delete ${c.path}`);
  for (const s of draft.secrets) lines.push(`=== encrypt ${s.from} -> ${s.path} (${s.recipients.length} recipient)`);
  return `${lines.join('\n')}\n`;
}

/** The code and path of the typed error a call throws. */
function rejection(fn: () => unknown): { code?: string; path?: string } {
  try {
    fn();
  } catch (e) {
    if (isPlatterError(e)) return { code: e.code, ...(e.path !== undefined ? { path: e.path } : {}) };
    throw e;
  }
  return {};
}

function expectGolden(name: string, text: string): void {
  const file = join(__dirname, '__golden__', `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const options = { ageRecipients: { lab: [RECIPIENT] } };

describe('planAdoption', () => {
  it.each(['profiles-layout', 'helm-layout', 'helm-apps-layout'])(
    '%s: the plan (golden) is byte-identical twice',
    (name) => {
      const first = planAdoption(fixture(name), options);
      expectGolden(name, planText(first));
      expect(planAdoption(fixture(name), options).changes).toEqual(first.changes);
    },
  );

  it('profiles-layout: clusters -> envs, the included profile -> stage, Helm services -> runtime, the rest unmanaged', () => {
    const { report } = planAdoption(fixture('profiles-layout'), options);
    expect(report.environments).toEqual([{ name: 'lab', cluster: 'clusters/lab', stage: 'home' }]);
    expect(report.stages).toEqual([{ name: 'home', profile: 'clusters/_profiles/home' }]);
    expect(report.services.map((s) => `${s.name} ${s.version} <- ${s.from}`).sort()).toEqual([
      'cert-manager 1.2.3 <- platform/cert-manager',
      'ingress-nginx 1.2.3 <- platform/ingress-nginx',
      // plain manifests (issue 14): a runtime component of source manifests, at a first version
      'monitoring-agent 1.0.0 <- platform/monitoring-agent',
      'monitoring-operator 1.2.3 <- platform/monitoring-operator',
    ]);
    expect(report.notAdopted.map((n) => n.cluster)).toEqual(['clusters/group/_base/flux-system']);
    expect(report.unmappedServices).toEqual([]);
    expect(report.unmanaged).not.toContain('platform/monitoring-agent/_base/agent.yaml');
    // cert-manager and ingress-nginx are declared in the _base profile, which the unused prod profile reads too.
    expect(report.bound.map((b) => `${b.stage}: ${b.was} -> runtime-${b.service}`)).toEqual([
      'home: flux-system/monitoring-agent -> runtime-monitoring-agent',
      'home: flux-system/monitoring-operator -> runtime-monitoring-operator',
    ]);
    expect(report.notBound.map((n) => n.service)).toEqual(['cert-manager', 'ingress-nginx']);
    expect(report.unbound).toBeUndefined();
    expect(report.secrets).toEqual([
      {
        from: 'clusters/lab/platform/cluster-secrets.yaml',
        to: 'envs/lab/secrets/cluster-secrets.yaml.encrypted',
        recipients: 1,
      },
    ]);
    const lab = report.proof.find((p) => p.cluster === 'clusters/lab')!;
    // Both renamed Kustomizations prune: deleting the old names would collect the workloads
    // before the new names apply them again, which equal objects cannot show (RenamePrunes).
    expect(lab.dangers.map((d) => [d.code, d.severity, d.path, d.message.slice(0, d.message.indexOf(':'))])).toEqual([
      [
        'RenamePrunes',
        'warning',
        'clusters/_profiles/home/monitoring.yaml',
        'Kustomization flux-system/monitoring-agent is renamed flux-system/runtime-monitoring-agent and has spec.prune',
      ],
      [
        'RenamePrunes',
        'warning',
        'clusters/_profiles/home/monitoring.yaml',
        'Kustomization flux-system/monitoring-operator is renamed flux-system/runtime-monitoring-operator and has spec.prune',
      ],
    ]);
    expect(lab.dangers[0]!.message).toContain('set spec.deletionPolicy: Orphan on flux-system/monitoring-agent');
    expect({ ...lab, dangers: [] }).toEqual({
      cluster: 'clusters/lab',
      after: 'envs/lab',
      objects: 20,
      dangers: [],
      plumbing: [
        'Kustomization flux-system/cert-manager: spec.path "./platform/cert-manager/_base" -> "./runtime/cert-manager/1.2.3/_base"',
        'Kustomization flux-system/flux-system: spec.decryption null -> {"provider":"sops","secretRef":{"name":"sops-age"}}',
        'Kustomization flux-system/flux-system: spec.path "./clusters/lab" -> "./envs/lab"',
        'Kustomization flux-system/ingress-nginx: spec.path "./platform/ingress-nginx/_base" -> "./runtime/ingress-nginx/1.2.3/_base"',
        'Kustomization flux-system/monitoring-agent: renamed flux-system/runtime-monitoring-agent',
        'Kustomization flux-system/monitoring-agent: spec.dependsOn follows the renames',
        'Kustomization flux-system/monitoring-agent: spec.path "./platform/monitoring-agent/_base" -> "./runtime/monitoring-agent/1.0.0/_base"',
        'Kustomization flux-system/monitoring-operator: renamed flux-system/runtime-monitoring-operator',
        'Kustomization flux-system/monitoring-operator: spec.path "./platform/monitoring-operator/_base" -> "./runtime/monitoring-operator/1.2.3/_base"',
        "added ConfigMap flux-system/env-config (Platter's env facts)",
        "added ConfigMap flux-system/stage-config (Platter's stage facts)",
        'bootstrap path clusters/lab -> envs/lab',
      ],
    });
  });

  it('helm-layout: each cluster its own env and stage; apps/ an ArtifactGenerator copies moves under unmanaged/, its copy rules following', () => {
    const { report, changes } = planAdoption(fixture('helm-layout'));
    expect(report.environments.map((e) => `${e.name}/${e.stage}`)).toEqual([
      'production/production',
      'staging/staging',
    ]);
    expect(report.moved).toContainEqual({ from: 'apps', to: 'unmanaged/apps' });
    // infrastructure/ is no name Platter reads: it stays where it is.
    expect(report.unmanaged.filter((f) => f.startsWith('infrastructure/')).length).toBe(6);
    expect(report.proof.map((p) => [p.cluster, p.after, p.objects])).toEqual([
      ['clusters/production', 'envs/production', 20],
      ['clusters/staging', 'envs/staging', 15],
    ]);
    expect(report.proof[1]!.plumbing.filter((l) => l.startsWith('ArtifactGenerator'))).toEqual([
      'ArtifactGenerator flux-system/flux-system: artifact apps copies from "@repo/apps/base/**" -> "@repo/unmanaged/apps/base/**"',
      'ArtifactGenerator flux-system/flux-system: artifact apps copies from "@repo/apps/staging/**" -> "@repo/unmanaged/apps/staging/**"',
    ]);
    expect(changes.find((c) => c.path === 'envs/staging/artifacts.yaml')?.after).toContain(
      'from: "@repo/unmanaged/apps/base/**"',
    );
  });

  it.each([
    ['a rule copies from above apps/', '"@repo/**"'],
    ['a rule matches apps/ by a glob above it', '"@repo/*/base/**"'],
  ])('files an ArtifactGenerator copies stay where they are when %s (the artifact would change)', (_why, from) => {
    const tree = fixture('helm-layout');
    const file = 'clusters/staging/artifacts.yaml';
    tree.write(file, tree.read(file)!.replace('"@repo/apps/base/**"', from));
    const { report } = planAdoption(tree);
    expect(report.moved.map((m) => m.from)).not.toContain('apps');
    expect(report.unmanaged).toContain('apps/base/web/release.yaml');
  });

  it('helm-example-layout: a .sourceignore that keeps only the directories Flux read re-includes the ones files moved to', () => {
    const { report, changes } = planAdoption(fixture('helm-example-layout'));
    const ignore = changes.find((c) => c.path === '.sourceignore');
    expect(ignore?.op).toBe('modify');
    expect(ignore?.after?.slice(ignore.before!.length).trim().split('\n').slice(1)).toEqual([
      '!/cloud/',
      '!/envs/',
      '!/runtime/',
      '!/stages/',
      '!/tenants/',
      '!/unmanaged/',
    ]);
    // The proof reads the artifact through .sourceignore: every cluster still applies its objects.
    expect(report.proof.map((p) => [p.after, p.objects])).toEqual([
      ['envs/production', 11],
      ['envs/staging', 11],
    ]);
    // Without them Flux would not find ./envs/<env> in the artifact: the proof refuses.
    const tree = fixture('helm-example-layout');
    const draft = planAdoption(tree);
    const unignored = MemoryFileTree.from(tree).apply(draft.changes.filter((c) => c.path !== '.sourceignore'));
    expect(
      rejection(() =>
        proveAdoption(
          draft.before!,
          unignored,
          (c) => draft.clusterPaths[c] ?? c,
          new Map(Object.entries(draft.renamed)),
        ),
      ).code,
    ).toBe('AdoptionChangesObjects');
  });

  it('a top-level apps/ of another layout moves under unmanaged/ (Platter reads apps/ by name), references following', () => {
    const tree = fixture('helm-layout');
    for (const p of tree.list('clusters/staging')) tree.delete(p); // no ArtifactGenerator copies apps/ any more
    const draft = planAdoption(tree);
    expect(draft.report.moved).toContainEqual({ from: 'apps', to: 'unmanaged/apps' });
    const apps = draft.changes.find((c) => c.path === 'envs/production/apps.yaml');
    expect(apps?.after).toContain('path: ./unmanaged/apps/production');
    expect(draft.report.proof.map((p) => [p.cluster, p.after, p.objects])).toEqual([
      ['clusters/production', 'envs/production', 20],
    ]);
  });

  it('helm-apps-layout: apps/{base,<env>} -> a tenant app of the CODEOWNERS team; its Flux Kustomization keeps all but its path', () => {
    const tree = fixture('helm-apps-layout');
    const { report, changes } = planAdoption(tree);
    expect(report.apps).toEqual([
      {
        name: 'podinfo',
        tenant: 'web-team',
        namespace: 'podinfo',
        from: 'apps/base/podinfo',
        overlays: [
          { env: 'production', from: 'apps/production', kustomization: 'flux-system/apps', shared: true },
          { env: 'staging', from: 'apps/staging', kustomization: 'flux-system/apps' },
        ],
        notes: [
          'Namespace podinfo stays in apps/podinfo/base/namespace.yaml, applied by the Kustomization that applies it today: `platter validate` reports ClusterScopedInTenantPath until the tenant binding moves it to tenants/web-team/base/namespaces.yaml',
        ],
      },
      {
        // cut out of apps/production, which it shares with podinfo
        name: 'web',
        tenant: 'web-team',
        namespace: 'web',
        from: 'apps/base/web',
        overlays: [{ env: 'production', from: 'apps/production', kustomization: 'flux-system/apps', shared: true }],
        notes: [
          'Namespace web stays in apps/web/base/namespace.yaml, applied by the Kustomization that applies it today: `platter validate` reports ClusterScopedInTenantPath until the tenant binding moves it to tenants/web-team/base/namespaces.yaml',
        ],
      },
    ]);
    expect(report.tenants.map((t) => [t.name, t.owner, t.from, t.apps])).toEqual([
      ['web-team', 'group:default/web-team', 'CODEOWNERS @acme/web-team', ['podinfo', 'web']],
    ]);
    expect(report.tenants[0]!.binding).toMatch(/^tenants\/web-team\/ .* left to a later change/);
    expect(report.unmappedApps).toEqual([]);
    // The proof: the same objects in both clusters; the only difference is where the files are.
    // production's overlay, shared by podinfo and web, stays as unmanaged plumbing listing their own overlays.
    expect(changes.find((c) => c.path === 'unmanaged/apps/production/kustomization.yaml')?.after).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - ../../../apps/podinfo/envs/production',
        '  - ../../../apps/web/envs/production',
        '',
      ].join('\n'),
    );
    expect(report.proof.map((p) => [p.cluster, p.objects, p.plumbing])).toEqual(
      [
        ['production', 15, './unmanaged/apps/production'],
        ['staging', 12, './apps/podinfo/envs/staging'],
      ].map(([env, objects, path]) => [
        `clusters/${env}`,
        objects,
        [
          `Kustomization flux-system/apps: spec.path "./apps/${env}" -> "${path}"`,
          `Kustomization flux-system/flux-system: spec.path "./clusters/${env}" -> "./envs/${env}"`,
          "added ConfigMap flux-system/env-config (Platter's env facts)",
          "added ConfigMap flux-system/stage-config (Platter's stage facts)",
          `bootstrap path clusters/${env} -> envs/${env}`,
        ],
      ]),
    );
    // Platter reads the result as its tenant app: tenant, source, and the pin of each env.
    const after = MemoryFileTree.from(tree).apply(changes);
    const { model: fleet, diagnostics } = parseRepository(after);
    expect(diagnostics.filter((d) => d.path?.startsWith('apps/'))).toEqual([]);
    expect(fleet!.tenants.map((t) => [t.name, t.owner, t.namespaces])).toEqual([
      ['web-team', 'group:default/web-team', ['podinfo', 'web']],
    ]);
    expect(fleet!.apps.map((a) => `${a.name} ${a.deployments.map((d) => `${d.env}@${d.version}`).join(' ')}`)).toEqual([
      'podinfo production@6.7.0 staging@6.7.1',
      'web production@2.0.0',
    ]);
    const app = fleet!.apps.find((a) => a.name === 'podinfo');
    expect(app && { tenant: app.tenant, namespace: app.namespace, source: app.source }).toEqual({
      tenant: 'web-team',
      namespace: 'podinfo',
      source: {
        type: 'helm',
        repository: 'https://stefanprodan.github.io/podinfo',
        chart: 'podinfo',
        values: expect.any(Object),
      },
    });
    expect(app?.deployments.map((d) => [d.env, d.version])).toEqual([
      ['production', '6.7.0'],
      ['staging', '6.7.1'],
    ]);
  });

  it('helm-apps-layout: the adopted app is promoted the Platter way (one pin edited, nothing else)', () => {
    const tree = fixture('helm-apps-layout');
    const after = MemoryFileTree.from(tree).apply(planAdoption(tree).changes);
    const promoted = plan(
      after,
      parseRequest({ kind: 'PromoteApp', app: 'podinfo', from: { env: 'staging' }, to: [{ env: 'production' }] }),
    );
    expect(promoted.changes.map((c) => `${c.op} ${c.path}`)).toEqual([
      'modify apps/podinfo/envs/production/release.yaml',
    ]);
    expect(promoted.changes[0]!.after).toContain('version: "6.7.1"');
  });

  it('helm-apps-layout: a kustomization.yml is renamed kustomization.yaml (the name Platter reads), the proof holding', () => {
    const tree = fixture('helm-apps-layout');
    tree.write('apps/base/podinfo/kustomization.yml', tree.read('apps/base/podinfo/kustomization.yaml')!);
    tree.delete('apps/base/podinfo/kustomization.yaml');
    const { report, changes } = planAdoption(tree);
    expect(report.apps.map((a) => a.name)).toEqual(['podinfo', 'web']);
    expect(changes.find((c) => c.path === 'apps/podinfo/base/kustomization.yaml')?.after).toContain(
      'platter.dev/tenant: web-team',
    );
    expect(changes.some((c) => c.path.endsWith('kustomization.yml') && c.op !== 'delete')).toBe(false);
  });

  it.each([
    [
      'no CODEOWNERS line names a team: the --tenant default owns it',
      { CODEOWNERS: '* @acme/platform\n' },
      'shop',
      'shop',
      '--tenant',
    ],
    ['CODEOWNERS wins over --tenant', {}, 'shop', 'web-team', 'CODEOWNERS @acme/web-team'],
    [
      'the last matching CODEOWNERS line wins',
      { CODEOWNERS: '/apps/ @acme/web-team\n/apps/base/podinfo/ @acme/pods\n' },
      undefined,
      'pods',
      'CODEOWNERS @acme/pods',
    ],
  ])('owner: %s', (_name, files, tenant, expected, from) => {
    const tree = fixture('helm-apps-layout');
    for (const [p, c] of Object.entries(files)) tree.write(p, c);
    const { report } = planAdoption(tree, tenant ? { tenant } : {});
    expect(report.tenants.find((t) => t.name === expected)?.from).toBe(from);
    expect(report.apps.find((a) => a.name === 'podinfo')?.tenant).toBe(expected);
  });

  it.each([
    [
      'no owner (no team in CODEOWNERS, no --tenant)',
      'helm-apps-layout',
      { CODEOWNERS: '* @acme/platform\n' },
      [],
      'apps/base/podinfo',
      /^no owner/,
    ],
    ['an ArtifactGenerator copies it', 'helm-layout', {}, [], 'apps/base/web', /ArtifactGenerator copies its files/],
    [
      'an overlay pins no chart version',
      'helm-apps-layout',
      {
        'apps/staging/podinfo-values.yaml':
          'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  values:\n    replicaCount: 1\n',
      },
      ['web'], // web, cut out of apps/production, still maps
      'apps/base/podinfo',
      /apps\/staging pins no chart version/,
    ],
    [
      'an overlay pins a range (as flux2-kustomize-helm-example does)',
      'helm-apps-layout',
      {
        'apps/staging/podinfo-values.yaml':
          'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  chart:\n    spec:\n      version: ">=1.0.0-alpha"\n',
      },
      ['web'], // web, cut out of apps/production, still maps
      'apps/base/podinfo',
      /apps\/staging pins ">=1.0.0-alpha": Platter pins one SemVer version/,
    ],
    [
      'its base is shared with another kustomization',
      'helm-apps-layout',
      {
        'infrastructure/controllers/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gateway.yaml\n  - ../../apps/base/podinfo/repository.yaml\n',
      },
      ['web'], // web, cut out of apps/production, still maps
      'apps/base/podinfo',
      /reads it too \(shared\)/,
    ],
    [
      'an overlay builds two things',
      'helm-apps-layout',
      {
        'apps/staging/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base/podinfo\n  - extra.yaml\npatches:\n  - path: podinfo-values.yaml\n    target:\n      kind: HelmRelease\n',
        'apps/staging/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: podinfo\n',
      },
      ['web'], // podinfo's base, which that overlay reads too, stays with it
      'apps/staging',
      /it builds extra.yaml, not only app base directories/,
    ],
    [
      'an overlay several apps share patches by kind only (it would patch every app)',
      'helm-apps-layout',
      {
        'apps/production/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base/podinfo\n  - ../base/web\npatches:\n  - path: podinfo-values.yaml\n    target:\n      kind: HelmRelease\n  - path: web-values.yaml\n',
      },
      [], // podinfo's base is read by that overlay; web has no overlay of its own
      'apps/production',
      /patch 1 names no single object/,
    ],
    [
      'an overlay several apps share sets more than patches',
      'helm-apps-layout',
      {
        'apps/production/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels:\n  team: web\nresources:\n  - ../base/podinfo\n  - ../base/web\npatches:\n  - path: podinfo-values.yaml\n    target:\n      kind: HelmRelease\n      name: podinfo\n  - path: web-values.yaml\n',
      },
      [],
      'apps/production',
      /also sets commonLabels, which applies to all of them/,
    ],
  ])('an app stays unmanaged when %s, the proof still holding', (_name, base, files, adopted, dir, why) => {
    const tree = fixture(base);
    for (const [p, c] of Object.entries(files)) tree.write(p, c);
    const { report } = planAdoption(tree);
    expect(report.apps.map((a) => a.name)).toEqual(adopted);
    expect(report.unmappedApps.find((u) => u.dir === dir)?.why).toMatch(why);
    expect(report.proof.length).toBeGreaterThan(0);
  });

  it('apps whose adoption would change what Flux applies stay unmanaged (the proof decides), the rest adopted', () => {
    const tree = fixture('helm-apps-layout');
    // A generator keys its data by file name: renaming repository.yaml to source.yaml would change the ConfigMap.
    tree.write(
      'apps/base/podinfo/kustomization.yaml',
      `${tree.read('apps/base/podinfo/kustomization.yaml')}configMapGenerator:\n  - name: podinfo-sources\n    files:\n      - repository.yaml\n`,
    );
    const { report, changes } = planAdoption(tree);
    expect(report.apps).toEqual([]);
    expect(report.tenants).toEqual([]);
    expect(report.unmappedApps).toEqual([
      {
        dir: 'apps',
        why: expect.stringMatching(
          /^adopting them as tenant apps would change what Flux applies \(cluster clusters\/\w+: ConfigMap podinfo\/podinfo-sources/,
        ),
      },
    ]);
    expect(report.environments.map((e) => e.name)).toEqual(['production', 'staging']);
    expect(changes.find((c) => c.path === 'envs/staging/apps.yaml')?.after).toContain('path: ./unmanaged/apps/staging');
  });

  it('refuses a --tenant that is not a valid name', () => {
    expect(rejection(() => planAdoption(fixture('helm-apps-layout'), { tenant: 'Web Team' }))).toMatchObject({
      code: 'InvalidName',
      path: 'tenant',
    });
  });

  it.each(['profiles-layout', 'helm-layout', 'helm-apps-layout'])(
    '%s: adopting the result again plans nothing',
    (name) => {
      const tree = fixture(name);
      const draft = planAdoption(tree, options);
      const after = MemoryFileTree.from(tree).apply(draft.changes);
      for (const s of draft.secrets) after.write(s.path, toYaml(secretObject(s)));
      const again = planAdoption(after, options);
      expect(again.alreadyPlatter).toBe(true);
      expect(again.changes).toEqual([]);
    },
  );

  it('never puts a plaintext value in a change', () => {
    const draft = planAdoption(fixture('profiles-layout'), options);
    const added = draft.changes.filter((c: FileChange) => c.op !== 'delete').map((c) => c.after);
    expect(added.join('\n')).not.toContain('not-encrypted-at-all');
  });

  it.each([
    [
      'a plaintext Secret and no recipient for its env',
      'profiles-layout',
      {},
      {},
      'MissingRecipients',
      'clusters/lab/platform/cluster-secrets.yaml',
    ],
    [
      'a plaintext Secret next to other objects in one file',
      'helm-layout',
      {
        'clusters/production/extra.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: flux-system\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: extra\n  namespace: flux-system\nstringData:\n  token: plain\n',
      },
      { production: [RECIPIENT] },
      'PlaintextSecret',
      'clusters/production/extra.yaml',
    ],
    [
      'an inline patch whose value names a path adopt moves (the proof fails)',
      'profiles-layout',
      {
        'clusters/lab/platform/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\ncomponents:\n  - ../../_profiles/home\nresources:\n  - cluster-secrets.yaml\npatches:\n  - target:\n      kind: Kustomization\n      name: monitoring-agent\n    patch: |\n      - op: replace\n        path: /spec/path\n        value: ./clusters/_profiles/home/agent\n',
        'clusters/_profiles/home/agent/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n',
        'clusters/_profiles/home/agent/config.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: agent\n  namespace: monitoring\ndata:\n  level: info\n',
      },
      { lab: [RECIPIENT] },
      'AdoptionChangesObjects',
      'clusters/_profiles/home/agent/config.yaml',
    ],
    ['no Flux cluster at all', undefined, { 'README.md': 'hello\n' }, {}, 'NoFluxClusters', '.'],
  ])('refuses %s', (_name, base, files, ageRecipients, code, path) => {
    const tree = base ? fixture(base) : new MemoryFileTree();
    for (const [p, c] of Object.entries(files)) tree.write(p, c);
    expect(rejection(() => planAdoption(tree, { ageRecipients }))).toMatchObject({ code, path });
  });
});

// A renamed Flux Kustomization is deleted under its old name: kustomize-controller's finalizer
// collects what it applied unless it is suspended or its deletionPolicy says not to.
describe('planAdoption: RenamePrunes on a renamed Kustomization', () => {
  const agent = 'clusters/_profiles/home/monitoring.yaml';
  const pruning = '  path: ./platform/monitoring-agent/_base\n  prune: true';
  it.each([
    ['prune: true (deletionPolicy MirrorPrune, the default)', pruning, 'spec.prune: true'],
    ['prune: false', '  path: ./platform/monitoring-agent/_base\n  prune: false', undefined],
    ['suspended', `${pruning}\n  suspend: true`, undefined],
    ['deletionPolicy: Orphan', `${pruning}\n  deletionPolicy: Orphan`, undefined],
    [
      'deletionPolicy: Delete with prune: false',
      '  path: ./platform/monitoring-agent/_base\n  prune: false\n  deletionPolicy: Delete',
      'spec.deletionPolicy: Delete',
    ],
    [
      'deletionPolicy: WaitForTermination',
      `${pruning}\n  deletionPolicy: WaitForTermination`,
      'spec.deletionPolicy: WaitForTermination',
    ],
  ])('%s', (_name, spec, setting) => {
    const tree = fixture('profiles-layout');
    tree.write(agent, tree.read(agent)!.replace(pruning, spec));
    const { report } = planAdoption(tree, options);
    expect(report.bound.map((b) => b.was)).toContain('flux-system/monitoring-agent');
    const danger = report.proof
      .find((p) => p.cluster === 'clusters/lab')!
      .dangers.find((d) => d.message.startsWith('Kustomization flux-system/monitoring-agent '));
    expect(danger?.message.match(/and has ([^:]+: \w+)/)?.[1]).toBe(setting);
  });
});
