import { diagnostic, type Diagnostic } from '../errors';

/**
 * Names of stages, environments, tenants, apps, runtime services and addons become
 * directory names, Kubernetes object names (`runtime-<svc>`, namespaces) and branch
 * names, so they follow RFC 1123 labels: 1–63 characters of `a-z`, `0-9` and `-`,
 * starting and ending with a letter or digit. Nothing is trimmed or lower-cased for
 * the caller: a name that is not already valid is rejected with what to change.
 */
export const MAX_NAME_LENGTH = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export type NamedThing =
  'stage' | 'environment' | 'tenant' | 'app' | 'runtime service' | 'addon' | 'namespace' | 'secret' | 'fleet';

/**
 * Names that would collide with a directory or object Platter itself creates
 * (`tenants/<t>/base`, `tenants/<t>/envs`, `runtime/<svc>/<ver>/_base`, the
 * `flux-system` bootstrap) and so can never be used.
 */
const RESERVED_NAMES: Record<NamedThing, readonly string[]> = {
  stage: ['base', 'envs', 'runtime', 'flux-system'],
  environment: ['base', 'flux-system'],
  tenant: ['base', 'envs', 'flux-system', 'platter', 'kube-system', 'default'],
  app: ['base', 'envs', 'flux-system', 'platter'],
  'runtime service': ['base', '_base', 'flux-system'],
  addon: ['_base', 'base', 'component.yaml'],
  namespace: [],
  secret: [],
  fleet: [],
};

/** Namespaces no tenant may own: the cluster's own, and Flux's. */
const RESERVED_NAMESPACES = ['default', 'flux-system', 'kube-system', 'kube-public', 'kube-node-lease'];

export const isValidName = (name: unknown): name is string =>
  typeof name === 'string' && name.length <= MAX_NAME_LENGTH && DNS_LABEL.test(name);

/** Explains why a name is invalid, in words a user can act on. */
export function explainInvalidName(name: unknown): string {
  if (typeof name !== 'string') return `expected a string, got ${name === null ? 'null' : typeof name}`;
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_NAME_LENGTH) return `it has ${name.length} characters (at most ${MAX_NAME_LENGTH})`;
  if (/[A-Z]/.test(name)) return 'it has upper-case letters (use lower case)';
  if (!/^[a-z0-9]/.test(name)) return 'it must start with a letter or digit';
  if (!/[a-z0-9]$/.test(name)) return 'it must end with a letter or digit';
  const bad = [...new Set([...name].filter((c) => !/[-a-z0-9]/.test(c)))];
  return `it contains ${bad.map((c) => JSON.stringify(c)).join(', ')} (only a-z, 0-9 and "-" are allowed)`;
}

/** InvalidName or ReservedName, or undefined for a good name. */
export function checkName(thing: NamedThing, name: unknown, path?: string): Diagnostic | undefined {
  if (!isValidName(name)) {
    return diagnostic(
      'InvalidName',
      `${thing} name ${JSON.stringify(name)} is invalid: ${explainInvalidName(name)}`,
      path,
    );
  }
  if (RESERVED_NAMES[thing].includes(name)) {
    return diagnostic('ReservedName', `${thing} name "${name}" is reserved by Platter's layout; choose another`, path);
  }
  if (thing === 'namespace' && (RESERVED_NAMESPACES.includes(name) || name.startsWith('kube-'))) {
    return diagnostic(
      'ReservedNamespace',
      `namespace "${name}" belongs to the cluster or Flux; tenants cannot own it`,
      path,
    );
  }
  return undefined;
}

/** Flux post-build variables (`varsubRegex` in fluxcd/pkg kustomize/kustomize_varsub.go): other keys fail the build. */
export const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
export const isValidVariableName = (name: string): boolean => VARIABLE_NAME.test(name);

export function checkVariableName(name: unknown, path?: string): Diagnostic | undefined {
  if (typeof name === 'string' && isValidVariableName(name)) return undefined;
  return diagnostic(
    'InvalidVariableName',
    `config key ${JSON.stringify(name)} cannot be a Flux substitution variable: use letters, digits and "_", not starting with a digit`,
    path,
  );
}

/** A Backstage entity reference for an owner: `group:default/team-a`, `user:jane` or `group:team-a`. */
const OWNER_REF = /^(group|user):([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-zA-Z0-9]([-._a-zA-Z0-9]*[a-zA-Z0-9])?$/;
export const isValidOwnerRef = (ref: unknown): ref is string =>
  typeof ref === 'string' && ref.length <= 253 && OWNER_REF.test(ref);

export function checkOwnerRef(ref: unknown, path?: string): Diagnostic | undefined {
  if (isValidOwnerRef(ref)) return undefined;
  return diagnostic(
    'InvalidName',
    `owner ${JSON.stringify(ref)} is not an entity reference like "group:default/team-a"`,
    path,
  );
}

/**
 * A CODEOWNERS owner: `@user`, `@org/team` (GitLab: `@group/subgroup/team`) or an
 * email address, as one token. CODEOWNERS separates owners with spaces, starts a
 * comment with `#` and a rule with a new line, so a handle holding any of them
 * would rewrite who owns what (`"@x\n* @evil"` adds a catch-all rule).
 */
const CODEOWNERS_HANDLE =
  /^(@[A-Za-z0-9_]([-.\w]*\w)?(\/\w([-.\w]*\w)?)*|[-+.%\w]+@[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)+)$/;
export const isValidCodeownersHandle = (handle: unknown): handle is string =>
  typeof handle === 'string' && handle.length <= 253 && CODEOWNERS_HANDLE.test(handle);

export function checkCodeownersHandle(handle: unknown, path?: string): Diagnostic | undefined {
  if (isValidCodeownersHandle(handle)) return undefined;
  return diagnostic(
    'InvalidName',
    `CODEOWNERS handle ${JSON.stringify(handle)} is not one owner like "@org/team", "@user" or an email address`,
    path,
  );
}

/** `group:default/team-a` -> `team-a` (the short name used in titles and CODEOWNERS fallbacks). */
export const ownerName = (ref: string): string => ref.replace(/^[a-z]+:/, '').replace(/^.*\//, '');

/** Names Platter derives for objects it owns, in one place so parse and render agree. */
export const objectNames = {
  runtimeKustomization: (service: string) => `runtime-${service}`,
  runtimeSecret: (service: string) => `runtime-${service}`,
  stageConfig: 'stage-config',
  envConfig: 'env-config',
  tenantConfig: 'platter-env',
  tenantSource: 'platter',
  tenantServiceAccount: (tenant: string) => tenant,
  tenantRoleBinding: (tenant: string) => `${tenant}-admin`,
  appKustomization: (app: string) => app,
} as const;
