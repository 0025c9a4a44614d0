import type { Command } from 'commander';
import { isPlatterError, isRequestRejected, parseRequest, type Actor, type ChangeRequest } from '@platter/model';
import { plan as planRequest, type Plan } from '@platter/render';
import { applyRequest, sealRequest, writeChanges } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { printJson, printPlan, type Outcome } from '../output';
import type { CommandContext } from '../commands/context';
import { currentBranch, fastForward, headCommit, isClean, isGitCheckout, openCheckout, originUrl, type Checkout } from './checkout';
import { commitInCheckout } from './commit';

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
    .option('--commit', 'also commit the change in the checkout (trailers Platter-Request, Requested-By)')
    .option('--push', "apply on origin's head: commit and push, then fast-forward this checkout if it is clean")
    .option('--branch', 'with --push: push a review branch platter/<kind>/<subject> instead of the target branch');
}

/** Adds the options of a read-only planning command (`platter plan`). */
export function withPlanOptions(cmd: Command): Command {
  return cmd
    .option('-C, --directory <dir>', 'the repository checkout (default: the current directory)')
    .option('--json', 'print the plan as JSON')
    .option('--as <tenant>', 'plan as this tenant: decides the review path; Forbidden for what is not its own');
}

export const actorOf = (opts: Pick<RequestOptions, 'as'>): Actor => (opts.as ? { kind: 'tenant', tenant: opts.as } : { kind: 'platform' });

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
    if (opts.push && !opts.dryRun && mode === 'apply') return await push(ctx, checkout, request, actor, opts);
    if (opts.commit && !opts.dryRun && !(await isGitCheckout(checkout.root))) {
      throw new UsageError(`--commit: ${checkout.shown} is not in a git checkout (git init, or clone the repository)`);
    }
    const sealed = await sealRequest(checkout.tree, request);
    const baseCommit = await headCommit(checkout.root);
    const p = planRequest(checkout.tree, sealed, { actor, ...(baseCommit ? { baseCommit } : {}) });
    let outcome: Outcome;
    if (mode === 'plan' || opts.dryRun) outcome = { outcome: 'planned' };
    else if (p.changes.length === 0) outcome = { outcome: 'no-changes' };
    else {
      await writeChanges(checkout.root, p.changes);
      outcome = opts.commit ? { outcome: 'committed', ...(await commitInCheckout(checkout.root, p, actor)) } : { outcome: 'written' };
    }
    report(ctx, checkout, p, outcome, opts, mode);
  } catch (e) {
    if (opts.json && isPlatterError(e)) {
      printJson(ctx.io, { error: { code: e.code, message: e.message, ...(e.path ? { path: e.path } : {}), ...(isRequestRejected(e) ? { diagnostics: e.diagnostics } : {}) } });
    }
    throw e;
  }
}

function checkFlags(opts: RequestOptions): void {
  if (opts.branch && !opts.push) throw new UsageError('--branch needs --push (it names the branch pushed to origin)');
  if (opts.commit && opts.push) throw new UsageError('--commit and --push are exclusive: --push commits on origin\'s head itself');
}

/** --push: applyRequest against the checkout's origin, then fast-forward the checkout if it is clean. */
async function push(ctx: CommandContext, checkout: Checkout, request: ChangeRequest, actor: Actor, opts: RequestOptions): Promise<void> {
  const remote = await originUrl(checkout.root);
  if (!remote) throw new UsageError(`--push: ${checkout.shown} has no git remote "origin"`);
  const branch = await currentBranch(checkout.root);
  let result;
  try {
    result = await applyRequest(remote, request, { actor, mode: opts.branch ? 'branch' : 'direct', ...(branch ? { branch } : {}) });
  } catch (e) {
    // Direct mode refuses a plan that needs platform review: say which flag proposes it instead.
    if (isPlatterError(e, 'Forbidden') && !opts.branch) ctx.io.err('hint: if it needs platform review, propose it as a branch: --push --branch\n');
    throw e;
  }
  let outcome: Outcome;
  if (result.outcome === 'committed') {
    let fastForwarded: boolean | 'dirty' = false;
    if (!opts.branch && branch) fastForwarded = (await isClean(checkout.root)) ? await fastForward(checkout.root, result.branch) : 'dirty';
    outcome = { outcome: 'pushed', mode: opts.branch ? 'branch' : 'direct', branch: result.branch, ...(result.commit ? { commit: result.commit } : {}), fastForwarded };
  } else {
    outcome = { outcome: result.outcome, branch: result.branch };
  }
  report(ctx, checkout, result.plan, outcome, opts, 'apply');
}

function report(ctx: CommandContext, checkout: Checkout, p: Plan, outcome: Outcome, opts: RequestOptions, mode: 'apply' | 'plan'): void {
  if (opts.json) printJson(ctx.io, { ...p, result: outcome });
  else printPlan(ctx.io, p, outcome, { dir: checkout.shown, showDiff: mode === 'plan' || opts.dryRun === true, tenant: opts.as });
}
