import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * TEST-ONLY: a small Platter-shaped GitOps repository on disk (DESIGN §2), written
 * from inline YAML, that cases change file by file.
 * Imported by path by the kustomize suites, never re-exported.
 */

export type Files = Record<string, string | undefined>;

/** An env: bootstrap's flux-system (GitRepository + Kustomization of envs/<env>), env-config, the stage Component. */
export function envFiles(env: string, stage = 'x'): Files {
  return {
    [`envs/${env}/kustomization.yaml`]: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - flux-system
  - env-config.yaml
components:
  - ../../stages/${stage}
`,
    [`envs/${env}/flux-system/kustomization.yaml`]: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gotk-sync.yaml
`,
    [`envs/${env}/flux-system/gotk-sync.yaml`]: `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  url: ssh://git@example.com/fleet
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m
  path: ./envs/${env}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
    [`envs/${env}/env-config.yaml`]: `apiVersion: v1
kind: ConfigMap
metadata:
  name: env-config
  namespace: flux-system
data:
  cluster_name: ${env}
`,
  };
}

/** A Flux Kustomization of the stage, in flux-system, building runtime/demo/1.0.0/_base with the addon. */
export function runtimeKustomization(extraSpec = '', name = 'runtime-demo'): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ./runtime/demo/1.0.0/_base
  components:
    - ../addon
  prune: true
  serviceAccountName: kustomize-controller
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: stage-config
      - kind: ConfigMap
        name: env-config
${extraSpec}`;
}

/** The clean fixture: env `dev` of stage `x`, whose runtime-demo builds a _base + addon Component. */
export function baseFiles(): Files {
  return {
    ...envFiles('dev'),
    'stages/x/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - stage-config.yaml
  - runtime/demo.yaml
`,
    'stages/x/stage-config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: stage-config
  namespace: flux-system
data:
  stage: x
`,
    'stages/x/runtime/demo.yaml': runtimeKustomization(),
    'runtime/demo/1.0.0/_base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - namespace.yaml
  - config.yaml
  - source.yaml
`,
    'runtime/demo/1.0.0/_base/namespace.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: demo
`,
    'runtime/demo/1.0.0/_base/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: demo-config
  namespace: demo
data:
  cluster: \${cluster_name}
  region: \${region:=eu-west-1}
`,
    'runtime/demo/1.0.0/_base/source.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: demo
  namespace: demo
spec:
  interval: 1h
  url: https://charts.example.com
`,
    'runtime/demo/1.0.0/addon/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
  - target:
      kind: ConfigMap
      name: demo-config
    patch: |-
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: demo-config
      data:
        addon: enabled
`,
  };
}

/** Writes files (undefined deletes) into a new temporary directory; returns its path. */
export function writeRepo(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), 'platter-oracle-test-'));
  for (const [path, content] of Object.entries(files)) {
    if (content === undefined) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Every file under root, path -> content (to prove a run changed nothing). */
export function readAll(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else out[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk('');
  return out;
}

export const removeRepo = (root: string): void => rmSync(root, { recursive: true, force: true });
