import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorCode } from '@platter/model';
import { runKustomizeOracle } from './runKustomizeOracle';
import {
  baseFiles,
  envFiles,
  readAll,
  removeRepo,
  runtimeKustomization,
  writeRepo,
  type Files,
} from './testing/testRepo';

// Real `kubectl kustomize` on small repositories written by the test (DESIGN §5).
jest.setTimeout(60_000);

const roots: string[] = [];
afterAll(() => roots.forEach(removeRepo));

async function oracle(files: Files, options?: Parameters<typeof runKustomizeOracle>[1]) {
  const root = writeRepo(files);
  roots.push(root);
  return runKustomizeOracle(root, options);
}

const findings = (report: Awaited<ReturnType<typeof runKustomizeOracle>>) =>
  report.diagnostics.map((d) => [d.code, d.path]);

const base = baseFiles();
const withConfigData = (extra: string): Files => ({
  'runtime/demo/1.0.0/_base/config.yaml': `${base['runtime/demo/1.0.0/_base/config.yaml']}${extra}`,
});
const stageResources = (...extra: string[]) =>
  `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - stage-config.yaml
  - runtime/demo.yaml
${extra.map((e) => `  - ${e}\n`).join('')}`;
const fluxKustomization = (name: string, namespace: string, spec: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  interval: 10m
  path: ./runtime/demo/1.0.0/_base
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
    namespace: flux-system
${spec}`;

describe('runKustomizeOracle', () => {
  it.each<[string, Files, [ErrorCode, string][]]>([
    ['clean fixture', {}, []],
    [
      'a Component listed under resources of the env',
      {
        'envs/dev/kustomization.yaml': `resources:
  - flux-system
  - env-config.yaml
  - ../../stages/x
`,
      },
      [['KustomizeBuildFailed', 'envs/dev']],
    ],
    [
      'a Component listed under resources of _base (fails only the way Flux builds it)',
      {
        'runtime/demo/1.0.0/_base/kustomization.yaml': `resources:\n  - namespace.yaml\n  - config.yaml\n  - ../addon\n`,
      },
      [['KustomizeBuildFailed', 'runtime/demo/1.0.0/_base']],
    ],
    [
      'a missing file',
      {
        'envs/dev/kustomization.yaml': `resources:\n  - flux-system\n  - env-config.yaml\n  - missing.yaml\ncomponents:\n  - ../../stages/x\n`,
      },
      [['KustomizeBuildFailed', 'envs/dev']],
    ],
    ['an undefined ${var}', withConfigData('  owner: ${team_name}\n'), [['UnresolvedVariable', 'envs/dev']]],
    ['a ${var} with a default', withConfigData('  owner: ${team_name:-platform}\n  tier: ${tier:=gold}\n'), []],
    ['an escaped $${var}', withConfigData('  script: echo $${HOME}\n'), []],
    [
      'a ${var} in an object with substitution disabled',
      {
        'runtime/demo/1.0.0/_base/script.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: script
  namespace: demo
  annotations:
    kustomize.toolkit.fluxcd.io/substitute: disabled
data:
  run.sh: echo \${HOME}
`,
        'runtime/demo/1.0.0/_base/kustomization.yaml': `resources:\n  - namespace.yaml\n  - config.yaml\n  - source.yaml\n  - script.yaml\n`,
      },
      [],
    ],
    [
      'a ${var} only the addon adds (spec.components are appended and built)',
      {
        'runtime/demo/1.0.0/addon/kustomization.yaml': base['runtime/demo/1.0.0/addon/kustomization.yaml']!.replace(
          'addon: enabled',
          'addon: ${addon_owner}',
        ),
      },
      [['UnresolvedVariable', 'envs/dev']],
    ],
    [
      'a variable from a SOPS-encrypted Secret (keys are readable)',
      {
        ...withConfigData('  password_ref: ${db_password}\n'),
        'envs/dev/kustomization.yaml': `resources:\n  - flux-system\n  - env-config.yaml\n  - secrets/db.yaml.encrypted\ncomponents:\n  - ../../stages/x\n`,
        'envs/dev/secrets/db.yaml.encrypted': `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: flux-system
type: Opaque
data:
  db_password: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
sops:
  age:
    - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
      enc: ENC
  lastmodified: "2026-01-01T00:00:00Z"
  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]
  version: 3.9.0
`,
        'stages/x/runtime/demo.yaml': runtimeKustomization('      - kind: Secret\n        name: db\n'),
      },
      [],
    ],
    [
      'a substituteFrom source that does not exist',
      { 'stages/x/runtime/demo.yaml': runtimeKustomization('      - kind: ConfigMap\n        name: absent\n') },
      [['UnresolvedVariable', 'envs/dev']],
    ],
    [
      'an optional substituteFrom source that does not exist',
      {
        'stages/x/runtime/demo.yaml': runtimeKustomization(
          '      - kind: ConfigMap\n        name: absent\n        optional: true\n',
        ),
      },
      [],
    ],
    [
      'a Flux Kustomization in a namespace nobody creates',
      {
        'stages/x/kustomization.yaml': stageResources('apps.yaml'),
        'stages/x/apps.yaml': fluxKustomization('apps', 'apps', ''),
      },
      [['MissingNamespace', 'envs/dev']],
    ],
    [
      'a HelmRepository of a Flux build in a namespace nobody creates',
      {
        'runtime/demo/1.0.0/_base/source.yaml': base['runtime/demo/1.0.0/_base/source.yaml']!.replace(
          'namespace: demo',
          'namespace: charts',
        ),
      },
      [['MissingNamespace', 'envs/dev']],
    ],
    [
      'a dangling dependsOn',
      { 'stages/x/runtime/demo.yaml': `${runtimeKustomization()}  dependsOn:\n    - name: runtime-missing\n` },
      [['UnknownDependency', 'envs/dev']],
    ],
    [
      'a dependsOn cycle',
      {
        'stages/x/runtime/demo.yaml': `${runtimeKustomization()}  dependsOn:\n    - name: runtime-b\n`,
        'stages/x/kustomization.yaml': stageResources('runtime/b.yaml'),
        'stages/x/runtime/b.yaml': `${runtimeKustomization('', 'runtime-b')}  dependsOn:\n    - name: runtime-demo\n      namespace: flux-system\n`,
      },
      [['DependencyCycle', 'envs/dev']],
    ],
    [
      'a spec.path without kustomization.yaml (Flux generates one)',
      {
        'stages/x/kustomization.yaml': stageResources('plain.yaml'),
        'stages/x/plain.yaml': fluxKustomization(
          'plain',
          'flux-system',
          '  path: ./plain\n  postBuild:\n    substitute:\n      color: blue\n',
        ).replace('  path: ./runtime/demo/1.0.0/_base\n', ''),
        'plain/a.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: flux-system\ndata:\n  color: \${color}\n`,
        'plain/nested/b.yml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: flux-system\ndata:\n  size: \${size}\n`,
        'plain/notes.txt': 'not yaml, not listed',
        // not Kubernetes YAML: left out of the artifact by source-controller, so never listed
        'plain/.sops.yaml': 'creation_rules:\n  - age: age1xyz\n',
      },
      [['UnresolvedVariable', 'envs/dev']],
    ],
  ])('%s', async (_name, changes, expected) => {
    const report = await oracle({ ...base, ...changes });
    expect(findings(report)).toEqual(expected);
  });

  it('names the env, the Kustomization and the variable', async () => {
    const report = await oracle({ ...base, ...withConfigData('  owner: ${team_name}\n') });
    expect(report.diagnostics).toHaveLength(1);
    expect(report.diagnostics[0]!.message).toMatch(/env dev/);
    expect(report.diagnostics[0]!.message).toMatch(/flux-system\/runtime-demo/);
    expect(report.diagnostics[0]!.message).toMatch(/\$\{team_name\}/);
  });

  it('reports a failed build with a concise reason, not a stack trace', async () => {
    const report = await oracle({ ...base, 'envs/dev/kustomization.yaml': 'resources:\n  - missing.yaml\n' });
    const [d] = report.diagnostics;
    expect(d!.message).toMatch(/missing\.yaml/);
    expect(d!.message).not.toMatch(/\n|\bat \w+ \(|platter-oracle-/);
  });

  it('builds a runtime build two envs share once', async () => {
    const report = await oracle({ ...base, ...envFiles('prod') });
    expect(report.diagnostics).toEqual([]);
    expect(report.builds).toEqual([
      { env: 'dev', kustomizations: 2 },
      { env: 'prod', kustomizations: 2 },
    ]);
    // 2 env builds + 1 runtime build; each env's flux-system reuses the env build,
    // and prod's runtime-demo reuses dev's.
    expect(report.stats).toEqual({ kubectlCalls: 3, dedupedBuilds: 3 });
  });

  it('checks each env with its own variables on a shared build', async () => {
    const files = { ...base, ...envFiles('prod') };
    files['envs/prod/env-config.yaml'] = files['envs/prod/env-config.yaml']!.replace(
      'cluster_name: prod',
      'region_name: eu',
    );
    const report = await oracle(files);
    expect(findings(report)).toEqual([['UnresolvedVariable', 'envs/prod']]);
    expect(report.stats.kubectlCalls).toBe(3);
  });

  it('keeps two builds of one directory apart (different components, run concurrently)', async () => {
    const report = await oracle(
      {
        ...base,
        'runtime/demo/1.0.0/addon/kustomization.yaml': base['runtime/demo/1.0.0/addon/kustomization.yaml']!.replace(
          'addon: enabled',
          'addon: ${addon_owner}',
        ),
        'stages/x/kustomization.yaml': stageResources('runtime/bare.yaml'),
        'stages/x/runtime/bare.yaml': runtimeKustomization('', 'runtime-bare').replace(
          '  components:\n    - ../addon\n',
          '  targetNamespace: demo\n',
        ),
      },
      { concurrency: 4 },
    );
    expect(findings(report)).toEqual([['UnresolvedVariable', 'envs/dev']]);
    expect(report.diagnostics[0]!.message).toMatch(/runtime-demo/);
  });

  it('checks only the envs asked for, and says which env does not exist', async () => {
    const report = await oracle({ ...base, ...envFiles('prod') }, { envs: ['prod', 'nope'] });
    expect(findings(report)).toEqual([['UnknownEnvironment', 'envs/nope']]);
    expect(report.builds).toEqual([{ env: 'prod', kustomizations: 2 }]);
  });

  it('fails (not a diagnostic) when kubectl cannot run, and leaves no scratch copy behind', async () => {
    // The oracle makes its scratch copies under os.tmpdir(): give it a temporary root of this
    // test's own, so another Platter process on the machine (a concurrent validate) cannot show up.
    const root = writeRepo(base);
    roots.push(root);
    const ownTmp = mkdtempSync(join(tmpdir(), 'platter-oracle-test-tmp-'));
    const spy = jest.spyOn(os, 'tmpdir').mockReturnValue(ownTmp);
    try {
      await expect(runKustomizeOracle(root, { kubectl: 'kubectl-that-does-not-exist' })).rejects.toThrow(/cannot run/);
      expect(spy).toHaveBeenCalled();
      expect(readdirSync(ownTmp)).toEqual([]);
    } finally {
      spy.mockRestore();
      rmSync(ownTmp, { recursive: true, force: true });
    }
  });

  it('never writes to the repository it checks', async () => {
    const root = writeRepo({ ...base, 'plain/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    roots.push(root);
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const before = readAll(root);
    await runKustomizeOracle(root);
    expect(readAll(root)).toEqual(before);
  });
});
