import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { canonicalJson, resolveRelative } from '@platter/model';
import { isRecord } from './manifests';

/**
 * What kustomize-controller does to the directory at `spec.path` before it runs
 * `kustomize build` (fluxcd/pkg kustomize/kustomize_generator.go, `GenerateManifest`
 * and `findOrGenerateKustomization`; called from kustomize-controller
 * internal/controller/kustomization_controller.go `generate`), as pure functions:
 *
 * - A directory with `kustomization.yaml`, `kustomization.yml` or `Kustomization`
 *   (that order) keeps it, and Flux rewrites that same file. If it has no
 *   `resources`, Flux sets `buildMetadata: [originAnnotations]` (to dodge
 *   "kustomization.yaml is empty").
 * - A directory without one gets a generated `kustomization.yaml` listing, in walk
 *   order, every `*.yaml`/`*.yml` file below it (recursively) and every
 *   sub-directory that has a kustomization file (not descended into); with nothing
 *   to list it gets `namespace: _placeholder`.
 * - Then: `spec.targetNamespace` -> `namespace`, `spec.namePrefix`/`nameSuffix`
 *   replace the file's, `spec.patches` are APPENDED to `patches` (only `patch` and
 *   `target` are kept), `spec.components` are APPENDED to `components` (each must be
 *   a local relative path; missing ones are dropped when `ignoreMissingComponents`),
 *   `spec.images` are merged by name (newName kept unless given; tag and digest
 *   replaced together), `spec.buildMetadata` replaces the file's.
 *
 * Not emulated: `patchesStrategicMerge`/`patchesJson6902` (not in the v1 API),
 * decryption of SOPS env sources (Platter's are Secrets, never generator sources).
 * Deliberately stricter than Flux: Flux re-marshals the file through a Go struct and
 * so silently drops unknown fields; we keep them, so `kubectl kustomize` rejects them.
 */

/** Recognized kustomization file names, in the order kustomize (and Flux) looks for them: the model's one list. */
export { KUSTOMIZATION_FILE_NAMES } from '@platter/model';

export interface FluxPatch {
  readonly patch: string;
  readonly target?: Readonly<Record<string, string>>;
}

export interface FluxImage {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/** The fields of a Flux Kustomization's spec that shape what it builds. */
export interface FluxBuildSpec {
  /** spec.path as a repository directory ('' is the root). */
  readonly path: string;
  readonly components: readonly string[];
  readonly ignoreMissingComponents: boolean;
  readonly patches: readonly FluxPatch[];
  readonly images: readonly FluxImage[];
  readonly targetNamespace?: string;
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  readonly buildMetadata: readonly string[];
}

const SELECTOR_FIELDS = [
  'group',
  'version',
  'kind',
  'name',
  'namespace',
  'labelSelector',
  'annotationSelector',
] as const;
const IMAGE_FIELDS = ['newName', 'newTag', 'digest'] as const;

/**
 * Reads the build-shaping fields of a Flux Kustomization's `spec`. Returns a problem
 * (a sentence) instead when a field has the wrong shape or `spec.path` leaves the
 * repository.
 */
export function readFluxBuildSpec(spec: unknown): { spec: FluxBuildSpec } | { problem: string; pathEscape?: true } {
  if (!isRecord(spec)) return { problem: 'has no spec' };
  const rawPath = spec.path ?? '';
  if (typeof rawPath !== 'string') return { problem: 'spec.path is not a string' };
  const path = normalizeSpecPath(rawPath);
  if (path === undefined)
    return { problem: `spec.path "${rawPath}" climbs above the repository root`, pathEscape: true };

  const strings = (field: string): string[] | string => {
    const v = spec[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return `spec.${field} is not a list of strings`;
    return v as string[];
  };
  const optionalString = (field: string): string | undefined | { bad: string } => {
    const v = spec[field];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : { bad: `spec.${field} is not a string` };
  };

  const components = strings('components');
  if (typeof components === 'string') return { problem: components };
  const buildMetadata = strings('buildMetadata');
  if (typeof buildMetadata === 'string') return { problem: buildMetadata };

  const patches: FluxPatch[] = [];
  for (const [i, p] of asList(spec.patches).entries()) {
    if (!isRecord(p) || typeof p.patch !== 'string') return { problem: `spec.patches[${i}] has no patch string` };
    const target = isRecord(p.target)
      ? Object.fromEntries(
          SELECTOR_FIELDS.filter((f) => typeof p.target[f] === 'string' && p.target[f] !== '').map((f) => [
            f,
            p.target[f] as string,
          ]),
        )
      : undefined;
    patches.push({ patch: p.patch, ...(target ? { target } : {}) });
  }

  const images: FluxImage[] = [];
  for (const [i, im] of asList(spec.images).entries()) {
    if (!isRecord(im) || typeof im.name !== 'string') return { problem: `spec.images[${i}] has no name` };
    const image: Record<string, string> = { name: im.name };
    for (const f of IMAGE_FIELDS) if (typeof im[f] === 'string' && im[f] !== '') image[f] = im[f];
    images.push(image as unknown as FluxImage);
  }

  const out: Record<string, unknown> = {
    path,
    components,
    ignoreMissingComponents: spec.ignoreMissingComponents === true,
    patches,
    images,
    buildMetadata,
  };
  for (const field of ['targetNamespace', 'namePrefix', 'nameSuffix'] as const) {
    const v = optionalString(field);
    if (typeof v === 'object') return { problem: v.bad };
    if (v !== undefined) out[field] = v;
  }
  return { spec: out as unknown as FluxBuildSpec };
}

/**
 * spec.path as a repository directory: Flux joins it under the artifact root
 * (`securejoin.SecureJoin`), so a leading `/` or `./` means the root. Undefined when
 * `..` climbs above the root (SecureJoin would clamp it there; that is never meant).
 */
export function normalizeSpecPath(path: string): string | undefined {
  return resolveRelative('', path);
}

/** True when Flux would change the kustomization at spec.path (anything beyond `path`). */
export function hasFluxOverlay(spec: FluxBuildSpec): boolean {
  return (
    spec.components.length > 0 ||
    spec.patches.length > 0 ||
    spec.images.length > 0 ||
    spec.buildMetadata.length > 0 ||
    spec.targetNamespace !== undefined ||
    spec.namePrefix !== undefined ||
    spec.nameSuffix !== undefined
  );
}

/**
 * A canonical key of what a Flux Kustomization builds: equal keys build identical
 * output, whatever env or object they come from. Object keys are sorted; list order
 * is kept (component and patch order carries meaning).
 */
export function fluxBuildKey(spec: FluxBuildSpec): string {
  return `flux:${canonicalJson(spec)}`;
}

/** Flux's `IsLocalRelativePath` (kustomize_generator.go): no remote URL, not absolute. */
export function isLocalRelativePath(path: string): boolean {
  const lower = path.toLowerCase();
  for (const p of ['git::', 'gh:', 'ssh://', 'https://', 'http://', 'git@', 'github.com:', 'github.com/']) {
    if (p.length < path.length && lower.startsWith(p)) return false;
  }
  return !path.startsWith('/') && !lower.replace(/^file:\/\//, '').startsWith('/');
}

/** The kustomization Flux generates for a directory without one, from its scanned entries (`./a.yaml`, `./sub`). */
export function generateKustomization(resources: readonly string[]): string {
  const kus: Record<string, unknown> = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };
  if (resources.length) kus.resources = [...resources];
  else kus.namespace = '_placeholder';
  return new Document(kus).toString();
}

export interface FluxKustomizationInput {
  /** The directory's kustomization file, when it has one; otherwise generated from `generated`. */
  readonly existing?: string;
  /** Entries Flux's scan found (used when there is no existing file). */
  readonly generated?: readonly string[];
  /** Whether a component path (relative to spec.path) exists; for `ignoreMissingComponents`. */
  readonly componentExists?: (component: string) => boolean;
}

/**
 * The kustomization file content Flux builds at spec.path. Throws an Error with
 * Flux's reason when Flux would refuse (a remote or absolute component path).
 */
export function renderFluxKustomization(input: FluxKustomizationInput, spec: FluxBuildSpec): string {
  const created = input.existing === undefined;
  const doc: Document = parseDocument(created ? generateKustomization(input.generated ?? []) : input.existing!);
  if (doc.errors.length) throw new Error(`cannot parse the kustomization: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  const map = doc.contents as YAMLMap;

  const list = (key: string): YAMLSeq => {
    const current = map.get(key, true);
    if (isSeq(current)) return current;
    const seq = doc.createNode([]) as YAMLSeq;
    map.set(key, seq);
    return seq;
  };

  if (!created) {
    const resources = map.get('resources', true);
    if (!isSeq(resources) || resources.items.length === 0)
      map.set('buildMetadata', doc.createNode(['originAnnotations']));
  }
  if (spec.targetNamespace !== undefined) map.set('namespace', spec.targetNamespace);
  if (spec.namePrefix !== undefined) map.set('namePrefix', spec.namePrefix);
  if (spec.nameSuffix !== undefined) map.set('nameSuffix', spec.nameSuffix);
  for (const p of spec.patches) list('patches').add(doc.createNode(p));

  for (const component of spec.components) {
    if (!isLocalRelativePath(component)) throw new Error(`component path '${component}' must be local and relative`);
    if (spec.ignoreMissingComponents && input.componentExists && !input.componentExists(component)) continue;
    list('components').add(doc.createNode(component));
  }

  if (spec.images.length) {
    const images = list('images');
    for (const image of spec.images) {
      const existing = images.items.find((item) => isMap(item) && item.get('name') === image.name) as
        YAMLMap | undefined;
      if (!existing) {
        images.add(doc.createNode(image));
        continue;
      }
      if (image.newName) existing.set('newName', image.newName);
      if (image.newTag || image.digest) {
        // Tag and digest select the version together: setting one clears the other.
        for (const [k, v] of [
          ['newTag', image.newTag],
          ['digest', image.digest],
        ] as const) {
          if (v) existing.set(k, v);
          else existing.delete(k);
        }
      }
    }
  }
  if (spec.buildMetadata.length) map.set('buildMetadata', doc.createNode([...spec.buildMetadata]));
  return doc.toString();
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
