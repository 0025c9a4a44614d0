import {
  byteOrder,
  computeComponentDigest,
  layout,
  type ComponentVersion,
  type HelmComponentVersion,
  type ManifestComponentVersion,
  type FileTree,
  type RuntimeService,
} from '@platter/model';
import { exact, mergeSingleDocumentFile, parseYamlValues, toYaml } from '../yaml';
import type { RenderContext, RenderedFiles } from './context';
import { API, helmRelease, helmReleasePatch, helmRepository, namespaceObject } from './objects';

/**
 * The menu: `runtime/<svc>/<version>/`, Helm charts and plain manifests alike. A version directory is written once, when
 * the version is released; afterwards only `lifecycle` in its component.yaml may
 * change (deprecation, sunset). Everything else is sealed by the digest.
 */
export function renderService(ctx: RenderContext, service: RuntimeService, out: RenderedFiles): void {
  for (const version of service.versions) renderComponentVersion(ctx, version, out);
}

export function renderComponentVersion(ctx: RenderContext, v: ComponentVersion, out: RenderedFiles): void {
  const componentPath = layout.componentFile(v.service, v.version);
  const previous = ctx.previous.read(componentPath);
  if (previous === undefined && ctx.previous.list(layout.versionDir(v.service, v.version)).length === 0) {
    for (const [path, content] of releaseFiles(v)) out.set(path, content);
    return;
  }
  // Released: lifecycle is the only mutable field; the digest is sealed once.
  const digest = v.digest ?? v.facts?.computedDigest ?? digestOfTree(ctx.previous, v.service, v.version);
  out.set(componentPath, mergeSingleDocumentFile(previous, { spec: { lifecycle: exact(lifecycleData(v)), digest } }));
}

const lifecycleData = (v: ComponentVersion) => ({
  status: v.lifecycle.status,
  sunset: v.lifecycle.sunset,
  message: v.lifecycle.message,
});

/** component.yaml data without lifecycle and digest: what the digest covers. */
export function componentMetadata(v: ComponentVersion): Record<string, unknown> {
  return {
    apiVersion: API.platter,
    kind: 'ComponentVersion',
    metadata: { name: v.service },
    spec: {
      version: v.version,
      description: v.description,
      namespace: v.namespace,
      ...(v.source === 'manifests'
        ? { source: 'manifests' }
        : { chart: { repository: v.chart.repository, name: v.chart.name, version: v.chart.version } }),
      dependsOn: [...v.dependsOn],
      requires: { config: [...v.requires.config], secrets: [...v.requires.secrets] },
      addons: v.addons.map((a) => ({
        name: a.name,
        description: a.description,
        conflictsWith: [...a.conflictsWith],
        patchTargets: a.patchTargets.map((t) => ({
          kind: t.kind,
          name: t.name,
          ...(t.namespace ? { namespace: t.namespace } : {}),
        })),
      })),
    },
  };
}

/** Strips undefined values, which JSON (and so the digest) would drop anyway. */
const clean = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/**
 * The files of a newly released version. A Helm version: `_base` (namespace, Helm
 * source, release) and one Component per addon. A plain-manifest version: its
 * files, verbatim. Then component.yaml, sealed with the digest over both.
 */
export function releaseFiles(v: ComponentVersion): [string, string][] {
  const files = v.source === 'manifests' ? manifestFiles(v) : helmFiles(v);
  const metadata = clean(componentMetadata(v));
  const relative = files.map(([p, c]) => [p.slice(layout.versionDir(v.service, v.version).length + 1), c] as const);
  const digest = computeComponentDigest(relative, metadata);
  const component = { ...(metadata as Record<string, any>) };
  component.spec = { ...component.spec, lifecycle: clean(lifecycleData(v)), digest };
  files.unshift([layout.componentFile(v.service, v.version), toYaml(component)]);
  return files;
}

/** A plain-manifest version's files under its version directory, in path order (as the model holds them). */
function manifestFiles(v: ManifestComponentVersion): [string, string][] {
  const dir = layout.versionDir(v.service, v.version);
  return Object.keys(v.files)
    .sort(byteOrder)
    .map((rel) => [`${dir}/${rel}`, v.files[rel]!]);
}

function helmFiles(v: HelmComponentVersion): [string, string][] {
  const name = v.service;
  const ns = v.namespace;
  const base = layout.baseDir(v.service, v.version);
  const credentials = v.requires.secrets.length > 0;
  const files: [string, string][] = [
    [
      `${base}/kustomization.yaml`,
      toYaml({
        apiVersion: API.kustomization,
        kind: 'Kustomization',
        resources: ['namespace.yaml', 'source.yaml', 'release.yaml', ...(credentials ? ['credentials.yaml'] : [])],
      }),
    ],
    [`${base}/namespace.yaml`, toYaml(namespaceObject(ns))],
    [`${base}/source.yaml`, toYaml(helmRepository(name, ns, v.chart.repository))],
    [`${base}/release.yaml`, toYaml(helmRelease(name, ns, { name: v.chart.name, version: v.chart.version }, v.values))],
  ];
  if (credentials) files.push([`${base}/credentials.yaml`, toYaml(credentialsSecret(v))]);
  for (const addon of v.addons) {
    const dir = layout.addonDir(v.service, v.version, addon.name);
    files.push([
      `${dir}/kustomization.yaml`,
      toYaml({ apiVersion: API.component, kind: 'Component', patches: [{ path: 'patch.yaml' }] }),
    ]);
    files.push([`${dir}/patch.yaml`, toYaml(helmReleasePatch(name, ns, { values: addon.values ?? {} }))]);
  }
  return files;
}

/**
 * Required secret keys reach the component's namespace as Secret `<svc>-credentials`,
 * each value a `${KEY}` that Flux substitutes from the env's encrypted Secret
 * `runtime-<svc>` (flux-system). The chart's values point at it (secretKeyRef).
 */
export const credentialsSecret = (v: ComponentVersion) =>
  credentialsSecretFor(v.service, v.namespace, v.requires.secrets);

/** Secret `<svc>-credentials` of a component (Helm or plain manifests) requiring `secrets`. */
export const credentialsSecretFor = (service: string, namespace: string, secrets: readonly string[]) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: `${service}-credentials`, namespace },
  type: 'Opaque',
  stringData: Object.fromEntries(secrets.map((k) => [k, `\${${k}}`])),
});

/** Digest of a version directory as it is on disk (sealing a hand-made version). */
export function digestOfTree(tree: FileTree, service: string, version: string): string {
  const dir = layout.versionDir(service, version);
  const files = tree.list(dir).map((p) => [p.slice(dir.length + 1), tree.read(p) ?? ''] as const);
  const component = parseYamlValues(tree.read(layout.componentFile(service, version)) ?? '')[0] as
    Record<string, any> | undefined;
  return computeComponentDigest(files, metadataForDigest(component));
}

/** component.yaml data as the digest sees it: without lifecycle and digest. */
export function metadataForDigest(component: Record<string, any> | undefined): unknown {
  if (!component || typeof component !== 'object') return {};
  const spec = { ...(component.spec ?? {}) };
  delete spec.lifecycle;
  delete spec.digest;
  return { ...component, spec };
}
