import {
  layout,
  PlatterError,
  type ComponentVersion,
  type Diagnostic,
  type FileChange,
  type FileTree,
  type Fleet,
  type RuntimeService,
} from '@platter/model';
import type { RenderScope } from '../render';
export { NOTHING } from './support';
import { releaseFiles } from '../render/renderMenu';
import { parseYamlValues } from '../yaml';

/**
 * Helpers the menu planners share (AddRuntimeService, ReleaseComponentVersion,
 * DeprecateComponentVersion, RemoveComponentVersion, UpgradeComponent,
 * AddComponentToStage, RemoveComponentFromStage).
 */

/** Only the entities named (an alias kept for readability: a scope renders only what it names). */
export const only = (scope: RenderScope): RenderScope => scope;

/** Throws a rule's finding as the typed error (fail fast on names and versions that become paths). */
export function assertValid(d: Diagnostic | undefined): void {
  if (d) throw new PlatterError(d.code, d.message, d.path);
}

/** What a released version's files hash to: the sealed digest, or (unsealed) what its files hash to now. */
export const contentDigest = (v: ComponentVersion): string | undefined => v.digest ?? v.facts?.computedDigest;

/** The digest written into the component.yaml of a set of version files. */
export function digestOfFiles(
  files: readonly (readonly [string, string])[],
  service: string,
  version: string,
): string | undefined {
  const component = files.find(([p]) => p === layout.componentFile(service, version))?.[1];
  const data =
    component === undefined
      ? undefined
      : (parseYamlValues(component)[0] as { spec?: { digest?: unknown } } | undefined);
  return typeof data?.spec?.digest === 'string' ? data.spec.digest : undefined;
}

/** Desired file contents as the FileChanges a planner returns (no-ops dropped by the pipeline). */
export const asChanges = (tree: FileTree, files: readonly (readonly [string, string])[]): FileChange[] =>
  files.map(([path, after]) => {
    const before = tree.read(path);
    return before === undefined ? { path, op: 'add', after } : { path, op: 'modify', before, after };
  });

/**
 * Whether a version's directory is exactly what `releaseFiles` renders from its
 * model (component.yaml aside). Only then may a new version be rendered from a
 * model copy; a hand-written or hand-extended version is copied file by file.
 */
export function rendersFromModel(tree: FileTree, v: ComponentVersion): boolean {
  // A plain-manifest version's model holds its files: it always renders from the model.
  if (v.source === 'manifests') return true;
  if (v.values === undefined) return false;
  const component = layout.componentFile(v.service, v.version);
  const expected = new Map(releaseFiles(v).filter(([p]) => p !== component));
  const actual = tree.list(layout.versionDir(v.service, v.version)).filter((p) => p !== component);
  return actual.length === expected.size && actual.every((p) => expected.get(p) === tree.read(p));
}

/** A model copy of a version with parse-only data (origin, facts, digest) dropped. */
export function unsealed(v: ComponentVersion): ComponentVersion {
  const { origin: _origin, facts: _facts, digest: _digest, ...rest } = v;
  return rest;
}

/** The fleet with one service replaced (or removed when `next` is undefined). */
export function withService(fleet: Fleet, name: string, next: RuntimeService | undefined): Fleet {
  const exists = fleet.services.some((s) => s.name === name);
  const services = exists
    ? fleet.services.flatMap((s) => (s.name !== name ? [s] : next ? [next] : []))
    : next
      ? [...fleet.services, next]
      : fleet.services;
  return { ...fleet, services };
}
