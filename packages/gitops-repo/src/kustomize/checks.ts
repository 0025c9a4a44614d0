import { byteOrder, diagnostic, findCycles, known, type Diagnostic } from '@platter/model';
import { describeObject, isFluxKustomization, isFluxObject, isRecord, objectRef, type Manifest } from './manifests';
import { isValidVariableName, scanVariables, unresolvedVariables, VARIABLE_NAME } from '@platter/model';

/**
 * The checks the oracle runs on build output: rules Flux applies silently, or never.
 * Pure functions over parsed manifests; every finding names the env and the object.
 */

export const FLUX_SYSTEM_NAMESPACE = 'flux-system';
const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';
const MAX_LISTED = 8;

/** A Flux Kustomization, the output Flux builds for it, and the env it lives in. */
export interface SubstitutionContext {
  readonly env: string;
  /** Repository path findings are reported at (the env directory). */
  readonly path: string;
  readonly kustomization: Manifest;
  /** Its build (the Flux way). */
  readonly output: readonly Manifest[];
  /** Objects substituteFrom can find: the env build output. */
  readonly sources: readonly Manifest[];
}

/**
 * Post-build substitution as kustomize-controller runs it (fluxcd/pkg
 * kustomize/kustomize_varsub.go; kustomization_controller.go `build`):
 * - only when `spec.postBuild` is set;
 * - variables: `substituteFrom` ConfigMap `data` / Secret `data`+`stringData` keys,
 *   read from the Kustomization's OWN namespace, later entries winning, then inline
 *   `substitute` (wins); a missing source fails the Kustomization unless `optional`;
 *   every variable name must match {@link VARIABLE_NAME} or the build fails;
 * - with no variable at all, substitution is skipped (strategy `WithVariables`, the
 *   default), so even `${x:=default}` stays literal;
 * - objects labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`
 *   are skipped;
 * - an undefined variable silently becomes "" (non-strict mode): UnresolvedVariable.
 * SOPS-encrypted Secrets are fine: their data keys are plain, only values are ENC[...].
 */
export function checkSubstitution(ctx: SubstitutionContext): Diagnostic[] {
  const ks = ctx.kustomization;
  const postBuild = ks.object.spec?.postBuild;
  if (!isRecord(postBuild)) return [];
  const where = `env ${ctx.env}: Kustomization ${objectRef(ks)}`;
  const out: Diagnostic[] = [];

  const vars = new Map<string, string>(); // name -> where it comes from
  for (const [i, ref] of (Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []).entries()) {
    if (!isRecord(ref) || (ref.kind !== 'ConfigMap' && ref.kind !== 'Secret') || typeof ref.name !== 'string') {
      out.push(
        diagnostic(
          'UnresolvedVariable',
          `${where}: postBuild.substituteFrom[${i}] must name a ConfigMap or a Secret`,
          ctx.path,
        ),
      );
      continue;
    }
    const source = ctx.sources.find(
      (m) => m.apiVersion === 'v1' && m.kind === ref.kind && m.name === ref.name && m.namespace === ks.namespace,
    );
    if (!source) {
      if (ref.optional === true) continue;
      const elsewhere = ctx.sources
        .filter((m) => m.apiVersion === 'v1' && m.kind === ref.kind && m.name === ref.name)
        .map(objectRef);
      out.push(
        diagnostic(
          'UnresolvedVariable',
          `${where}: postBuild.substituteFrom ${ref.kind} ${ks.namespace ?? ''}/${ref.name} is not in the env build ` +
            `(substituteFrom reads only the Kustomization's namespace${elsewhere.length ? `; found ${list(elsewhere)}` : ''}); ` +
            `Flux fails the Kustomization`,
          ctx.path,
        ),
      );
      continue;
    }
    const keys =
      ref.kind === 'ConfigMap'
        ? Object.keys(recordOf(source.object.data))
        : [...Object.keys(recordOf(source.object.data)), ...Object.keys(recordOf(source.object.stringData))];
    for (const key of keys) vars.set(key, `${ref.kind} ${objectRef(source)}`);
  }
  for (const key of Object.keys(recordOf(postBuild.substitute))) vars.set(key, 'postBuild.substitute');
  if (out.length) return out; // Flux stops at the missing source: nothing is substituted

  for (const [name, from] of [...vars].sort(([a], [b]) => cmp(a, b))) {
    if (!isValidVariableName(name)) {
      out.push(
        diagnostic(
          'InvalidVariableName',
          `${where}: variable "${name}" (from ${from}) does not match ${VARIABLE_NAME.source}; Flux fails the build`,
          ctx.path,
        ),
      );
    }
  }
  if (out.length) return out;

  const skipped = vars.size === 0 && postBuild.substituteStrategy !== 'Always';
  const unresolved = new Map<string, string[]>(); // variable -> objects using it
  for (const m of ctx.output) {
    if (
      m.object.metadata?.labels?.[SUBSTITUTE_KEY] === 'disabled' ||
      m.object.metadata?.annotations?.[SUBSTITUTE_KEY] === 'disabled'
    ) {
      continue;
    }
    const scan = scanVariables(m.text);
    if (scan.error && !skipped) {
      out.push(
        diagnostic(
          'InvalidVariableName',
          `${where}: Flux cannot substitute ${describeObject(m)}: ${scan.error.message}`,
          ctx.path,
        ),
      );
    }
    const missing = skipped ? scan.refs : unresolvedVariables(scan.refs, (n) => vars.has(n));
    for (const ref of missing) {
      const users = unresolved.get(ref.name) ?? [];
      if (!users.includes(describeObject(m))) users.push(describeObject(m));
      unresolved.set(ref.name, users);
    }
  }
  for (const [name, users] of [...unresolved].sort(([a], [b]) => cmp(a, b))) {
    const why = skipped
      ? 'no variable is defined, so Flux skips substitution and applies it literally (set postBuild.substituteStrategy: Always or define a variable)'
      : `it is not defined, so Flux substitutes "" (defined: ${list([...vars.keys()].sort(cmp))})`;
    out.push(diagnostic('UnresolvedVariable', `${where}: \${${name}} in ${list(users)}: ${why}`, ctx.path));
  }
  return out;
}

/**
 * Every Flux object lives in `flux-system` or in a namespace a Namespace object of
 * `allowed` creates; a Flux object without a namespace is a finding too (DESIGN §2).
 */
export function checkFluxNamespaces(
  objects: readonly Manifest[],
  allowed: ReadonlySet<string>,
  where: { readonly label: string; readonly path: string },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of objects) {
    if (!isFluxObject(m)) continue;
    if (!m.namespace) {
      out.push(
        diagnostic('MissingNamespace', `${where.label}: ${describeObject(m)} has no metadata.namespace`, where.path),
      );
    } else if (m.namespace !== FLUX_SYSTEM_NAMESPACE && !allowed.has(m.namespace)) {
      out.push(
        diagnostic(
          'MissingNamespace',
          `${where.label}: ${describeObject(m)} lives in namespace "${m.namespace}", which no Namespace object of the build creates ` +
            `(created: ${list([...allowed].sort(cmp))})`,
          where.path,
        ),
      );
    }
  }
  return out;
}

/** Names of the Namespace objects among `objects`. */
export function namespacesCreated(objects: readonly Manifest[]): Set<string> {
  return new Set(objects.filter((m) => m.apiVersion === 'v1' && m.kind === 'Namespace' && m.name).map((m) => m.name));
}

/**
 * Flux waits forever on a dependsOn that does not exist or that loops; it reports
 * neither. Checks every `spec.dependsOn` of the env's Flux Kustomizations
 * (namespace defaults to the dependent's own) and finds cycles (Tarjan's SCCs).
 */
export function checkDependsOn(env: string, kustomizations: readonly Manifest[], path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const nodes = new Map<string, Manifest>();
  for (const k of kustomizations) if (isFluxKustomization(k) && !nodes.has(objectRef(k))) nodes.set(objectRef(k), k);
  const ids = [...nodes.keys()].sort(cmp);
  const edges = new Map<string, string[]>();
  for (const id of ids) {
    const k = nodes.get(id)!;
    const deps: string[] = [];
    for (const dep of Array.isArray(k.object.spec?.dependsOn) ? k.object.spec.dependsOn : []) {
      if (!isRecord(dep) || typeof dep.name !== 'string') continue;
      const target = `${typeof dep.namespace === 'string' && dep.namespace ? dep.namespace : (k.namespace ?? '')}/${dep.name}`;
      if (!nodes.has(target)) {
        out.push(
          diagnostic(
            'UnknownDependency',
            `env ${env}: Kustomization ${id} dependsOn ${target}, which the env does not define (known: ${list(ids)})`,
            path,
          ),
        );
      } else if (!deps.includes(target)) deps.push(target);
    }
    edges.set(id, deps);
  }
  for (const cycle of findCycles(new Map(ids.map((id) => [id, edges.get(id) ?? []])))) {
    out.push(
      diagnostic(
        'DependencyCycle',
        `env ${env}: Kustomizations depend on each other in a cycle: ${[...cycle, cycle[0]].join(' -> ')}`,
        path,
      ),
    );
  }
  return out;
}

/** Byte order, independent of locale: the model's one comparison. */
export const cmp = byteOrder;

/** `known()` capped: "a, b, c (+12 more)". */
export function list(names: readonly string[], max = MAX_LISTED): string {
  return names.length > max ? `${known(names.slice(0, max))} (+${names.length - max} more)` : known(names);
}

const recordOf = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
