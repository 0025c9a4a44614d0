import {
  decideReview,
  describeRequest,
  diagnostic,
  enforceFreezes,
  freezesReached,
  parseFreezes,
  hasErrors,
  layout,
  missingSecrets,
  OverlayFileTree,
  PlatterError,
  RequestRejected,
  redactRequest,
  requestHash,
  secretsOf,
  type Actor,
  type ChangeRequest,
  type Diagnostic,
  type FileChange,
  type FileTree,
  type Fleet,
  type FreezeOverride,
} from '@platter/model';
import { KustomizeWalker, ParseCache, RepositoryReader } from '../parse';
import { releaseBreaks } from '../queries/matrix';
import { renderChanges } from '../render';
import { validateChange } from '../validate';
import { managedFieldEdited } from '../validate/checkManagedFields';
import { dangersOf, renderedDiff, stagesOf } from '../renderedDiff';
import { deriveFluxWalker } from '../renderedDiff/fluxWalker';
import { ChangedPaths } from '../parse/readTracking';
import { affectedBy } from './affected';
import { refuseUnconfirmedCloudDeletions } from './cloudDeletions';
import { PLANNERS } from './planners';
import type { Plan, Planner, PlannerContext } from './types';
import { unifiedDiff } from './diff';
import { SnapshotFileTree } from './snapshot';
import type { PlanBase } from './planBase';

export interface PlanOptions {
  /** Who asks (decides the review path). @default the platform team */
  readonly actor?: Actor;
  /** The clock for lifecycle rules. @default now */
  readonly now?: Date;
  /** The commit the tree was read from, recorded in the plan. @default the base's commit */
  readonly baseCommit?: string;
  /**
   * The repository parsed once for many plans (`PlanBase.of` of this very
   * tree): the plan is the same, made on what the base has parsed and walked.
   */
  readonly base?: PlanBase;
  /**
   * Whether the plan carries its rendered diff (Plan.renderedDiff). `always`:
   * for whoever shows it (the preview, a dry run, a pull request's body).
   * `when-deciding`: only when it can decide the review path, a tenant's change
   * that would otherwise land directly (a danger finding sends it to review);
   * what lands directly without showing it (applyRequest in mode direct) skips
   * the builds. The review path is the same either way. @default 'always'
   */
  readonly renderedDiff?: 'always' | 'when-deciding';
}

/**
 * Plans a change request against a repository tree, purely: request -> model
 * edit -> rendered file changes -> validation of the result -> review path.
 *
 * Rejects (throws, writes nothing) with the typed error when the request is
 * malformed, names what does not exist, breaks a rule the repository kept
 * before, or is Forbidden for the actor. A request already applied gives an
 * empty plan. Secrets must be sealed first (gitops-repo's sealing step):
 * NotEncrypted otherwise.
 *
 * The request is a parsed one (`parseRequest`, which each edge calls once): plan
 * trusts its shape and checks everything it says against the repository.
 */
export function plan(repository: FileTree, request: ChangeRequest, options: PlanOptions = {}): Plan {
  for (const s of secretsOf(request)) {
    if (s.values !== undefined) {
      throw new PlatterError(
        'NotEncrypted',
        `secret "${s.name}" is plaintext: seal it (encrypt to the env's recipients) before planning`,
        `secrets.${s.name}`,
      );
    }
  }
  const actor = options.actor ?? { kind: 'platform' };
  const now = options.now ?? new Date();
  const { base } = options;
  if (base && base.source !== repository) throw new Error('internal: plan() got a base prepared from another tree');
  // Every file is read once, and parsed once for the tree before and after: the two differ in a few files.
  // With a base, what it parsed and walked of this tree is taken over; this plan's own parses stay its own.
  const tree = base?.tree ?? new SnapshotFileTree(repository);
  const cache = new ParseCache(base?.cache);
  // The base's parse is taken over; its walks are the validation index's (base.validation(), below).
  if (base) base.parsed();
  const reader = base ? base.reader.derive(tree, [], cache) : new RepositoryReader(tree, cache);
  const ctx: PlannerContext = { reader, actor, now };
  const planner = PLANNERS[request.kind] as Planner<typeof request.kind>;
  const result = planner(request as never, ctx);

  // Hand-edited managed fields in the files the change touches stay as found (issue 14): the plan says so.
  const kept: Diagnostic[] = [];
  const fromModel = renderChanges(result.after, tree, {
    before: result.before,
    scope: result.scope,
    onKept: (path, fields) =>
      kept.push(...fields.map((f) => managedFieldEdited(path, f, 'This request leaves it as found'))),
  });
  const changes = leaveCodeownersToPlatform(
    mergeChanges(fromModel, result.files ?? [], tree),
    result.before,
    result.after,
    actor,
  );
  const affected = affectedBy(changes, [result.before, result.after]);
  // Permission before validation (issue 22 item 8b): a change to what the actor may not touch at all is
  // Forbidden, not a finding about another tenant's setup that the actor should not even learn.
  const forbidden = decideReview(result.before, result.after, actor, changes).forbidden;
  if (forbidden.length)
    throw new PlatterError('Forbidden', forbidden.map((d) => d.message).join('; '), forbidden[0]!.path);
  refuseUnconfirmedCloudDeletions(request, changes);
  // Change freezes (issue 19 §4), here once for every request kind: what the change reaches is frozen ->
  // Frozen, or an override by a member of the freeze's overrideBy groups, which goes to review.
  const overrides = changes.length
    ? freezeOverrides(tree, cache, affected, [result.before, result.after], actor, now)
    : undefined;

  const diagnostics: Diagnostic[] = [...(result.diagnostics ?? []), ...kept];
  let needsSecrets: Plan['needsSecrets'] = [];
  let rendered: Plan['renderedDiff'];
  if (changes.length) {
    const after = new OverlayFileTree(tree).apply(changes);
    const envsAfter = affected.environments.filter((e) => after.read(`envs/${e}/kustomization.yaml`) !== undefined);
    const envsBefore = affected.environments.filter((e) => tree.read(`envs/${e}/kustomization.yaml`) !== undefined);
    // The findings the change introduces (those of after that before does not have). The tree after is
    // parsed by taking over from the planner's reader what the changed files cannot have changed.
    const afterReader = ctx.reader.derive(
      after,
      changes.map((c) => c.path),
    );
    // With a base, incrementally (issue 17): only what the change reaches, against the commit's index.
    const afterResult = base
      ? base.validation().validate(
          after,
          changes.map((c) => c.path),
          { reader: afterReader, environments: envsAfter, environmentsBefore: envsBefore, now },
        )
      : validateChange(
          { tree, environments: envsBefore, reader: ctx.reader },
          { tree: after, environments: envsAfter, reader: afterReader },
          { now },
        );
    const introduced = afterResult.introduced;
    // A secret the change makes necessary is not a reason to refuse it: the plan says which.
    const blocking = introduced.filter((d) => d.code !== 'MissingSecretKey');
    if (hasErrors(blocking)) throw new RequestRejected(blocking.filter((d) => d.severity === 'error'));
    diagnostics.push(...introduced.filter((d) => d.severity === 'warning'));
    const model = afterResult.model;
    // A release must not break an addon combination a stage or env runs today (issue 19 §1): checked on the new
    // version with every patch applied, as kustomize builds it.
    if (model && request.kind === 'ReleaseComponentVersion') {
      const walker = new KustomizeWalker(after, cache, { fullPatches: true });
      const breaks = releaseBreaks(model, walker, request.service, request.version);
      if (breaks.length) throw new RequestRejected(breaks);
    }
    if (model) {
      const reached = new Set(affected.environments);
      needsSecrets = model.environments
        .filter((e) => reached.has(e.name))
        .flatMap((e) => missingSecrets(model, e))
        .map(({ env, secret, key: k }) => ({ env, secret, key: k }));
      for (const n of needsSecrets)
        diagnostics.push(
          diagnostic(
            'SecretNeeded',
            `env "${n.env}" needs secret key "${n.key}" in ${n.secret}: run \`platter secret set ${n.env} ${n.secret}\``,
            `envs/${n.env}/secrets/${n.secret}.yaml.encrypted`,
          ),
        );
    }
    // What Flux applies differently in each affected env (issue 18); files are parsed once for both sides. Only
    // a tenant's change that would land directly can be sent to review by it (a danger finding), so when the
    // caller does not show it, it is built only then.
    const deciding =
      actor.kind === 'tenant' &&
      !overrides &&
      decideReview(result.before, result.after, actor, changes, result.reviewReasons ?? []).review === 'direct';
    if (options.renderedDiff !== 'when-deciding' || deciding) {
      const walkers = base
        ? {
            before: base.fluxWalker,
            after: deriveFluxWalker(base.fluxWalker, after, cache, new ChangedPaths(changes.map((c) => c.path))),
          }
        : undefined;
      // The env roots (and any walk patch mode makes no difference to) as validation walked them after the change.
      if (walkers && afterResult.walker) walkers.after.shareWalksOf(afterResult.walker);
      rendered = renderedDiff(
        { tree, environments: envsBefore },
        { tree: after, environments: envsAfter },
        { stageOf: stagesOf(result.before, result.after), cache, ...(walkers ? { walkers } : {}) },
      );
    }
  }

  const decision = decideReview(result.before, result.after, actor, changes, [
    ...dangersOf(rendered),
    ...(result.reviewReasons ?? []),
  ]);
  if (overrides)
    for (const o of overrides)
      diagnostics.push(
        diagnostic(
          'FreezeOverride',
          `overrides freeze "${o.name}" (${o.reason}) on ${[...o.environments, ...o.stages.map((st) => `stage ${st}`)].join(', ')}: goes to review`,
          `${layout.settings}#spec.freezes`,
        ),
      );
  return {
    request: redactRequest(request),
    requestHash: requestHash(request),
    title: describeRequest(request),
    ...((options.baseCommit ?? base?.commit) ? { baseCommit: options.baseCommit ?? base?.commit } : {}),
    changes,
    diff: unifiedDiff(changes),
    affected,
    needsSecrets,
    ...(rendered ? { renderedDiff: rendered } : {}),
    review: !changes.length ? 'direct' : overrides ? 'platform-review' : decision.review,
    ...(overrides ? { freezeOverrides: overrides } : {}),
    diagnostics,
  };
}

/**
 * The freezes the change reaches (platter.yaml's spec.freezes, active at `now`):
 * throws Frozen for one the actor may not override, else the overrides (or
 * undefined when none is reached). An env's stage is read from both sides, so
 * moving an env out of a frozen stage is frozen too.
 */
function freezeOverrides(
  tree: FileTree,
  cache: ParseCache,
  affected: { stages: readonly string[]; environments: readonly string[] },
  fleets: readonly Fleet[],
  actor: Actor,
  now: Date,
): FreezeOverride[] | undefined {
  if (tree.read(layout.settings) === undefined) return undefined;
  const { freezes } = parseFreezes(cache.read(tree, layout.settings).values?.[0]);
  if (!freezes.length) return undefined;
  const stagesOfEnv = (env: string) =>
    fleets.flatMap((f) => f.environments.filter((e) => e.name === env).map((e) => e.stage));
  return enforceFreezes(freezesReached(freezes, affected, stagesOfEnv, actor, now));
}

/**
 * CODEOWNERS is the platform's (issue 22 item 2b): a tenant's request that only
 * touches the tenant's own paths leaves it as it is and lands directly, so no
 * platform file is ever in a direct tenant commit. Until the platform renders it
 * (`platter render`, or a platform request whose own change is to CODEOWNERS: a
 * request changes only what it changes, issue 14), a new app's
 * directory stays the platform team's in CODEOWNERS (a removed app's line
 * stays): that asks for more review, never less, and validate warns
 * (CodeownersBehind). A request that goes to platform review anyway carries it.
 */
function leaveCodeownersToPlatform(changes: FileChange[], before: Fleet, after: Fleet, actor: Actor): FileChange[] {
  if (actor.kind !== 'tenant') return changes;
  const rest = changes.filter((c) => c.path !== layout.codeowners);
  if (rest.length === changes.length) return changes;
  // Only CODEOWNERS left: the request is already true of the tenant's paths (empty, like any re-applied request).
  return decideReview(before, after, actor, rest).review === 'direct' ? rest : changes;
}

/** Model-derived changes plus the planner's own files (which win), net of no-ops, in path order. */
function mergeChanges(fromModel: readonly FileChange[], files: readonly FileChange[], tree: FileTree): FileChange[] {
  const byPath = new Map(fromModel.map((c) => [c.path, c] as const));
  for (const f of files) {
    const before = tree.read(f.path);
    const after = f.op === 'delete' ? undefined : f.after;
    if (before === after) byPath.delete(f.path);
    else if (before === undefined) byPath.set(f.path, { path: f.path, op: 'add', after });
    else if (after === undefined) byPath.set(f.path, { path: f.path, op: 'delete', before });
    else byPath.set(f.path, { path: f.path, op: 'modify', before, after });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
