import { sortDiagnostics, validate, type Diagnostic, type FileTree, type Fleet, type RuleOptions } from '@platter/model';
import type { ParseCache } from '../parse/parseCache';
import { RepositoryReader, unique } from '../parse/reader';
import { checkAppStructure, checkEnvironmentStructure, type BuildMemo } from './checkStructure';

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
    if (!options.environments) for (const app of model.apps) diagnostics.push(...checkAppStructure(reader.walker, app.name));
  }
  diagnostics.push(...reader.diagnostics);
  return { ...(model ? { model } : {}), diagnostics: sortDiagnostics(unique(diagnostics)) };
}
