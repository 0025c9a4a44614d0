import {
  CLOUD_LABELS,
  cloudLayout,
  compareVersions,
  diagnostic,
  isValidVersion,
  layout,
  objectNames,
  parseCloudClass,
  targetOf,
  type App,
  type CloudClassVersion,
  type CloudResource,
  type DeletionPolicy,
  type Diagnostic,
  type FileTree,
  type Target,
} from '@platter/model';
import { parseYamlValues } from '../yaml';

/**
 * Reads the cloud side of the menu and of apps (issue 21) straight from the
 * tree: class versions under `cloud/<class>/<version>/class.yaml`, and the
 * resources an app has in its overlays (`cloud/<name>.yaml` there). Pure: a
 * FileTree in, plain data out; a file that does not parse is a finding, never
 * a throw.
 */
export function readCloudClasses(tree: FileTree): { classes: CloudClassVersion[]; diagnostics: Diagnostic[] } {
  const classes: CloudClassVersion[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of tree.dirs(cloudLayout.dir)) {
    for (const version of tree.dirs(cloudLayout.classDir(name))) {
      const path = cloudLayout.classFile(name, version);
      const text = tree.read(path);
      if (text === undefined) continue;
      let values: unknown[];
      try {
        values = parseYamlValues(text);
      } catch (e) {
        diagnostics.push(diagnostic('InvalidCloudClass', `${path}: ${(e as Error).message}`, path));
        continue;
      }
      const parsed = parseCloudClass(values[0], path);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.value) classes.push(parsed.value);
    }
  }
  // By class, then ascending version (as a runtime service's versions are kept).
  classes.sort((a, b) =>
    a.name !== b.name
      ? a.name < b.name
        ? -1
        : 1
      : isValidVersion(a.version) && isValidVersion(b.version)
        ? compareVersions(a.version, b.version)
        : a.version < b.version
          ? -1
          : 1,
  );
  return { classes, diagnostics };
}

/** The version a request means: the one named, else the class's newest stable one. */
export function pickCloudClass(
  classes: readonly CloudClassVersion[],
  name: string,
  version?: string,
): CloudClassVersion | undefined {
  const versions = classes.filter((c) => c.name === name);
  if (version !== undefined) return versions.find((c) => c.version === version);
  const stable = versions.filter((c) => c.lifecycle.status === 'stable');
  return (stable.length ? stable : versions).at(-1);
}

/** The resources an app has, over every overlay it is deployed with, by target then name. */
export function readCloudResources(tree: FileTree, app: App): CloudResource[] {
  const out: CloudResource[] = [];
  for (const d of app.deployments) {
    const target = targetOf(d);
    const dir = `${layout.appOverlayDir(app.name, target)}/cloud`;
    for (const path of tree.list(dir)) {
      if (!path.endsWith('.yaml') || path.slice(dir.length + 1).includes('/')) continue;
      const r = readCloudResource(tree, path, app, target);
      if (r) out.push(r);
    }
  }
  return out;
}

/** One resource file, or undefined when it is not one (no class label). */
export function readCloudResource(tree: FileTree, path: string, app: App, target: Target): CloudResource | undefined {
  const text = tree.read(path);
  if (text === undefined) return undefined;
  let obj: any;
  try {
    obj = parseYamlValues(text)[0];
  } catch {
    return undefined;
  }
  const labels = obj?.metadata?.labels ?? {};
  if (typeof labels[CLOUD_LABELS.class] !== 'string') return undefined;
  const terraform = obj.kind === 'Terraform';
  return {
    name: String(obj.metadata.name),
    app: app.name,
    namespace: String(obj.metadata.namespace ?? app.namespace),
    ...(target.stage !== undefined ? { stage: target.stage } : { env: target.env }),
    class: labels[CLOUD_LABELS.class],
    version: String(labels[CLOUD_LABELS.version] ?? ''),
    backend: terraform ? 'terraform' : 'crossplane',
    connectionSecret: String(
      terraform ? (obj.spec?.writeOutputsToSecret?.name ?? '') : (obj.spec?.writeConnectionSecretToRef?.name ?? ''),
    ),
    deletionPolicy: deletionPolicyOf(obj),
    path,
  };
}

/**
 * The policy the object has, read from the field the backend acts on (a
 * person's edit of it counts): Terraform's `destroyResourcesOnDeletion`, the
 * claim's `spec.parameters.deletionPolicy` (which the platform's Composition
 * patches onto its managed resources). Anything else is Orphan, which loses nothing.
 */
export function deletionPolicyOf(obj: any): DeletionPolicy {
  if (obj?.kind === 'Terraform') return obj.spec?.destroyResourcesOnDeletion === true ? 'Delete' : 'Orphan';
  return obj?.spec?.parameters?.deletionPolicy === 'Delete' ? 'Delete' : 'Orphan';
}

/**
 * The object of a resource: a Crossplane claim or a tf-controller Terraform,
 * in the app's namespace, labelled with its class and version, writing its
 * outputs to `<name>-connection`. Plain data; render's YAML module writes it.
 */
export function cloudResourceObject(
  cls: CloudClassVersion,
  app: Pick<App, 'name' | 'namespace'>,
  name: string,
  parameters: Readonly<Record<string, unknown>>,
  deletionPolicy: DeletionPolicy,
): Record<string, unknown> {
  const metadata = {
    name,
    namespace: app.namespace,
    labels: { [CLOUD_LABELS.app]: app.name, [CLOUD_LABELS.class]: cls.name, [CLOUD_LABELS.version]: cls.version },
  };
  const secret = cloudLayout.connectionSecret(name);
  const b = cls.backend;
  if (b.type === 'crossplane')
    return {
      apiVersion: b.apiVersion,
      kind: b.kind,
      metadata,
      spec: {
        parameters: { ...parameters, deletionPolicy },
        compositionRef: { name: b.compositionRef },
        writeConnectionSecretToRef: { name: secret },
      },
    };
  return {
    apiVersion: 'infra.contrib.fluxcd.io/v1alpha2',
    kind: 'Terraform',
    metadata,
    spec: {
      interval: b.interval,
      approvePlan: 'auto',
      path: b.path,
      sourceRef: b.sourceRef ?? { kind: 'GitRepository', name: objectNames.tenantSource },
      vars: Object.entries(parameters).map(([k, value]) => ({ name: k, value })),
      writeOutputsToSecret: { name: secret, outputs: [...cls.outputs] },
      destroyResourcesOnDeletion: deletionPolicy === 'Delete',
    },
  };
}
