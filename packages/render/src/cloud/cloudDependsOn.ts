import {
  CLOUD_LABELS,
  cloudLayout,
  layout,
  type App,
  type Deployment,
  type DeploymentTarget,
  type FileTree,
  type Fleet,
} from '@platter/model';
import { applyFileEdit } from '../yaml/edit';
import { mergeObjectsFile, parseYamlValues } from '../yaml';
import { renderIndex } from '../render/context';

/**
 * The order on a cluster between a tenant's claims and the platform's XRDs
 * (issue 21): an app's Flux Kustomization at a stage or env whose overlay holds
 * a Crossplane claim waits for its stage's `cloud-classes` install
 * (`dependsOn: cloud-classes` in flux-system, next to the runtime components it
 * waits for), so the claim is applied once its XRD is established instead of
 * failing until Flux retries. A Terraform object needs no XRD; a stage without
 * an install gets no dependency (nothing would ever be ready).
 *
 * Render adds it to the app's Kustomization (renderTenant, one hook) reading
 * the overlay's files; AddCloudResource and RemoveCloudResource, which change
 * those files, change the Kustomization with them (cloudDependsOnEdit).
 */
export function withCloudInstallDependency(
  tree: FileTree,
  fleet: Fleet,
  app: Pick<App, 'name'>,
  deployment: Deployment,
  object: Record<string, unknown>,
  change?: OverlayChange,
): Record<string, unknown> {
  const target = targetOf(deployment);
  if (!waitsForInstall(tree, fleet, app, target, change)) return object;
  const spec = (object['spec'] ?? {}) as Record<string, unknown>;
  const dependsOn = Array.isArray(spec['dependsOn']) ? spec['dependsOn'] : [];
  return {
    ...object,
    spec: { ...spec, dependsOn: [...dependsOn, { name: cloudLayout.installName, namespace: 'flux-system' }] },
  };
}

/** A planner's view of its own change to the overlay: this file is (not) a Crossplane claim after it. */
export interface OverlayChange {
  readonly path: string;
  readonly claim: boolean;
}

/**
 * The app Kustomization file as a planner's change to the overlay leaves it:
 * only the dependency changes (applyFileEdit: a person's edits of other fields
 * stay). Undefined when nothing changes.
 */
export function cloudDependsOnEdit(
  tree: FileTree,
  fleet: Fleet,
  app: App,
  target: DeploymentTarget,
  desired: (deployment: Deployment) => Record<string, unknown>,
  change: OverlayChange,
): { path: string; after: string } | undefined {
  const deployment = app.deployments.find((d) =>
    target.stage !== undefined ? d.stage === target.stage : d.env === target.env,
  );
  if (!deployment) return undefined;
  const path = layout.tenantAppKustomization(app.tenant, targetOf(deployment), app.name);
  const current = tree.read(path);
  if (current === undefined) return undefined;
  const object = desired(deployment);
  const base = mergeObjectsFile(current, [withCloudInstallDependency(tree, fleet, app, deployment, object)]);
  const after = mergeObjectsFile(current, [withCloudInstallDependency(tree, fleet, app, deployment, object, change)]);
  const edited = applyFileEdit(current, base, after);
  return edited === current ? undefined : { path, after: edited };
}

const targetOf = (d: Deployment): DeploymentTarget => (d.stage !== undefined ? { stage: d.stage } : { env: d.env! });

function waitsForInstall(
  tree: FileTree,
  fleet: Fleet,
  app: Pick<App, 'name'>,
  target: DeploymentTarget,
  change: OverlayChange | undefined,
): boolean {
  // The render's index of the model: a lookup per app deployment, not a scan of every env (issue 17).
  const stage = target.stage ?? renderIndex(fleet).environments.get(target.env!)?.stage;
  if (stage === undefined || tree.read(cloudLayout.stageInstall(stage)) === undefined) return false;
  const dir = `${layout.appOverlayDir(app.name, target)}/cloud`;
  const files = new Set(tree.list(dir).filter((p) => p.endsWith('.yaml') && !p.slice(dir.length + 1).includes('/')));
  if (change?.claim) return true;
  if (change) files.delete(change.path);
  return [...files].some((p) => isClaim(tree.read(p)));
}

/** A Crossplane claim Platter wrote: a labelled cloud resource that is not a Terraform object. */
function isClaim(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const obj = parseYamlValues(text)[0] as { kind?: unknown; metadata?: { labels?: Record<string, unknown> } };
    return typeof obj?.metadata?.labels?.[CLOUD_LABELS.class] === 'string' && obj.kind !== 'Terraform';
  } catch {
    return false;
  }
}
