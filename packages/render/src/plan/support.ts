import { diagnostic, PlatterError, RequestRejected, type Diagnostic, type ErrorCode, type Fleet } from '@platter/model';
import type { RenderScope } from '../render';
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
