import { isPlatterError, type PlatterError } from '@platter/model';
import { renderChanges } from '../render';
import type { RepoHarness } from './RepoHarness';

/**
 * Fixtures of the menu planners' tests (AddRuntimeService ... RemoveComponentFromStage)
 * and the queries: a new service, a hand-written version, and a rejection check.
 * Imported by path; not part of `@platter/render/testing`.
 */

/** AddRuntimeService of a service no stage runs, with one addon. */
export const addMetricsServer = {
  kind: 'AddRuntimeService',
  name: 'metrics-server',
  version: '0.7.0',
  description: 'Resource metrics for autoscaling.',
  chart: { repository: 'https://kubernetes-sigs.github.io/metrics-server/', name: 'metrics-server', version: '3.12.1' },
  values: { args: ['--kubelet-preferred-address-types=InternalIP'] },
  addons: [{ name: 'ha', description: 'Two replicas.', values: { replicas: 2 } }],
} as const;

/**
 * Plans a request that must be rejected: returns the typed error after checking
 * its code and that the tree is unchanged (a rejected request writes nothing).
 */
export function expectRejected(h: RepoHarness, request: unknown, code: string): PlatterError {
  const before = h.tree.entries();
  let error: unknown;
  try {
    h.plan(request);
  } catch (e) {
    error = e;
  }
  if (!isPlatterError(error))
    throw new Error(`expected a PlatterError ${code}, got ${error === undefined ? 'a plan' : String(error)}`);
  expect(error.code).toBe(code);
  expect(h.tree.entries()).toEqual(before);
  return error;
}

/** After applying a plan, the repository is clean and its parsed model renders onto it byte for byte. */
export function expectConsistent(h: RepoHarness): void {
  expect(h.errors()).toEqual([]);
  expect(renderChanges(h.model(), h.tree)).toEqual([]);
}

/**
 * A hand-written version on the menu (test fixture): metrics-server 0.7.0 with no
 * base values, an extra object in `_base`, comments, and an addon patch Platter
 * did not render. Unsealed (no digest), as a platform team would commit it.
 */
export function writeHandWrittenVersion(h: RepoHarness): RepoHarness {
  const dir = 'runtime/metrics-server/0.7.0';
  return h
    .write(
      `${dir}/component.yaml`,
      `# Written by hand: the chart needs its APIService priority raised.
apiVersion: platter.dev/v1alpha1
kind: ComponentVersion
metadata:
  name: metrics-server
spec:
  version: 0.7.0
  description: Resource metrics for autoscaling.
  namespace: metrics-server
  chart:
    repository: https://kubernetes-sigs.github.io/metrics-server/
    name: metrics-server
    version: 3.12.1
  dependsOn: []
  addons:
    - name: ha
      description: Two replicas.
      conflictsWith: []
      patchTargets:
        - kind: HelmRelease
          name: metrics-server
    - name: insecure-tls
      conflictsWith: []
      patchTargets:
        - kind: HelmRelease
          name: metrics-server
  owner: platform-team # unknown to Platter, kept
`,
    )
    .write(
      `${dir}/_base/kustomization.yaml`,
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespace.yaml\n  - source.yaml\n  - release.yaml\n  - priority.yaml\n',
    )
    .write(
      `${dir}/_base/namespace.yaml`,
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: metrics-server\n  annotations:\n    kustomize.toolkit.fluxcd.io/prune: disabled\n',
    )
    .write(
      `${dir}/_base/source.yaml`,
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: metrics-server\n  namespace: metrics-server\nspec:\n  interval: 1h\n  url: https://kubernetes-sigs.github.io/metrics-server/\n',
    )
    .write(
      `${dir}/_base/release.yaml`,
      `# The chart's defaults are what we want.
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: metrics-server
  namespace: metrics-server
spec:
  interval: 30m
  chart:
    spec:
      chart: metrics-server
      version: 3.12.1 # pinned by hand
      sourceRef:
        kind: HelmRepository
        name: metrics-server
`,
    )
    .write(
      `${dir}/_base/priority.yaml`,
      'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: metrics-server-critical\nvalue: 1000000\n',
    )
    .write(
      `${dir}/ha/kustomization.yaml`,
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n',
    )
    .write(
      `${dir}/ha/patch.yaml`,
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: metrics-server\n  namespace: metrics-server\nspec:\n  values:\n    replicas: 2\n',
    )
    .write(
      `${dir}/insecure-tls/kustomization.yaml`,
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n',
    )
    .write(
      `${dir}/insecure-tls/patch.yaml`,
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: metrics-server\n  namespace: metrics-server\nspec:\n  values:\n    args:\n      - --kubelet-insecure-tls\n',
    );
}
