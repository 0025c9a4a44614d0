import { parseAllDocuments } from 'yaml';

/**
 * The objects of a `kustomize build` output, each with its own YAML text: Flux runs
 * post-build substitution on each object's YAML (`res.AsYAML()`), so variables are
 * scanned per object, in the text kustomize wrote.
 */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, when set. */
  readonly namespace?: string;
  readonly object: Record<string, any>;
  /** The object's YAML as kustomize printed it. */
  readonly text: string;
}

/** Parses multi-document YAML (kustomize output); documents that are not objects are skipped. */
export function parseManifests(output: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(output)) {
    if (doc.errors.length) throw new Error(`cannot parse kustomize output: ${doc.errors[0]!.message}`);
    const object = doc.toJS({ maxAliasCount: -1 }) as unknown;
    if (!isRecord(object)) continue;
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    out.push({
      apiVersion: str(object.apiVersion),
      kind: str(object.kind),
      name: str(metadata.name),
      ...(typeof metadata.namespace === 'string' && metadata.namespace ? { namespace: metadata.namespace } : {}),
      object,
      text: output.slice(doc.range[0], doc.range[2]),
    });
  }
  return out;
}

export const FLUX_KUSTOMIZATION_API = 'kustomize.toolkit.fluxcd.io/v1';
const FLUX_GROUP_SUFFIX = '.toolkit.fluxcd.io';

/** API group of an apiVersion ('' for the core group). */
export const apiGroup = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** A Flux GA Kustomization (kustomize.toolkit.fluxcd.io/v1). */
export const isFluxKustomization = (m: Manifest): boolean =>
  m.apiVersion === FLUX_KUSTOMIZATION_API && m.kind === 'Kustomization';

/**
 * A Flux object: every kind of the `*.toolkit.fluxcd.io` groups (Kustomization,
 * HelmRelease, GitRepository, HelmRepository, OCIRepository, Bucket, HelmChart,
 * notification and image-automation kinds). All of them are namespaced.
 */
export const isFluxObject = (m: Manifest): boolean => apiGroup(m.apiVersion).endsWith(FLUX_GROUP_SUFFIX);

/** `namespace/name` (or `name` when cluster-scoped / unset). */
export const objectRef = (m: Pick<Manifest, 'name' | 'namespace'>): string =>
  m.namespace ? `${m.namespace}/${m.name}` : m.name;

/** `Kind namespace/name`, for messages. */
export const describeObject = (m: Manifest): string => `${m.kind} ${objectRef(m)}`;

export const isRecord = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
