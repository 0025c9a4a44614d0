import {
  sortDiagnostics,
  validate,
  type Diagnostic,
  type FileTree,
  type Fleet,
  type RuleOptions,
} from '@platter/model';
import { checkPlatterShape, withoutForeign } from '../check/platterShape';
import type { KustomizeWalker } from '../parse/kustomizeWalk';
import type { ParseCache } from '../parse/parseCache';
import { RepositoryReader, unique } from '../parse/reader';
import { checkAppStructure, checkEnvironmentStructure, type BuildMemo } from './checkStructure';
import { checkManagedFields } from './checkManagedFields';
import { checkLifecycleSettings } from './checkLifecycleSettings';
import { checkPromotionSettings } from './checkPromotionSettings';
import { checkManagedFiles } from './checkManagedFiles';
import { checkTenantPaths } from './checkTenantPaths';
import { checkYamlFiles } from './checkYamlFiles';
import { checkCloudClasses } from '../cloud/checkCloudClasses';

export interface ValidateRepositoryOptions extends RuleOptions {
  /** Check the structure of only these envs (planners pass the affected ones); default all. */
  readonly environments?: readonly string[];
  /** A reader of this same tree that has already parsed it (a planner's). */
  readonly reader?: RepositoryReader;
  /** Parsed files to reuse where the text is unchanged (the tree before a change). */
  readonly cache?: ParseCache;
}

export interface ValidateRepositoryResult {
  readonly model?: Fleet;
  readonly diagnostics: Diagnostic[];
}

/**
 * Everything `platter validate` checks without kustomize: the files parse, the
 * model keeps every rule, and every env (and each Flux Kustomization in it)
 * would build and reconcile. Sorted, de-duplicated findings.
 *
 * A check added here is also a unit of incremental validation
 * (validationUnits.ts, with what reaches it in incremental.ts): the property
 * test fails until the units add up to this function again.
 */
export function validateRepository(tree: FileTree, options: ValidateRepositoryOptions = {}): ValidateRepositoryResult {
  const reader = options.reader ?? new RepositoryReader(tree, options.cache);
  const model = reader.fleet();
  const diagnostics: Diagnostic[] = [];
  if (model) {
    diagnostics.push(...validate(model, options));
    const memo: BuildMemo = new Map();
    for (const env of options.environments ?? model.environments.map((e) => e.name)) {
      diagnostics.push(...checkEnvironmentStructure(model, reader.walker, env, memo));
    }
    if (!options.environments) {
      for (const app of model.apps) diagnostics.push(...checkAppStructure(reader.walker, app.name));
      diagnostics.push(...checkTenantPaths(model, reader.tree, reader.walker, reader.cache));
      diagnostics.push(...checkManagedFiles(model, reader.tree));
      diagnostics.push(...checkManagedFields(model, reader.tree));
      diagnostics.push(...checkLifecycleSettings(model, reader.tree, reader.cache)); // freezes, campaigns (issue 19)
      diagnostics.push(...checkPromotionSettings(model, reader.tree, reader.cache));
      diagnostics.push(...checkCloudClasses(reader.tree, model)); // cloud resource classes (issue 21)
    }
  }
  if (!options.environments) diagnostics.push(...checkYamlFiles(reader.tree, reader.cache));
  diagnostics.push(...reader.diagnostics);
  // A top-level apps/, envs/, ... of another layout: one NotPlatterShaped finding, not one per entry (issue 13).
  const shape = options.environments ? undefined : checkPlatterShape(reader.tree);
  const all = shape ? [...withoutForeign(diagnostics, shape.foreign), ...shape.diagnostics] : diagnostics;
  return { ...(model ? { model } : {}), diagnostics: sortDiagnostics(unique(all)) };
}

/** One side of a change: a tree, the envs whose structure is checked, and how it is read. */
export interface ChangeSide {
  readonly tree: FileTree;
  readonly environments: readonly string[];
  /** A reader of this tree that has already parsed it (a planner's). */
  readonly reader?: RepositoryReader;
  /** Parsed files to reuse where the text is unchanged. */
  readonly cache?: ParseCache;
}

export interface ValidateChangeResult {
  /** The model after the change (undefined when platter.yaml is unreadable after it). */
  readonly model?: Fleet;
  /** The findings after the change that the repository did not have before, sorted. */
  readonly introduced: Diagnostic[];
  /**
   * The walker that made the builds of the tree after the change, when they
   * were made incrementally (ChangeValidation): a flux walker of the same tree
   * may take its walks (KustomizeWalker.shareWalksOf).
   */
  readonly walker?: KustomizeWalker;
}

/** What identifies a finding across the two sides of a change. */
export const findingKey = (d: Diagnostic): string => `${d.code}\0${d.path ?? ''}\0${d.message}`;

/**
 * What a change introduces: the findings of `validateRepository` after it
 * (structure of `after.environments`) that `validateRepository` before it
 * (structure of `before.environments`) does not have. Exactly that, but the
 * findings before are only computed as far as they can explain a finding after:
 * the model rules and parse findings before the change first (cheap, the model
 * is parsed), then the structure of the envs one at a time, stopping once every
 * finding after is explained. A clean change (the usual case) checks the
 * structure of the envs once, after the change, not twice.
 */
export function validateChange(before: ChangeSide, after: ChangeSide, options: RuleOptions = {}): ValidateChangeResult {
  const afterResult = validateRepository(after.tree, {
    ...options,
    environments: after.environments,
    ...(after.reader ? { reader: after.reader } : {}),
    ...(after.cache ? { cache: after.cache } : {}),
  });
  let open = afterResult.diagnostics;
  const explain = (found: readonly Diagnostic[]) => {
    if (!found.length || !open.length) return;
    const known = new Set(found.map(findingKey));
    open = open.filter((d) => !known.has(findingKey(d)));
  };
  if (open.length) {
    const reader = before.reader ?? new RepositoryReader(before.tree, before.cache);
    const model = reader.fleet();
    if (model) explain(validate(model, options));
    explain(reader.diagnostics);
    if (model) {
      const memo: BuildMemo = new Map();
      for (const env of before.environments) {
        if (!open.length) break;
        explain(checkEnvironmentStructure(model, reader.walker, env, memo));
      }
    }
  }
  return { ...(afterResult.model ? { model: afterResult.model } : {}), introduced: open };
}
