import {
  checkCloudClass,
  cloudLayout,
  cloudParameterSchema,
  cloudStagePolicy,
  defaultsOf,
  diagnostic,
  openApiSchemaFindings,
  resolveCloudParameters,
  type CloudClassVersion,
  type Diagnostic,
  type FileTree,
  type Fleet,
} from '@platter/model';
import { parseYamlValues } from '../yaml';
import { offeredPlatforms, renderCloudClasses } from './cloudClassesInstall';
import { cloudResourceObject, readCloudClasses } from './readCloud';

/**
 * `platter validate` on the cloud side of the menu (issue 21): every class file
 * under `cloud/<class>/<version>/class.yaml` is read (InvalidCloudClass when it
 * does not parse or does not fit the CloudResourceClass shape), keeps the rules
 * of a class on its own (checkCloudClass), and fits the files around it:
 *
 * - each stage it lists exists (UnknownStage);
 * - its backend object renders for the values the form offers, per stage;
 * - crossplane: the Composition the claim selects is in the version's
 *   `platform/`, an XRD under `cloud/` offers the claim's group, version and
 *   kind, the claim (the offered values of each stage) fits that XRD's schema,
 *   the Composition composes that XRD, and the XRD publishes the class's outputs;
 * - the versions a stage offers ship no object twice (DuplicateResourceId: the
 *   stage's cloud-classes install builds them together);
 * - each stage's cloud-classes install is what the menu renders (ManagedFileEdited, fixed by `platter render`);
 * - terraform: without a `sourceRef`, the module directory (`backend.path` in
 *   this repository, which the tenant's `platter` GitRepository reaches) holds `.tf` files.
 *
 * Findings name the class file and field (`cloud/s3-bucket/1.0.0/class.yaml#spec.backend.kind`). Pure.
 */
export function checkCloudClasses(tree: FileTree, fleet?: Fleet): Diagnostic[] {
  const { classes, diagnostics } = readCloudClasses(tree);
  const out = [...diagnostics];
  if (!classes.length) return out;
  const platform = platformObjects(tree, out);
  for (const cls of classes) {
    const path = cls.origin?.path ?? cloudLayout.classFile(cls.name, cls.version);
    out.push(...checkCloudClass(cls));
    for (const stage of Object.keys(cls.stages))
      if (fleet && !fleet.stages.some((s) => s.name === stage))
        out.push(
          diagnostic(
            'UnknownStage',
            `class ${cls.name} ${cls.version} lists stage "${stage}", which does not exist (known: ${fleet.stages.map((s) => s.name).join(', ')})`,
            `${path}#spec.stages.${stage}`,
          ),
        );
    const claims = offeredObjects(cls, path, out);
    if (cls.backend.type === 'crossplane') out.push(...checkCrossplane(cls, path, claims, platform));
    else if (!cls.backend.sourceRef) {
      const dir = cls.backend.path.replace(/^\.\//, '').replace(/\/$/, '');
      if (!tree.list(dir).some((p) => p.endsWith('.tf')))
        out.push(
          diagnostic(
            'InvalidCloudClass',
            `the Terraform module ${cls.backend.path} has no .tf files in this repository (the tenant's platter GitRepository reaches only this repository; name another source with backend.sourceRef)`,
            `${path}#spec.backend.path`,
          ),
        );
    }
  }
  out.push(...checkInstalledTogether(classes, tree, platform));
  if (fleet)
    for (const [file, content] of renderCloudClasses(fleet, tree))
      if (content !== (tree.read(file) ?? null))
        out.push(
          diagnostic(
            'ManagedFileEdited',
            content === null
              ? `${file} installs cloud classes its stage no longer offers; run \`platter render\``
              : `${file} is not what the classes on the menu install in its stage (a class version added or removed by hand?); run \`platter render\``,
            file,
          ),
        );
  return out;
}

/**
 * A stage's cloud-classes install builds every offered version's `platform/`
 * together: one object shipped twice (two versions of a class each shipping the
 * same XRD, a cluster-wide singleton) fails that build. DuplicateResourceId on
 * the later version's file: it ships its Composition only, the XRD stays with the
 * version that introduced it (and evolves there) while both are offered.
 */
function checkInstalledTogether(
  classes: readonly CloudClassVersion[],
  tree: FileTree,
  platform: readonly PlatformObject[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  const stages = [...new Set(classes.flatMap((c) => Object.keys(c.stages)))].sort();
  for (const stage of stages) {
    const dirs = offeredPlatforms(classes, tree, stage).map((c) => `${cloudLayout.platformDir(c.name, c.version)}/`);
    const first = new Map<string, string>();
    for (const { file, object: o } of platform) {
      if (!dirs.some((d) => file.startsWith(d))) continue;
      const key = `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, file);
      else if (!reported.has(`${file}\0${key}`)) {
        reported.add(`${file}\0${key}`);
        out.push(
          diagnostic(
            'DuplicateResourceId',
            `${o.kind} ${o.metadata?.name} is shipped by ${earlier} too; stage ${stage} installs both versions together, ` +
              `which kustomize refuses: ship it once (the version that introduced it keeps it; a later version ships its Composition)`,
            file,
          ),
        );
      }
    }
  }
  return out;
}

interface PlatformObject {
  readonly file: string;
  readonly object: any;
}

/** The objects of every class version's `platform/` (the XRDs and Compositions the platform installs). */
function platformObjects(tree: FileTree, out: Diagnostic[]): PlatformObject[] {
  const objects: PlatformObject[] = [];
  for (const name of tree.dirs(cloudLayout.dir))
    for (const version of tree.dirs(cloudLayout.classDir(name)))
      for (const file of tree.list(cloudLayout.platformDir(name, version))) {
        if (!/\.ya?ml$/.test(file) || /(^|\/)kustomization\.ya?ml$/.test(file)) continue;
        try {
          for (const object of parseYamlValues(tree.read(file) ?? ''))
            if (object && typeof object === 'object') objects.push({ file, object });
        } catch (e) {
          out.push(diagnostic('InvalidCloudClass', `${file}: ${(e as Error).message}`, file));
        }
      }
  return objects;
}

/** The backend object of each stage the class lists (the form's offered values), or of its defaults without any. */
function offeredObjects(cls: CloudClassVersion, path: string, out: Diagnostic[]): Map<string, any> {
  const probe = { name: 'probe', namespace: 'probe' };
  const objects = new Map<string, any>();
  for (const stage of Object.keys(cls.stages).length ? Object.keys(cls.stages) : ['']) {
    // The planner's own path: the values resolved (defaults applied), then the object.
    const { values, diagnostics } = resolveCloudParameters(cls, stage, defaultsOf(cloudParameterSchema(cls, stage)));
    if (diagnostics.length) continue; // checkCloudClass reports values a stage refuses
    try {
      objects.set(stage, cloudResourceObject(cls, probe, 'probe', values, cloudStagePolicy(cls, stage).deletionPolicy));
    } catch (e) {
      out.push(
        diagnostic(
          'InvalidCloudClass',
          `the backend object does not render: ${(e as Error).message}`,
          `${path}#spec.backend`,
        ),
      );
    }
  }
  return objects;
}

function checkCrossplane(
  cls: CloudClassVersion,
  path: string,
  claims: ReadonlyMap<string, any>,
  platform: readonly PlatformObject[],
): Diagnostic[] {
  if (cls.backend.type !== 'crossplane') return [];
  const b = cls.backend;
  const out: Diagnostic[] = [];
  const own = cloudLayout.platformDir(cls.name, cls.version);
  const [group, version] = b.apiVersion.split('/');
  const xrd = platform.find(
    ({ object: o }) =>
      o.kind === 'CompositeResourceDefinition' &&
      o.spec?.group === group &&
      o.spec?.claimNames?.kind === b.kind &&
      (o.spec?.versions ?? []).some((v: any) => v?.name === version),
  );
  if (!xrd)
    out.push(
      diagnostic(
        'InvalidCloudClass',
        `no CompositeResourceDefinition under ${cloudLayout.dir}/*/*/platform offers claims of kind ${b.kind} in ${b.apiVersion}: ship it in ${own}/`,
        `${path}#spec.backend`,
      ),
    );
  const composition = platform.find(
    ({ file, object: o }) =>
      file.startsWith(`${own}/`) && o.kind === 'Composition' && o.metadata?.name === b.compositionRef,
  );
  if (!composition)
    out.push(
      diagnostic(
        'InvalidCloudClass',
        `the Composition ${b.compositionRef} the claim selects is not in ${own}/ (a class version ships its Composition)`,
        `${path}#spec.backend.compositionRef`,
      ),
    );
  if (!xrd) return out;
  const x = xrd.object;
  if (composition) {
    const ref = composition.object.spec?.compositeTypeRef;
    if (ref?.apiVersion !== b.apiVersion || ref?.kind !== x.spec?.names?.kind)
      out.push(
        diagnostic(
          'InvalidCloudClass',
          `Composition ${b.compositionRef} composes ${ref?.kind ?? '?'} ${ref?.apiVersion ?? '?'}, not the XRD's ${x.spec?.names?.kind} ${b.apiVersion}`,
          composition.file,
        ),
      );
  }
  const keys: unknown = x.spec?.connectionSecretKeys;
  if (Array.isArray(keys)) {
    const missing = cls.outputs.filter((o) => !keys.includes(o));
    if (missing.length)
      out.push(
        diagnostic(
          'InvalidCloudClass',
          `outputs ${missing.join(', ')} are not among the connection Secret keys XRD ${x.metadata?.name} publishes (${keys.join(', ')})`,
          `${path}#spec.outputs`,
        ),
      );
  }
  const schema = (x.spec?.versions ?? []).find((v: any) => v?.name === version)?.schema?.openAPIV3Schema;
  if (schema && typeof schema === 'object')
    for (const [stage, claim] of claims)
      for (const finding of openApiSchemaFindings(schema, claim))
        out.push(
          diagnostic(
            'InvalidCloudClass',
            `the claim${stage ? ` in stage ${stage}` : ''} does not fit XRD ${x.metadata?.name} ${version}: ${finding}`,
            `${path}#spec.parameters`,
          ),
        );
  return out;
}
