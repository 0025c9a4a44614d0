import { byteOrder, diagnostic, RequestRejected, type Diagnostic, type ResourceRef } from '@platter/model';
import { hasPlaintextValues } from '../parse/sops';
import { namespaceObject, API } from '../render/objects';
import { credentialsSecretFor } from '../render/renderMenu';
import { parseYamlValues, toYaml, YamlSyntaxError } from '../yaml';

/**
 * The files of a plain-manifest component version (`source: manifests`), made
 * from what a request brings (AddRuntimeService, ReleaseComponentVersion): the
 * `_base` manifests and one directory per addon. Kustomize's own conventions:
 *
 * - `_base/`: the manifests as given. Without a `kustomization.yaml`, Platter
 *   writes one listing every file (in path order) plus, when no file declares
 *   them, `namespace.yaml` (the component's Namespace, never pruned) and
 *   `credentials.yaml` (the `requires.secrets` keys as `${KEY}` substitutions).
 *   A `kustomization.yaml` that is given is kept as written (a Kustomization).
 * - `<addon>/`: a Kustomize Component. Without a `kustomization.yaml`, every
 *   file is a patch on `_base` (`kind: Component`, `patches: [{path}]`); a given
 *   one must be `kind: Component`.
 *
 * Refuses (InvalidRequest, naming the file): unsafe paths (absolute, `..`,
 * backslashes), files that are not YAML, YAML that is not Kubernetes objects
 * (every document a mapping with apiVersion, kind and metadata.name; addon
 * patches may also be JSON6902 lists), a `_base` without any object; and
 * PlaintextSecret: a Secret whose values are not `${KEY}` substitutions
 * (secret material belongs in each env's SOPS-encrypted Secret, never in the menu).
 */

export interface ManifestAddonInput {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
}

export interface ManifestComponentInput {
  readonly service: string;
  readonly namespace: string;
  readonly secrets: readonly string[];
  /** `_base` files by path relative to `_base`. */
  readonly base: Readonly<Record<string, string>>;
  readonly addons: readonly ManifestAddonInput[];
  /** The request field the base files came from, for diagnostics (`manifests`). */
  readonly field: string;
  /** The request field the addons came from (`addons`, `addAddons`). */
  readonly addonsField: string;
}

export interface ManifestComponentFiles {
  /** Every file of the version directory but component.yaml, by path relative to it, in path order. */
  readonly files: Record<string, string>;
  /** The objects each addon's patches change, for component.yaml's `patchTargets`. */
  readonly patchTargets: Readonly<Record<string, readonly ResourceRef[]>>;
}

type Obj = Record<string, any>;

const YAML_FILE = /\.ya?ml$/;

/** The version directory's files for a plain-manifest component; throws RequestRejected with every finding. */
export function manifestComponentFiles(input: ManifestComponentInput): ManifestComponentFiles {
  const found: Diagnostic[] = [];
  const files: Record<string, string> = {};
  const base = checkDirectory(input.base, 'base', input.field, found);
  const baseObjects = base.flatMap((f) => f.objects);
  if (base.length > 0 && !baseObjects.length)
    found.push(
      diagnostic(
        'InvalidManifest',
        `${input.service}: the manifests hold no Kubernetes object (every file is empty or a kustomization)`,
        input.field,
      ),
    );
  if (Object.keys(input.base).length === 0)
    found.push(
      diagnostic(
        'InvalidManifest',
        `${input.service}: no manifests given: a component of plain manifests needs at least one YAML file`,
        input.field,
      ),
    );
  for (const f of base) files[`_base/${f.path}`] = f.text;
  if (input.base['kustomization.yaml'] === undefined && base.length) {
    const declares = (kind: string, name: string) => baseObjects.some((o) => o.kind === kind && o.name === name);
    const extra: [string, unknown][] = [];
    if (!declares('Namespace', input.namespace)) extra.push(['namespace.yaml', namespaceObject(input.namespace)]);
    if (input.secrets.length && !declares('Secret', `${input.service}-credentials`))
      extra.push(['credentials.yaml', credentialsSecretFor(input.service, input.namespace, input.secrets)]);
    for (const [name, object] of extra) {
      if (input.base[name] !== undefined) {
        found.push(
          diagnostic(
            'InvalidRequest',
            `${input.service}: ${name} is where Platter writes ${(object as Obj).kind} ${(object as Obj).metadata.name}, but the manifests have a ${name} without it: rename the file or add a kustomization.yaml`,
            `${input.field}.${name}`,
          ),
        );
        continue;
      }
      files[`_base/${name}`] = toYaml(object);
    }
    const resources = [...base.map((f) => f.path), ...extra.map(([n]) => n)].sort(byteOrder);
    files['_base/kustomization.yaml'] = toYaml({ apiVersion: API.kustomization, kind: 'Kustomization', resources });
  }

  const patchTargets: Record<string, ResourceRef[]> = {};
  for (const addon of input.addons) {
    const where = `${input.addonsField}.${addon.name}`;
    const checked = checkDirectory(addon.files, 'addon', where, found);
    if (!checked.length && !Object.keys(addon.files).length)
      found.push(diagnostic('InvalidManifest', `addon "${addon.name}": no manifests given`, where));
    for (const f of checked) files[`${addon.name}/${f.path}`] = f.text;
    const given = checked.find((f) => f.path === 'kustomization.yaml');
    let k: Obj;
    if (given) {
      k = (given.docs[0] ?? {}) as Obj;
    } else {
      k = {
        apiVersion: API.component,
        kind: 'Component',
        patches: checked.map((f) => ({ path: f.path })),
      };
      if (checked.length) files[`${addon.name}/kustomization.yaml`] = toYaml(k);
    }
    if (k.kind !== 'Component')
      found.push(
        diagnostic(
          'KustomizationUnderComponents',
          `addon "${addon.name}": its kustomization.yaml must be a Kustomize Component (kind: Component, apiVersion ${API.component}), not ${JSON.stringify(k.kind)}`,
          `${where}.kustomization.yaml`,
        ),
      );
    patchTargets[addon.name] = targetsOf(k, checked);
  }
  if (found.length) throw new RequestRejected(found);
  const sorted: Record<string, string> = {};
  for (const p of Object.keys(files).sort(byteOrder)) sorted[p] = files[p]!;
  return { files: sorted, patchTargets };
}

interface CheckedFile {
  readonly path: string;
  readonly text: string;
  readonly docs: readonly unknown[];
  /** Kubernetes objects (kustomization files aside). */
  readonly objects: readonly ResourceRef[];
}

/** Checks one directory's files (paths, YAML, Kubernetes shape, secrets); returns the good ones in path order. */
function checkDirectory(
  given: Readonly<Record<string, string>>,
  role: 'base' | 'addon',
  field: string,
  found: Diagnostic[],
): CheckedFile[] {
  const out: CheckedFile[] = [];
  for (const path of Object.keys(given).sort(byteOrder)) {
    const where = `${field}.${path}`;
    const problem = pathProblem(path);
    if (problem) {
      found.push(diagnostic('PathEscape', `${JSON.stringify(path)} ${problem}`, where));
      continue;
    }
    if (!YAML_FILE.test(path)) {
      found.push(
        diagnostic('InvalidManifest', `${path} is not a YAML file: give only *.yaml / *.yml manifests`, where),
      );
      continue;
    }
    const text = given[path]!;
    let docs: unknown[];
    try {
      docs = parseYamlValues(text).filter((d) => d !== null && d !== undefined);
    } catch (e) {
      if (!(e instanceof YamlSyntaxError)) throw e;
      found.push(diagnostic('InvalidManifest', `${path} is not valid YAML: ${e.message}`, where));
      continue;
    }
    const isKustomization = /(^|\/)kustomization\.ya?ml$/.test(path);
    const objects: ResourceRef[] = [];
    let bad = false;
    for (const [i, doc] of docs.entries()) {
      if (isKustomization) break;
      // A JSON6902 patch (a list of operations) is a file an addon's kustomization points at.
      if (role === 'addon' && Array.isArray(doc)) continue;
      const o = doc as Obj;
      if (
        typeof o !== 'object' ||
        Array.isArray(o) ||
        typeof o.apiVersion !== 'string' ||
        typeof o.kind !== 'string' ||
        typeof o.metadata?.name !== 'string'
      ) {
        found.push(
          diagnostic(
            'InvalidManifest',
            `${path}${docs.length > 1 ? ` (document ${i + 1})` : ''} is not a Kubernetes object: every document needs apiVersion, kind and metadata.name`,
            where,
          ),
        );
        bad = true;
        continue;
      }
      if (o.kind === 'Secret' && o.apiVersion === 'v1' && hasPlaintextValues(o)) {
        found.push(
          diagnostic(
            'PlaintextSecret',
            `${path}: Secret ${o.metadata.name} carries values in plaintext, which must never reach the repository: declare its keys as requires.secrets (platter menu add --requires-secret KEY) and let each env's SOPS-encrypted Secret runtime-<service> supply them as \${KEY} (platter secret set)`,
            where,
          ),
        );
        bad = true;
        continue;
      }
      objects.push({
        kind: o.kind,
        name: o.metadata.name,
        ...(typeof o.metadata.namespace === 'string' ? { namespace: o.metadata.namespace } : {}),
      });
    }
    if (isKustomization && docs.length !== 1) {
      found.push(diagnostic('InvalidManifest', `${path} must hold exactly one document`, where));
      bad = true;
    }
    if (!bad) out.push({ path, text, docs, objects });
  }
  return out;
}

/** Why a relative path cannot be written under a version directory, or undefined. */
function pathProblem(path: string): string | undefined {
  if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be a relative path';
  if (path.includes('\\')) return 'must use "/" as separator';
  const parts = path.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return 'must not contain "..", "." or empty parts';
  if (path === 'component.yaml') return 'is the name of the version file Platter writes';
  return undefined;
}

/** The objects a Component's patches change: explicit targets, or the kind/name of a patch file's documents. */
function targetsOf(k: Obj, files: readonly CheckedFile[]): ResourceRef[] {
  const out: ResourceRef[] = [];
  const add = (r: ResourceRef) => {
    if (!out.some((x) => x.kind === r.kind && x.name === r.name)) out.push(r);
  };
  for (const p of Array.isArray(k.patches) ? k.patches : []) {
    if (p?.target && typeof p.target.kind === 'string' && typeof p.target.name === 'string') {
      add({ kind: p.target.kind, name: p.target.name });
    } else if (typeof p?.path === 'string') {
      for (const o of files.find((f) => f.path === p.path.replace(/^\.\//, ''))?.objects ?? []) {
        add({ kind: o.kind, name: o.name });
      }
    }
  }
  return out;
}
