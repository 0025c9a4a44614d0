import {
  checkEnvironments,
  normalizeRepoPath,
  sortDiagnostics,
  type Diagnostic,
  type FileTree,
  type Rule,
  type RuleOptions,
} from '@platter/model';
import { checkPlatterShape } from '../check/platterShape';
import { KustomizeWalker } from '../parse/kustomizeWalk';
import { unique, type RepositoryReader } from '../parse/reader';
import { ChangedPaths } from '../parse/readTracking';
import { checkEnvironmentStructure, type BuildMemo, type Builder } from './checkStructure';
import { reachOf, reusingBuilder, type ValidationIndex } from './incremental';
import { validateChange, findingKey, type ValidateChangeResult } from './validateRepository';
import { computeUnits, unitOf, type UnitId } from './validationUnits';

export interface ChangeFindingsOptions extends RuleOptions {
  /** A reader of the tree after the change derived (directly or not) from the index's reader: a planner's. */
  readonly reader?: RepositoryReader;
  /** Envs whose structure is checked after the change besides those it reaches (a plan's affected envs). */
  readonly environments?: readonly string[];
  /** The same envs as far as they exist before the change (their findings before explain findings after). */
  readonly environmentsBefore?: readonly string[];
}

/**
 * What a change introduces, as {@link validateChange} decides it (the findings
 * after the change that the repository did not have before: parse findings, the
 * model rules, the structure of envs), but checked incrementally against the
 * commit's {@link ValidationIndex} (issue 17): after the change only the model
 * rules and the envs the change reaches (plus `environments`) are checked, the
 * builds it does not touch taken from the index; a unit it does not reach has
 * the same findings on both sides (incremental.property.test.ts), so it cannot
 * introduce one. Before the change, findings are only computed to explain
 * findings after it, and the structure findings of the commit's envs are kept
 * (they do not depend on the clock; the rules' findings, which do, are not).
 *
 * One per commit (a PlanBase keeps it); only ever read by the changes
 * validated against it, apart from that memo of the commit's own findings.
 */
export class ChangeValidation {
  /** The structure findings of each env of the index's tree, as changes asked for them. */
  private readonly structureBefore = new Map<string, readonly Diagnostic[]>();

  constructor(readonly index: ValidationIndex) {}

  /** How many envs' findings before a change are kept (what the memo holds beyond the index). */
  get keptEnvironments(): number {
    return this.structureBefore.size;
  }

  /**
   * The findings `after` (the index's tree with the files at `changedPaths`
   * added, modified or deleted) has that the index's tree does not, sorted.
   */
  validate(after: FileTree, changedPaths: Iterable<string>, options: ChangeFindingsOptions = {}): ValidateChangeResult {
    const { index } = this;
    const changed = [...new Set([...changedPaths].map(normalizeRepoPath))].sort();
    const reader = options.reader ?? index.reader.derive(after, changed);
    const model = reader.fleet();
    const before = index.model;
    if (!model || !before) {
      // platter.yaml unreadable on one side: nothing incremental to take over; the whole-change rule.
      return validateChange(
        { tree: index.tree, environments: options.environmentsBefore ?? [], reader: index.reader },
        { tree: after, environments: options.environments ?? [], reader },
        options,
      );
    }
    const touched = index.touchedBy(changed);
    const shape = changed.every((p) => index.tree.read(p) !== undefined && after.read(p) !== undefined)
      ? index.shape
      : checkPlatterShape(after);
    const reach = reachOf(index, after, reader, model, changed, { touched, shape });
    const modelEnvs = new Set(model.environments.map((e) => e.name));
    const envs = [...new Set([...reach.environments, ...(options.environments ?? [])])].sort();
    const want = new Set<UnitId>(envs.filter((e) => modelEnvs.has(e)).map(unitOf.env));
    // An env's model rule where the model reaches it. Elsewhere, a plan's affected envs included, the rule (which
    // reads only the model) finds what it found before the change, so it cannot introduce a finding.
    const ruled = new Set(envs.filter((e) => reach.units.has(unitOf.envRule(e))));
    for (const e of ruled) want.add(unitOf.envRule(e));
    if (reach.units.has('rules')) want.add('rules');

    const afterWalker = index.walker
      ? index.walker.derive(after, reader.cache, new ChangedPaths(changed))
      : new KustomizeWalker(after, reader.cache);
    const walker = reusingBuilder(index, touched, afterWalker);
    const units = computeUnits({ tree: after, reader, model, walker, options }, want);
    const found: Diagnostic[] = [...[...units.values()].flat(), ...reader.diagnostics];
    // An env with a kustomization but not in the model: its structure still (as validateChange checks it).
    const memo: BuildMemo = new Map();
    for (const e of envs) if (!modelEnvs.has(e)) found.push(...checkEnvironmentStructure(model, walker, e, memo));
    let open = sortDiagnostics(unique(found));

    // Before the change, only as far as it explains findings after it: parse findings, the rules, env by env.
    const explain = (known: readonly Diagnostic[]) => {
      if (!known.length || !open.length) return;
      const keys = new Set(known.map(findingKey));
      open = open.filter((d) => !keys.has(findingKey(d)));
    };
    if (open.length) explain(index.reader.diagnostics);
    const ctxBefore = { tree: index.tree, reader: index.reader, model: before, walker: this.builderBefore(), options };
    if (open.length && want.has('rules')) explain(computeUnits(ctxBefore, new Set(['rules'])).get('rules') ?? []);
    const beforeEnvs = new Set(before.environments.map((e) => e.name));
    const now = options.now ?? new Date();
    for (const e of [...new Set([...envs, ...(options.environmentsBefore ?? [])])].sort()) {
      if (!open.length) break;
      const env = ruled.has(e) || !modelEnvs.has(e) ? before.environments.find((x) => x.name === e) : undefined;
      if (env) explain((checkEnvironments as Rule)({ ...before, environments: [env] }, { now }));
      if (beforeEnvs.has(e) || options.environmentsBefore?.includes(e)) explain(this.structureOf(e));
    }
    return { model, introduced: open, walker: afterWalker };
  }

  /**
   * Checks an env of the index's tree ahead of the changes that will reach it
   * (PlanBase.prepare): its structure findings, kept here and as its build's
   * check, what the first change reaching it computes otherwise.
   */
  prepareEnvironment(env: string): void {
    this.structureOf(env);
  }

  /** The structure findings of one env of the index's tree, kept. */
  private structureOf(env: string): readonly Diagnostic[] {
    let found = this.structureBefore.get(env);
    if (!found) {
      found = checkEnvironmentStructure(this.index.model!, this.builderBefore(), env);
      this.structureBefore.set(env, found);
    }
    return found;
  }

  /** Builds of the index's tree as the index recorded them (its walker for anything it did not make). */
  private builderBefore(): Builder {
    const { index } = this;
    const walker = index.walker ?? new KustomizeWalker(index.tree, index.reader.cache);
    return { build: (dir, components = []) => index.recordedBuild(dir, components) ?? walker.build(dir, components) };
  }
}
