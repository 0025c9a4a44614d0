import type { Diagnostic } from '../errors';
import type { Fleet } from '../fleet';

export interface RuleOptions {
  /** The date sunset rules compare against (tests fix it; defaults to now). */
  readonly now?: Date;
}

/** A rule reads the whole fleet and returns every finding (never throws for bad data). */
export type Rule = (fleet: Fleet, options: Required<RuleOptions>) => Diagnostic[];

/** The path to name in a diagnostic: where the entity was parsed from, or where it would be rendered. */
export const at = (entity: { origin?: { path: string } } | undefined, fallback: string): string =>
  entity?.origin?.path ?? fallback;
