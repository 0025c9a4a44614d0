import type { HelmChart, Values } from '@platter/model';

/**
 * Kubernetes and Flux objects as Platter renders them, keys in canonical order
 * (apiVersion, kind, metadata, spec). Flux GA APIs only (DESIGN §2).
 */
export const API = {
  kustomization: 'kustomize.config.k8s.io/v1beta1',
  component: 'kustomize.config.k8s.io/v1alpha1',
  fluxKustomization: 'kustomize.toolkit.fluxcd.io/v1',
  helmRelease: 'helm.toolkit.fluxcd.io/v2',
  source: 'source.toolkit.fluxcd.io/v1',
  platter: 'platter.dev/v1alpha1',
} as const;

/** Pruning a Namespace or CRD deletes every object in it: runtime and tenant namespaces are never pruned. */
export const PRUNE_DISABLED = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } as const;

export const ANNOTATIONS = {
  tenant: 'platter.dev/tenant',
  dependsOn: 'platter.dev/depends-on',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

export const namespaceObject = (name: string, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(labels ? { labels } : {}), annotations: { ...PRUNE_DISABLED } },
});

export const configMap = (name: string, namespace: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

/** A HelmRepository, or an OCI one for `oci://` registries. */
export const helmRepository = (name: string, namespace: string, url: string) => ({
  apiVersion: API.source,
  kind: 'HelmRepository',
  metadata: { name, namespace },
  spec: { interval: '1h', url, ...(url.startsWith('oci://') ? { type: 'oci' } : {}) },
});

export const helmRelease = (
  name: string,
  namespace: string,
  chart: Omit<HelmChart, 'repository'> | { name: string; version?: string },
  values?: Values,
) => ({
  apiVersion: API.helmRelease,
  kind: 'HelmRelease',
  metadata: { name, namespace },
  spec: {
    interval: '30m',
    chart: {
      spec: {
        chart: chart.name,
        ...(chart.version !== undefined ? { version: chart.version } : {}),
        sourceRef: { kind: 'HelmRepository', name },
      },
    },
    install: { crds: 'CreateReplace', remediation: { retries: 3 } },
    upgrade: { crds: 'CreateReplace', remediation: { retries: 3 } },
    ...(values && Object.keys(values).length ? { values } : {}),
  },
});

/** The skeleton of a HelmRelease patch (a strategic-merge patch on the CRD merges maps like JSON merge patch). */
export const helmReleasePatch = (name: string, namespace: string, spec: Record<string, unknown>) => ({
  apiVersion: API.helmRelease,
  kind: 'HelmRelease',
  metadata: { name, namespace },
  spec,
});
