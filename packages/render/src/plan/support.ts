import {
  diagnostic,
  PlatterError,
  RequestRejected,
  type Diagnostic,
  type ErrorCode,
  type FileChange,
  type FileTree,
  type Fleet,
} from '@platter/model';
import type { RenderScope } from '../render';
import type { RenderedFiles } from '../render/context';
import { applyFileEdit } from '../yaml';
import type { PlannerContext } from './types';

/**
 * Small helpers planners share: loading the fleet, editing one entity of it
 * immutably, and rejecting with typed errors.
 */
export function loadFleet(ctx: PlannerContext): Fleet {
  const fleet = ctx.reader.fleet();
  if (!fleet) {
    throw new RequestRejected(
      ctx.reader.diagnostics.length
        ? ctx.reader.diagnostics
        : [diagnostic('MissingFile', 'platter.yaml not found', 'platter.yaml')],
      'repository',
    );
  }
  return fleet;
}

/** Replaces the item named `name` (or appends when `fn` gets undefined and returns a value). */
export function upsertByName<T extends { readonly name: string }>(
  items: readonly T[],
  name: string,
  fn: (current: T | undefined) => T | undefined,
): T[] {
  const i = items.findIndex((x) => x.name === name);
  const next = fn(i < 0 ? undefined : items[i]);
  if (i < 0) return next ? [...items, next] : [...items];
  if (!next) return items.filter((_, j) => j !== i);
  return items.map((x, j) => (j === i ? next : x));
}

/** Throws one typed error (a request that cannot be planned). */
export function fail(code: ErrorCode, message: string, path?: string): never {
  throw new PlatterError(code, message, path);
}

/** Throws all findings at once when there are errors among them. */
export function rejectIfErrors(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new RequestRejected(errors);
}

/** The model's one stage/env pair -> Target rule. */
export { targetOf } from '@platter/model';

/** A render scope that renders nothing (a key a scope leaves out renders nothing); deletions still follow from before vs after. */
export const NOTHING: RenderScope = {};

/**
 * A planner's own renders of files as changes, each only the request's own change
 * (issue 14): `base` holds what the same renderer writes for the model before the
 * request; where a file is in both, only base -> desired is applied to the file as
 * it is (applyFileEdit), so a hand edit outside the change stays. Deletions and new
 * files are as rendered.
 */
export function editedChanges(tree: FileTree, desired: RenderedFiles, base: RenderedFiles): FileChange[] {
  const out: FileChange[] = [];
  for (const [path, text] of desired) {
    const before = tree.read(path);
    const was = base.get(path);
    if (text === null) {
      if (before !== undefined) out.push({ path, op: 'delete', before });
      continue;
    }
    const after =
      before !== undefined && typeof was === 'string' && /\.ya?ml$/.test(path)
        ? applyFileEdit(before, was, text)
        : text;
    if (after !== before)
      out.push(before === undefined ? { path, op: 'add', after } : { path, op: 'modify', before, after });
  }
  return out;
}
