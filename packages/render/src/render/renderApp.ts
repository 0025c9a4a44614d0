import { layout, targetOf, type App, type Deployment } from '@platter/model';
import { exact, mergeObjectsFile, mergeSingleDocumentFile } from '../yaml';
import type { RenderContext, RenderedFiles } from './context';
import { sharedList } from './lists';
import { ANNOTATIONS, API, helmRelease, helmReleasePatch, helmRepository } from './objects';

/**
 * A tenant app: `apps/<app>/base` (its source and release, nothing cluster-scoped)
 * and one overlay per stage or env it is deployed to. The overlay's version pin is
 * one field (HelmRelease chart version, or the image tag), so a promotion edits
 * one line of one file.
 */
export function renderApp(ctx: RenderContext, app: App, out: RenderedFiles): void {
  const { previous } = ctx;
  const baseResources = app.source.type === 'helm' ? ['source.yaml', 'release.yaml'] : ['workload.yaml'];
  out.set(
    layout.appBaseKustomization(app.name),
    mergeSingleDocumentFile(previous.read(layout.appBaseKustomization(app.name)), {
      apiVersion: API.kustomization,
      kind: 'Kustomization',
      metadata: {
        name: app.name,
        annotations: {
          [ANNOTATIONS.tenant]: app.tenant,
          [ANNOTATIONS.dependsOn]: app.dependsOn.length ? [...app.dependsOn].sort().join(',') : undefined,
        },
      },
      resources: sharedList(baseResources, (e) => e === 'source.yaml' || e === 'release.yaml' || e === 'workload.yaml'),
    }),
  );
  if (app.source.type === 'helm') {
    out.set(
      layout.appSource(app.name),
      mergeObjectsFile(previous.read(layout.appSource(app.name)), [
        helmRepository(app.name, app.namespace, app.source.repository),
      ]),
    );
    const release = helmRelease(app.name, app.namespace, { name: app.source.chart });
    out.set(
      layout.appRelease(app.name),
      mergeObjectsFile(previous.read(layout.appRelease(app.name)), [
        {
          ...release,
          spec: {
            ...release.spec,
            values:
              app.source.values && Object.keys(app.source.values).length ? exact({ ...app.source.values }) : undefined,
          },
        },
      ]),
    );
  } else {
    out.set(
      layout.appWorkload(app.name),
      mergeObjectsFile(previous.read(layout.appWorkload(app.name)), imageWorkload(app)),
    );
  }
  for (const d of app.deployments) renderOverlay(ctx, app, d, out);
}

function renderOverlay(ctx: RenderContext, app: App, d: Deployment, out: RenderedFiles): void {
  const target = targetOf(d);
  const kustomizationPath = layout.appOverlayKustomization(app.name, target);
  const base = target.stage !== undefined ? '../base' : '../../base';
  const previous = ctx.previous.read(kustomizationPath);
  if (app.source.type === 'helm') {
    out.set(
      kustomizationPath,
      mergeSingleDocumentFile(previous, {
        apiVersion: API.kustomization,
        kind: 'Kustomization',
        resources: sharedList([base], (e) => e === base),
        patches: sharedList(
          [{ path: 'release.yaml' }],
          (e: any) => e?.path === 'release.yaml',
          (a: any, b) => a?.path === b.path,
        ),
      }),
    );
    const pinPath = layout.appOverlayPin(app.name, target);
    out.set(
      pinPath,
      mergeObjectsFile(ctx.previous.read(pinPath), [
        helmReleasePatch(app.name, app.namespace, {
          chart: { spec: { version: d.version } },
          values: d.values && Object.keys(d.values).length ? exact({ ...d.values }) : undefined,
        }),
      ]),
    );
  } else {
    out.set(
      kustomizationPath,
      mergeSingleDocumentFile(previous, {
        apiVersion: API.kustomization,
        kind: 'Kustomization',
        resources: sharedList([base], (e) => e === base),
        images: sharedList(
          [{ name: app.source.image, newTag: d.version }],
          (e: any) => e?.name === (app.source as { image: string }).image,
          (a: any, b) => a?.name === b.name && a?.newTag === b.newTag,
        ),
      }),
    );
  }
}

/** A minimal Deployment + Service for an image app; the tag comes from the overlay's `images` pin. */
function imageWorkload(app: App): Record<string, unknown>[] {
  if (app.source.type !== 'image') return [];
  const labels = { 'app.kubernetes.io/name': app.name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app.name, namespace: app.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: app.name,
                image: app.source.image,
                ports: [{ name: 'http', containerPort: app.source.port }],
                env: [
                  { name: 'PLATTER_ENV', value: '${env}' },
                  { name: 'PLATTER_STAGE', value: '${stage}' },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app.name, namespace: app.namespace, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
  ];
}
