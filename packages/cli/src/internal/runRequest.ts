import type { Command } from 'commander';
import {
  isPlatterError,
  isRequestRejected,
  known,
  parseRequest,
  PlatterError,
  type Actor,
  type ChangeRequest,
} from '@platter/model';
import { plan as planRequest, RepositoryReader, type Plan } from '@platter/render';
import { applyRequest, sealRequest, writeChanges } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { printJson, printPlan, type Outcome } from '../output';
import type { CommandContext } from '../commands/context';
import {
  currentBranch,
  fastForward,
  headCommit,
  isClean,
  isGitCheckout,
  openCheckout,
  originUrl,
  type Checkout,
} from './checkout';
import { commitInCheckout } from './commit';
import { repeatable } from './args';

/**
 * The one path every mutating command takes (DESIGN §3): build the request,
 * parse it (the CLI's one parse: the core takes the typed request from here
 * on), seal its secrets, plan it on the checkout, then print (--dry-run,
 * --json), write (default), commit (--commit) or apply on origin (--push).
 * Shortcuts only build requests; nothing here knows a request kind.
 */

/** Options every mutating command shares (see {@link withRequestOptions}). */
export interface RequestOptions {
  readonly directory?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly as?: string;
  /** Group refs of the requester (a freeze's overrideBy, issue 19 §4). */
  readonly group?: readonly string[];
  readonly commit?: boolean;
  readonly push?: boolean;
  readonly branch?: boolean;
}

/** Adds the shared options of a mutating command. */
export function withRequestOptions(cmd: Command): Command {
  return cmd
    .option('-C, --directory <dir>', 'the repository checkout (default: the current directory)')
    .option('--dry-run', 'print the colored diff and the review path; write nothing')
    .option('--json', 'print the plan as JSON (with a "result" field saying what was done)')
    .option('--as <tenant>', 'plan as this tenant: decides the review path; Forbidden for what is not its own')
    .option(
      '--group <ref>',
      "one of your groups (repeatable): a freeze's overrideBy lets it override, to review",
      repeatable,
    )
    .option('--commit', 'also commit the change in the checkout (trailers Platter-Request, Requested-By)')
    .option('--push', "apply on origin's head: commit and push, then fast-forward this checkout if it is clean")
    .option('--branch', 'with --push: push a review branch platter/<kind>/<subject> instead of the target branch');
}

/** Adds the options of a read-only planning command (`platter plan`). */
export function withPlanOptions(cmd: Command): Command {
  return cmd
    .option('-C, --directory <dir>', 'the repository checkout (default: the current directory)')
    .option('--json', 'print the plan as JSON')
    .option('--as <tenant>', 'plan as this tenant: decides the review path; Forbidden for what is not its own')
    .option(
      '--group <ref>',
      "one of your groups (repeatable): a freeze's overrideBy lets it override, to review",
      repeatable,
    );
}

export const actorOf = (opts: Pick<RequestOptions, 'as' | 'group'>): Actor => {
  const groups = opts.group?.length ? { groups: [...opts.group] } : {};
  return opts.as ? { kind: 'tenant', tenant: opts.as, ...groups } : { kind: 'platform', ...groups };
};

/**
 * Plans the request `build` makes and carries it out as the options say. `mode`
 * `plan` never writes (the `platter plan` command). Rejections propagate as
 * typed errors (runCli prints `CODE path: message` lines and exits 1); with
 * --json they are also printed as JSON on stdout.
 */
export async function runRequest(
  ctx: CommandContext,
  opts: RequestOptions,
  dirArg: string | undefined,
  build: (checkout: Checkout) => unknown | Promise<unknown>,
  mode: 'apply' | 'plan' = 'apply',
): Promise<void> {
  checkFlags(opts);
  const checkout = openCheckout(ctx, dirArg, opts.directory);
  try {
    const request = parseRequest(await build(checkout));
    const actor = actorOf(opts);
    requireKnownTenant(checkout, actor);
    if (opts.push && !opts.dryRun && mode === 'apply') return await push(ctx, checkout, request, actor, opts);
    if (opts.commit && !opts.dryRun && !(await isGitCheckout(checkout.root))) {
      throw new UsageError(`--commit: ${checkout.shown} is not in a git checkout (git init, or clone the repository)`);
    }
    const sealed = await sealRequest(checkout.tree, request);
    const baseCommit = await headCommit(checkout.root);
    const p = planRequest(checkout.tree, sealed, { actor, ...(baseCommit ? { baseCommit } : {}) });
    refuseRemovingAbsent(p);
    if (mode === 'apply' && !opts.dryRun) refuseNewEnvWithoutSecrets(request, p);
    let outcome: Outcome;
    if (mode === 'plan' || opts.dryRun) outcome = { outcome: 'planned' };
    else if (p.changes.length === 0) outcome = { outcome: 'no-changes' };
    else {
      await writeChanges(checkout.root, p.changes);
      outcome = opts.commit
        ? { outcome: 'committed', ...(await commitInCheckout(checkout.root, p, actor)) }
        : { outcome: 'written' };
    }
    report(ctx, checkout, p, outcome, opts, mode);
  } catch (e) {
    if (opts.json && isPlatterError(e)) {
      printJson(ctx.io, {
        error: {
          code: e.code,
          message: e.message,
          ...(e.path ? { path: e.path } : {}),
          ...(isRequestRejected(e) ? { diagnostics: e.diagnostics } : {}),
        },
      });
    }
    throw e;
  }
}

/** `--as <tenant>` names a tenant of the repository (issue 22 item 9): an unknown one is UnknownTenant, not a silent actor. */
function requireKnownTenant(checkout: Checkout, actor: Actor): void {
  if (actor.kind !== 'tenant') return;
  const tenants = new RepositoryReader(checkout.tree).tenantNames();
  if (!tenants.includes(actor.tenant)) {
    throw new PlatterError('UnknownTenant', `--as ${actor.tenant}: no such tenant (known: ${known(tenants)})`, 'as');
  }
}

/**
 * Removing what does not exist (issue 22 item 9) is not "nothing to change": the
 * planner's AlreadyAbsent (a warning, so a retried removal stays a no-op) is the
 * command's answer, exit 1. Nothing is written: the plan is empty.
 */
function refuseRemovingAbsent(p: Plan): void {
  const absent = p.changes.length === 0 ? p.diagnostics.find((d) => d.code === 'AlreadyAbsent') : undefined;
  if (absent) throw new PlatterError('AlreadyAbsent', absent.message, absent.path);
}

/**
 * A new environment without the secrets its stage's components need lands a
 * repository validate rejects (MissingSecretKey, issue 22 item 9): `env add`
 * refuses it before writing and says which flag brings them. A plan (or
 * --dry-run) still shows what it would need.
 */
function refuseNewEnvWithoutSecrets(request: ChangeRequest, p: Plan): void {
  if (request.kind !== 'CreateEnvironment') return;
  const missing = p.needsSecrets.filter((n) => n.env === request.name);
  if (!missing.length) return;
  const secrets = [...new Set(missing.map((n) => n.secret))];
  throw new PlatterError(
    'MissingSecretKey',
    `environment "${request.name}" needs ${missing.map((n) => `${n.key} in secret ${n.secret}`).join(', ')} (its stage's components use them): ` +
      `give ${secrets.length === 1 ? 'it' : 'them'} with ${secrets.map((s) => `--secret ${s}`).join(', ')} (KEY=VALUE lines on stdin) or --secret-file <secret>:<KEY>=<path>`,
    `envs/${request.name}/secrets/${secrets[0]}.yaml.encrypted`,
  );
}

function checkFlags(opts: RequestOptions): void {
  if (opts.branch && !opts.push) throw new UsageError('--branch needs --push (it names the branch pushed to origin)');
  if (opts.commit && opts.push)
    throw new UsageError("--commit and --push are exclusive: --push commits on origin's head itself");
}

/** --push: applyRequest against the checkout's origin, then fast-forward the checkout if it is clean. */
async function push(
  ctx: CommandContext,
  checkout: Checkout,
  request: ChangeRequest,
  actor: Actor,
  opts: RequestOptions,
): Promise<void> {
  const remote = await originUrl(checkout.root);
  if (!remote) throw new UsageError(`--push: ${checkout.shown} has no git remote "origin"`);
  const branch = await currentBranch(checkout.root);
  // Refused before anything is pushed: planned on the checkout, which origin's head is re-planned from anyway.
  if (request.kind === 'CreateEnvironment')
    refuseNewEnvWithoutSecrets(
      request,
      planRequest(checkout.tree, await sealRequest(checkout.tree, request), { actor }),
    );
  let result;
  try {
    result = await applyRequest(remote, request, {
      actor,
      mode: opts.branch ? 'branch' : 'direct',
      // The output names the danger findings of what it pushed, the platform team's too.
      renderedDiff: 'always',
      ...(branch ? { branch } : {}),
    });
  } catch (e) {
    // Direct mode refuses a plan that needs platform review: say which flag proposes it instead.
    if (isPlatterError(e, 'Forbidden') && !opts.branch)
      ctx.io.err('hint: if it needs platform review, propose it as a branch: --push --branch\n');
    throw e;
  }
  refuseRemovingAbsent(result.plan);
  let outcome: Outcome;
  if (result.outcome === 'committed') {
    let fastForwarded: boolean | 'dirty' = false;
    if (!opts.branch && branch)
      fastForwarded = (await isClean(checkout.root)) ? await fastForward(checkout.root, result.branch) : 'dirty';
    outcome = {
      outcome: 'pushed',
      mode: opts.branch ? 'branch' : 'direct',
      branch: result.branch,
      ...(result.commit ? { commit: result.commit } : {}),
      fastForwarded,
    };
  } else {
    outcome = { outcome: result.outcome, branch: result.branch };
  }
  report(ctx, checkout, result.plan, outcome, opts, 'apply');
}

function report(
  ctx: CommandContext,
  checkout: Checkout,
  p: Plan,
  outcome: Outcome,
  opts: RequestOptions,
  mode: 'apply' | 'plan',
): void {
  if (opts.json) printJson(ctx.io, { ...p, result: outcome });
  else
    printPlan(ctx.io, p, outcome, {
      dir: checkout.shown,
      showDiff: mode === 'plan' || opts.dryRun === true,
      tenant: opts.as,
    });
}
