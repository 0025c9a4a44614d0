import {
  cloudLayout,
  layout,
  objectNames,
  relativePath,
  type CloudClassVersion,
  type FileTree,
  type Fleet,
  type Stage,
} from '@platter/model';
import { API } from '../render/objects';
import type { RenderContext, RenderedFiles } from '../render/context';
import { sharedList } from '../render/lists';
import { mergeObjectsFile, mergeSingleDocumentFile } from '../yaml';
import { readCloudClasses } from './readCloud';

/**
 * Installs the platform side of the cloud classes a stage offers (issue 21) on
 * the stage's clusters, the way a stage runs a runtime component: a Flux
 * Kustomization `cloud-classes` (flux-system) in `stages/<stage>/cloud-classes.yaml`,
 * listed in the stage Component every env of the stage includes, building
 * `stages/<stage>/cloud-classes/`: a kustomization whose `resources` are the
 * `cloud/<class>/<version>/platform` directories of each class version that
 * lists the stage (a Crossplane class's CompositeResourceDefinition and
 * Composition; anything else a class version's platform needs, e.g. a Flux source
 * of a Terraform module, goes there too). A version stays installed while it is
 * listed, deprecated or sunset: claims of it may still exist.
 *
 * It waits for the controllers the stage runs (dependsOn `runtime-crossplane`,
 * `runtime-tf-controller`: an XRD needs Crossplane's CRDs). It never prunes:
 * deleting an XRD makes Crossplane delete every claim of it and their cloud
 * resources, so a version that leaves the stage leaves its objects on the
 * clusters for the platform team to remove once no claim uses them.
 *
 * A stage that offers no class with a `platform/` gets nothing (and loses the
 * files and the Component entry it had). While a class file does not parse,
 * nothing changes. Touches those three paths only; the rest
 * of the stage Component's `resources` keeps its place.
 */
export function renderStageCloudClasses(ctx: RenderContext, stage: Stage, out: RenderedFiles): void {
  for (const [path, content] of cloudClassesFiles(ctx.fleet, ctx.previous, stage, out)) out.set(path, content);
}

/** The same for every stage of `fleet`, onto `tree` (what `menu add-class` and the example write). */
export function renderCloudClasses(fleet: Fleet, tree: FileTree): RenderedFiles {
  const out: RenderedFiles = new Map();
  for (const stage of fleet.stages) renderStageCloudClasses({ fleet, previous: tree }, stage, out);
  return out;
}

/** The class versions whose platform side a stage installs: those listing it that ship a `platform/`. */
export function offeredPlatforms(classes: readonly CloudClassVersion[], tree: FileTree, stage: string) {
  return classes.filter(
    (c) => c.stages[stage] !== undefined && tree.list(cloudLayout.platformDir(c.name, c.version)).length > 0,
  );
}

function cloudClassesFiles(fleet: Fleet, tree: FileTree, stage: Stage, rendered: RenderedFiles): RenderedFiles {
  const files: RenderedFiles = new Map();
  const flux = cloudLayout.stageInstall(stage.name);
  const dir = cloudLayout.stageInstallDir(stage.name);
  const list = `${dir}/kustomization.yaml`;
  const component = layout.stageKustomization(stage.name);
  // The stage Component as renderStage just wrote it, if it did.
  const current = rendered.has(component) ? (rendered.get(component) ?? undefined) : tree.read(component);
  const isEntry = (e: unknown) => e === cloudLayout.stageInstallEntry;
  const { classes, diagnostics } = readCloudClasses(tree);
  // A class file that does not parse (platter validate names it) leaves every install as it is:
  // reading it as absent would uninstall what its version offers.
  if (diagnostics.length) return files;
  const offered = offeredPlatforms(classes, tree, stage.name);

  if (!offered.length) {
    if (tree.read(flux) !== undefined) files.set(flux, null);
    if (tree.read(list) !== undefined) files.set(list, null);
    if (current !== undefined)
      files.set(component, mergeSingleDocumentFile(current, { resources: sharedList([], isEntry) }));
    return files;
  }
  const platforms = offered.map((c) => relativePath(dir, cloudLayout.platformDir(c.name, c.version)));
  const isPlatform = (e: unknown) => typeof e === 'string' && /^(\.\.\/)+cloud\/[^/]+\/[^/]+\/platform$/.test(e);
  files.set(
    list,
    mergeSingleDocumentFile(tree.read(list), {
      apiVersion: API.kustomization,
      kind: 'Kustomization',
      resources: sharedList(platforms, isPlatform),
    }),
  );
  files.set(flux, mergeObjectsFile(tree.read(flux), [installKustomization(fleet, stage, offered)]));
  if (current !== undefined)
    files.set(
      component,
      mergeSingleDocumentFile(current, { resources: sharedList([cloudLayout.stageInstallEntry], isEntry) }),
    );
  return files;
}

function installKustomization(fleet: Fleet, stage: Stage, offered: readonly CloudClassVersion[]) {
  const backends = new Set(offered.map((c) => c.backend.type));
  const controllers = [...backends]
    .map((b) => cloudLayout.controllers[b])
    .filter((svc) => stage.components.some((c) => c.service === svc))
    .sort();
  return {
    apiVersion: API.fluxKustomization,
    kind: 'Kustomization',
    metadata: { name: cloudLayout.installName, namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path: `./${cloudLayout.stageInstallDir(stage.name)}`,
      dependsOn: controllers.length
        ? controllers.map((svc) => ({ name: objectNames.runtimeKustomization(svc) }))
        : undefined,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      serviceAccountName: fleet.settings.lockdown ? 'kustomize-controller' : undefined,
      // Never prune: an XRD deleted takes every claim's cloud resources with it (see the module comment).
      prune: false,
      wait: true,
      timeout: '5m',
    },
  };
}
