/**
 * Flux API versions in the wild, and which are deprecated. `platter check` reads
 * every version alike (a deprecated version never makes a Kustomization
 * unchecked); a deprecated one is a warning naming `flux migrate`, which rewrites
 * the stored objects and the repository's manifests to the served versions.
 */
const CURRENT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'kustomize.toolkit.fluxcd.io': { '*': 'v1' },
  'helm.toolkit.fluxcd.io': { '*': 'v2' },
  'source.toolkit.fluxcd.io': { '*': 'v1' },
  'notification.toolkit.fluxcd.io': { Alert: 'v1beta3', Provider: 'v1beta3', Receiver: 'v1', '*': 'v1' },
  'image.toolkit.fluxcd.io': { '*': 'v1beta2' },
};

const DEPRECATED: Readonly<Record<string, ReadonlySet<string>>> = {
  'kustomize.toolkit.fluxcd.io': new Set(['v1beta1', 'v1beta2']),
  'helm.toolkit.fluxcd.io': new Set(['v2beta1', 'v2beta2']),
  'source.toolkit.fluxcd.io': new Set(['v1alpha1', 'v1beta1', 'v1beta2']),
  'notification.toolkit.fluxcd.io': new Set(['v1beta1', 'v1beta2']),
  'image.toolkit.fluxcd.io': new Set(['v1alpha1', 'v1alpha2', 'v1beta1']),
};

/** The group of an apiVersion (`''` for the core group). */
export const apiGroup = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** When `apiVersion` of `kind` is a deprecated Flux version: the version to move to. */
export function deprecatedFluxApi(apiVersion: string, kind: string): string | undefined {
  const group = apiGroup(apiVersion);
  const version = apiVersion.slice(group.length + 1);
  if (!DEPRECATED[group]?.has(version)) return undefined;
  const current = CURRENT[group]!;
  const to = current[kind] ?? current['*']!;
  return to === version ? undefined : `${group}/${to}`;
}

export const isFluxKustomization = (o: { apiVersion: string; kind: string }): boolean =>
  o.kind === 'Kustomization' && apiGroup(o.apiVersion) === 'kustomize.toolkit.fluxcd.io';

export const isFluxGroup = (apiVersion: string): boolean => /(^|\.)fluxcd\.io$/.test(apiGroup(apiVersion));
