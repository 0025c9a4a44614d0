import {
  byteOrder,
  layout,
  objectNames,
  type App,
  type Deployment,
  type DeploymentTarget,
  type Fleet,
  type Tenant,
} from '@platter/model';
import { mergeObjectsFile, mergeSingleDocumentFile } from '../yaml';
import { renderIndex, type RenderContext, type RenderedFiles } from './context';
import { sharedList } from './lists';
import { API, namespaceObject } from './objects';
import { withCloudInstallDependency } from '../cloud/cloudDependsOn';

/**
 * A tenant: `tenants/<t>/`. `base` (platform-owned) creates its namespaces, the
 * service account its apps reconcile as, and a `platter` GitRepository of this
 * repository in each namespace (lockdown forbids cross-namespace sources).
 * `<stage>/` and `envs/<env>/` hold the Flux Kustomizations of its apps.
 */
export function renderTenant(ctx: RenderContext, tenant: Tenant, out: RenderedFiles): void {
  const { fleet, previous } = ctx;
  const t = tenant.name;
  out.set(
    layout.tenantBaseKustomization(t),
    mergeSingleDocumentFile(previous.read(layout.tenantBaseKustomization(t)), {
      apiVersion: API.kustomization,
      kind: 'Kustomization',
      resources: sharedList(
        ['namespaces.yaml', 'rbac.yaml', 'source.yaml'],
        (e) => e === 'namespaces.yaml' || e === 'rbac.yaml' || e === 'source.yaml',
      ),
    }),
  );
  const labels = { 'platter.dev/tenant': t, 'toolkit.fluxcd.io/tenant': t };
  out.set(
    layout.tenantNamespaces(t),
    mergeObjectsFile(
      previous.read(layout.tenantNamespaces(t)),
      tenant.namespaces.map((ns) => namespaceObject(ns, labels)),
      (v: any) => v?.kind === 'Namespace',
    ),
  );
  out.set(
    layout.tenantRbac(t),
    mergeObjectsFile(
      previous.read(layout.tenantRbac(t)),
      tenant.namespaces.flatMap((ns) => [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: objectNames.tenantServiceAccount(t), namespace: ns, labels },
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: objectNames.tenantRoleBinding(t), namespace: ns, labels },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
          subjects: [{ kind: 'ServiceAccount', name: objectNames.tenantServiceAccount(t), namespace: ns }],
        },
      ]),
      (v: any) =>
        (v?.kind === 'ServiceAccount' || v?.kind === 'RoleBinding') &&
        v?.metadata?.labels?.['platter.dev/tenant'] === t,
    ),
  );
  const repo = fleet.settings.repository;
  out.set(
    layout.tenantSource(t),
    mergeObjectsFile(
      previous.read(layout.tenantSource(t)),
      tenant.namespaces.map((ns) => ({
        apiVersion: API.source,
        kind: 'GitRepository',
        metadata: { name: objectNames.tenantSource, namespace: ns },
        spec: {
          interval: '1m',
          url: repo.url,
          ref: { branch: repo.branch },
          secretRef: repo.secretName ? { name: repo.secretName } : undefined,
        },
      })),
      (v: any) => v?.kind === 'GitRepository' && v?.metadata?.name === objectNames.tenantSource,
    ),
  );

  for (const stage of tenant.stages) {
    const target: DeploymentTarget = { stage };
    const apps = appsAt(fleet, t, target);
    out.set(
      layout.tenantStageKustomization(t, stage),
      mergeSingleDocumentFile(previous.read(layout.tenantStageKustomization(t, stage)), {
        apiVersion: API.kustomization,
        kind: 'Kustomization',
        resources: sharedList(['../base', ...apps.map(({ app }) => `${app.name}.yaml`).sort()], isTenantResource),
      }),
    );
    for (const { app, deployment } of apps) renderAppKustomization(ctx, app, deployment, out);
  }

  const envs = [
    ...new Set(
      fleet.apps
        .filter((a) => a.tenant === t)
        .flatMap((a) => a.deployments.map((d) => d.env).filter((e): e is string => e !== undefined)),
    ),
  ].sort();
  for (const env of envs) {
    const target: DeploymentTarget = { env };
    const apps = appsAt(fleet, t, target);
    const envStage = renderIndex(fleet).environments.get(env)?.stage;
    // The tenant's base is included once per env build: by its stage dir, or here when the tenant is not in that stage.
    const needsBase = envStage === undefined || !tenant.stages.includes(envStage);
    out.set(
      layout.tenantEnvKustomization(t, env),
      mergeSingleDocumentFile(previous.read(layout.tenantEnvKustomization(t, env)), {
        apiVersion: API.kustomization,
        kind: 'Kustomization',
        resources: sharedList(
          [...(needsBase ? ['../../base'] : []), ...apps.map(({ app }) => `${app.name}.yaml`).sort()],
          isTenantEnvResource,
        ),
      }),
    );
    for (const { app, deployment } of apps) renderAppKustomization(ctx, app, deployment, out);
  }
}

const isTenantResource = (e: unknown) => typeof e === 'string' && (e === '../base' || /^[^/]+\.yaml$/.test(e));
const isTenantEnvResource = (e: unknown) => typeof e === 'string' && (e === '../../base' || /^[^/]+\.yaml$/.test(e));

function appsAt(fleet: Fleet, tenant: string, target: DeploymentTarget): { app: App; deployment: Deployment }[] {
  const out: { app: App; deployment: Deployment }[] = [];
  for (const app of fleet.apps) {
    if (app.tenant !== tenant) continue;
    const d = app.deployments.find((x) =>
      target.stage !== undefined ? x.stage === target.stage : x.env === target.env,
    );
    if (d) out.push({ app, deployment: d });
  }
  return out.sort((a, b) => byteOrder(a.app.name, b.app.name));
}

/**
 * The Flux Kustomization of an app at a stage or env. Under lockdown it runs as the
 * tenant's service account, reads only the `platter` source of its own namespace,
 * and waits for the runtime components the app needs (in flux-system).
 */
export function appKustomization(fleet: Fleet, app: App, deployment: Deployment): Record<string, unknown> {
  const target: DeploymentTarget =
    deployment.stage !== undefined ? { stage: deployment.stage } : { env: deployment.env };
  return {
    apiVersion: API.fluxKustomization,
    kind: 'Kustomization',
    metadata: { name: objectNames.appKustomization(app.name), namespace: app.namespace },
    spec: {
      interval: '10m',
      path: `./${layout.appOverlayDir(app.name, target)}`,
      sourceRef: { kind: 'GitRepository', name: objectNames.tenantSource },
      serviceAccountName: fleet.settings.lockdown ? objectNames.tenantServiceAccount(app.tenant) : undefined,
      targetNamespace: app.namespace,
      prune: true,
      wait: true,
      timeout: '5m',
      dependsOn: app.dependsOn.length
        ? [...app.dependsOn]
            .sort()
            .map((svc) => ({ name: objectNames.runtimeKustomization(svc), namespace: 'flux-system' }))
        : undefined,
      postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: objectNames.tenantConfig }] },
    },
  };
}

function renderAppKustomization(ctx: RenderContext, app: App, deployment: Deployment, out: RenderedFiles): void {
  const target: DeploymentTarget =
    deployment.stage !== undefined ? { stage: deployment.stage } : { env: deployment.env };
  const path = layout.tenantAppKustomization(app.tenant, target, app.name);
  // A Crossplane claim in the overlay waits for the stage's cloud-classes install (issue 21).
  const object = withCloudInstallDependency(
    ctx.previous,
    ctx.fleet,
    app,
    deployment,
    appKustomization(ctx.fleet, app, deployment),
  );
  out.set(path, mergeObjectsFile(ctx.previous.read(path), [object]));
}
