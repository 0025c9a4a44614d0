import { sortDiagnostics, type Diagnostic } from '../errors';
import type { Fleet } from '../fleet';
import { checkApps } from './checkApps';
import { checkEnvironments } from './checkEnvironments';
import { checkMenu } from './checkMenu';
import { checkSettings } from './checkSettings';
import { checkStages } from './checkStages';
import { checkTenants } from './checkTenants';
import type { Rule, RuleOptions } from './context';

/** Every model rule, in the order findings are easiest to fix (settings first, apps last). */
export const RULES: readonly Rule[] = [
  checkSettings,
  checkMenu,
  checkStages,
  checkEnvironments,
  checkTenants,
  checkApps,
];

/** Runs every rule over the fleet and returns all findings, sorted by path. */
export function validate(fleet: Fleet, options: RuleOptions = {}): Diagnostic[] {
  const opts = { now: options.now ?? new Date() };
  return sortDiagnostics(RULES.flatMap((rule) => rule(fleet, opts)));
}
