import { z } from 'zod/v3';
import { diagnostic, type Diagnostic } from '../errors';
import { parseWithSchema } from '../schemas';
import { layout, type Target } from '../layout';
import type { CloudClassVersion } from './types';

/**
 * Where cloud classes and cloud resources live, and the shape of `class.yaml`.
 * Classes are the platform's (`cloud/`, next to `runtime/`); a resource is the
 * tenant's: one file in its app's overlay (`apps/<app>/<stage>/cloud/<name>.yaml`),
 * listed in that overlay's kustomization.
 */
export const cloudLayout = {
  dir: 'cloud',
  classDir: (cls: string) => `cloud/${cls}`,
  versionDir: (cls: string, version: string) => `cloud/${cls}/${version}`,
  classFile: (cls: string, version: string) => `cloud/${cls}/${version}/class.yaml`,
  /**
   * What the platform installs for a Crossplane class version (a kustomization: its
   * CompositeResourceDefinition and Composition); the stages offering it build it (cloudClassesKustomization).
   */
  platformDir: (cls: string, version: string) => `cloud/${cls}/${version}/platform`,
  /** The stage's Flux Kustomization installing the platform side of the classes it offers, listed in the stage Component. */
  stageInstall: (stage: string) => `${layout.stageDir(stage)}/cloud-classes.yaml`,
  /** Its entry in the stage Component's `resources`. */
  stageInstallEntry: 'cloud-classes.yaml',
  /** The directory that Kustomization builds: a kustomization listing each offered version's `platform/`. */
  stageInstallDir: (stage: string) => `${layout.stageDir(stage)}/cloud-classes`,
  /** The Flux Kustomization's name (flux-system). */
  installName: 'cloud-classes',
  /**
   * The runtime component that runs each backend's controller: when a stage runs it, the
   * install waits for it (dependsOn runtime-<svc>): an XRD needs Crossplane's CRDs first.
   */
  controllers: { crossplane: 'crossplane', terraform: 'tf-controller' },
  /** The kustomization entry of a resource, relative to the overlay. */
  resourceEntry: (name: string) => `cloud/${name}.yaml`,
  resourceFile: (app: string, target: Target, name: string) =>
    `${layout.appOverlayDir(app, target)}/cloud/${name}.yaml`,
  /** The Secret the resource writes its outputs to, in the app's namespace. */
  connectionSecret: (name: string) => `${name}-connection`,
} as const;

/** Labels the object carries so the resource can be read back (class, version) without a model. */
export const CLOUD_LABELS = {
  class: 'platter.dev/cloud-class',
  version: 'platter.dev/cloud-class-version',
  app: 'platter.dev/app',
} as const;

const str = z.string();
const deletionPolicy = z.enum(['Orphan', 'Delete']);

export const cloudClassFileSchema = z.object({
  apiVersion: z.literal('platter.dev/v1alpha1'),
  kind: z.literal('CloudResourceClass'),
  metadata: z.object({ name: str }).passthrough(),
  spec: z
    .object({
      version: str,
      description: str.optional(),
      backend: z.discriminatedUnion('type', [
        z.object({ type: z.literal('crossplane'), apiVersion: str, kind: str, compositionRef: str }).strict(),
        z
          .object({
            type: z.literal('terraform'),
            path: str,
            sourceRef: z.object({ kind: str, name: str }).strict().optional(),
            interval: str.default('10m'),
          })
          .strict(),
      ]),
      parameters: z.record(str, z.unknown()).default({ type: 'object' }),
      stages: z
        .record(
          str,
          z
            .object({
              limits: z.record(str, z.unknown()).optional(),
              review: z.boolean().default(false),
              deletionPolicy: deletionPolicy.default('Orphan'),
            })
            .strict(),
        )
        .default({}),
      outputs: z.array(str).default([]),
      lifecycle: z
        .object({
          status: z.enum(['stable', 'deprecated']).default('stable'),
          // YAML 1.1 reads an unquoted date as a timestamp: accept both (as component.yaml does).
          sunset: z.union([str, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
          message: str.optional(),
        })
        .strict()
        .default({ status: 'stable' }),
    })
    .strict(),
});
export type CloudClassFile = z.input<typeof cloudClassFileSchema>;

/**
 * Reads one `class.yaml` (its parsed YAML value) into a class version.
 * InvalidCloudClass, naming the field, when the file is malformed or does not
 * sit where its name and version say.
 */
export function parseCloudClass(data: unknown, path: string): { value?: CloudClassVersion; diagnostics: Diagnostic[] } {
  const { value, diagnostics } = parseWithSchema(cloudClassFileSchema, data, path, 'InvalidCloudClass');
  if (!value) return { diagnostics };
  const name = value.metadata.name;
  const { version } = value.spec;
  if (path !== cloudLayout.classFile(name, version))
    return {
      diagnostics: [
        diagnostic(
          'InvalidCloudClass',
          `class "${name}" ${version} must live at ${cloudLayout.classFile(name, version)}`,
          path,
        ),
      ],
    };
  if (value.spec.parameters.type !== undefined && value.spec.parameters.type !== 'object')
    return {
      diagnostics: [
        diagnostic(
          'InvalidCloudClass',
          `parameters must be an object schema (type: object)`,
          `${path}#spec.parameters`,
        ),
      ],
    };
  const { spec } = value;
  return {
    value: {
      origin: { path },
      name,
      version,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      backend: spec.backend,
      parameters: spec.parameters,
      stages: spec.stages,
      outputs: spec.outputs,
      lifecycle: {
        status: spec.lifecycle.status,
        ...(spec.lifecycle.sunset !== undefined ? { sunset: spec.lifecycle.sunset } : {}),
        ...(spec.lifecycle.message !== undefined ? { message: spec.lifecycle.message } : {}),
      },
    },
    diagnostics: [],
  };
}
