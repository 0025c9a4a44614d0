import fs from 'node:fs';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { openCheckout, originUrl } from '../internal/checkout';
import { ciReviewHost, formatDuration, promote, type PromotionResult } from '../ci/promote';
import { formatVerifyReport, verifyChange } from '../ci/verify';
import { resolveDir, type CommandContext } from './context';

/**
 * `platter ci`: commands for pipelines (issue 20). `verify` is the gate of a pull
 * or merge request; `promote` opens the promotions whose soak time has passed.
 * `platter init --ci github|gitlab` writes pipelines that run both.
 */
export function registerCi(program: Command, ctx: CommandContext): void {
  const ci = program
    .command('ci')
    .description('commands for CI pipelines: verify a change, promote what has soaked')
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter ci verify --kustomize --report platter-verify.md\n  $ platter ci promote --dry-run\n',
    );
  ci.command('verify')
    .description(
      'validate the checkout (--kustomize: real kubectl builds) and show what Flux applies differently than on the target branch, as a markdown report; exit 1 on errors',
    )
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option(
      '--base <ref>',
      'the target branch (default: origin/ + $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else origin/main)',
    )
    .option('--kustomize', 'also build every env and Flux Kustomization with kubectl kustomize (needs kubectl)')
    .option('--report <file>', 'also write the markdown report to this file (for a PR/MR comment)')
    .option(
      '--comment [number]',
      'also post the report on the pull/merge request, one comment kept up to date (default: $GITHUB_REF refs/pull/<n>/merge, $CI_MERGE_REQUEST_IID)',
    )
    .option('--remote <url>', "the repository (default: the checkout's origin)")
    .option('--host <host>', 'github or gitlab, for --comment (default: the CI this runs in)')
    .option('--api-url <url>', "the host's REST API (default: $GITHUB_API_URL, $CI_API_V4_URL)")
    .option('--repo <path>', 'owner/name or group/project (default: $GITHUB_REPOSITORY, $CI_PROJECT_PATH, the remote)')
    .option('--token-env <name>', 'the variable holding the API token (default: GITHUB_TOKEN, GITLAB_TOKEN)')
    .option('--json', 'print the result as JSON instead of markdown')
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter ci verify --kustomize --base origin/main --report platter-verify.md\n  $ platter ci verify --comment     # in a GitHub Actions or GitLab CI pull/merge request pipeline\n',
    )
    .action(
      async (
        dir: string | undefined,
        opts: HostFlags & {
          directory?: string;
          base?: string;
          kustomize?: boolean;
          report?: string;
          comment?: string | boolean;
          json?: boolean;
        },
      ) => {
        const checkout = openCheckout(ctx, dir, opts.directory);
        const env = process.env;
        // Where the comment goes is settled before the (long) verification: a usage error comes first.
        const target = opts.comment ? await commentTarget(checkout.root, opts, env) : undefined;
        const result = await verifyChange(checkout.root, {
          base: opts.base ?? defaultBase(env),
          kustomize: opts.kustomize === true,
        });
        const report = formatVerifyReport(result);
        if (opts.report) fs.writeFileSync(resolveDir(ctx, opts.report), report);
        if (opts.json) printJson(ctx.io, { ...result, onBase: [...result.onBase] });
        else ctx.io.out(report);
        if (target) {
          try {
            const posted = await target.host.upsertComment(target.number, VERIFY_MARKER, report);
            ctx.io.err(
              `${posted.created ? 'commented' : 'updated the comment'} on ${target.host.noun} ${posted.url}\n`,
            );
          } catch (e) {
            // The gate is the verification's: a host that cannot take the comment is said, not a failed check.
            ctx.io.err(`could not comment on ${target.host.noun} ${target.number}: ${(e as Error).message}\n`);
          }
        }
        ctx.exit(result.ok ? EXIT.ok : EXIT.findings);
      },
    );
  ci.command('promote')
    .description(
      'open (or refresh) the promotion pull/merge request of each app and component whose version has soaked in the stage it promotes from (platter.yaml stages[].promotion) and whose envs are not frozen',
    )
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--remote <url>', "where promotion branches are pushed (default: the checkout's origin)")
    .option('--base <branch>', "the branch promotions merge into (default: platter.yaml's repository.branch)")
    .option('--host <host>', 'github or gitlab (default: the CI this runs in; elsewhere branches only)')
    .option('--api-url <url>', "the host's REST API (default: $GITHUB_API_URL, $CI_API_V4_URL)")
    .option('--repo <path>', 'owner/name or group/project (default: $GITHUB_REPOSITORY, $CI_PROJECT_PATH, the remote)')
    .option('--token-env <name>', 'the variable holding the API and push token (default: GITHUB_TOKEN, GITLAB_TOKEN)')
    .option('--dry-run', 'say what would be promoted; push and open nothing')
    .option('--json', 'print the results as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter ci promote --dry-run\n  $ platter ci promote --host gitlab --token-env PLATTER_GITLAB_TOKEN\n',
    )
    .action(
      async (
        dir: string | undefined,
        opts: {
          directory?: string;
          remote?: string;
          base?: string;
          host?: string;
          apiUrl?: string;
          repo?: string;
          tokenEnv?: string;
          dryRun?: boolean;
          json?: boolean;
        },
      ) => {
        const checkout = openCheckout(ctx, dir, opts.directory);
        const fleet = checkout.requireFleet();
        const remote = opts.remote ?? (await originUrl(checkout.root));
        if (!remote) throw new UsageError(`${checkout.shown} has no origin: pass --remote <url>`);
        const env = process.env;
        const host = ciReviewHost(remote, hostOptions(opts), env);
        const results = await promote(checkout, fleet, {
          remote,
          base: opts.base ?? fleet.settings.repository.branch,
          ...(host ? { host } : {}),
          now: new Date(),
          dryRun: opts.dryRun === true,
          via: env.CI_PIPELINE_URL ?? (env.GITHUB_RUN_ID ? `workflow run ${env.GITHUB_RUN_ID}` : 'a pipeline'),
        });
        if (opts.json) printJson(ctx.io, { results });
        else printPromotions(ctx, results, host === undefined && !opts.dryRun);
        ctx.exit(results.some((r) => r.status === 'failed') ? EXIT.findings : EXIT.ok);
      },
    );
}

function printPromotions(ctx: CommandContext, results: readonly PromotionResult[], branchesOnly: boolean): void {
  const c = colors(ctx.io);
  if (!results.length) return ctx.io.out('nothing to promote: every stage runs what the stage it promotes from runs\n');
  for (const r of results) {
    const what = `${r.subject} ${r.current} -> ${r.version} (${r.from} -> ${r.to})`;
    const soaked = r.evidence ? `in ${r.from} for ${formatDuration(r.evidence.soakedMs)} of ${r.evidence.soak}` : '';
    const line =
      r.status === 'proposed'
        ? `${c.green('proposed')} ${what}: ${soaked}${r.review ? `; ${r.review.action} ${r.review.review.url}` : r.branch ? `; branch ${r.branch}` : ' (dry run)'}`
        : r.status === 'soaking'
          ? `${c.yellow('soaking')} ${what}: ${soaked || 'no history of it'}`
          : r.status === 'frozen'
            ? `${c.yellow('frozen')} ${what}: held by ${r.frozenBy!.join(', ')}`
            : r.status === 'manual'
              ? `${c.dim('manual')} ${what}: not in the stage's promotion.auto`
              : `${c.red('failed')} ${what}: ${r.error!.code}: ${r.error!.message}`;
    ctx.io.out(`${line}\n`);
  }
  if (branchesOnly && results.some((r) => r.status === 'proposed'))
    ctx.io.out('no review host (not in GitHub Actions or GitLab CI, no --host): branches pushed, no reviews opened\n');
}

/** The flags that say where reviews are (verify --comment, promote). */
interface HostFlags {
  remote?: string;
  host?: string;
  apiUrl?: string;
  repo?: string;
  tokenEnv?: string;
}

/** Marks the comment `ci verify --comment` keeps up to date (an HTML comment: invisible on the page). */
export const VERIFY_MARKER = '<!-- platter ci verify -->';

/** The review host and the number of the pull/merge request `--comment` posts on. */
async function commentTarget(
  root: string,
  opts: HostFlags & { comment?: string | boolean },
  env: Readonly<Record<string, string | undefined>>,
) {
  const number = typeof opts.comment === 'string' ? Number(opts.comment) : reviewNumberOf(env);
  if (!number || !Number.isInteger(number) || number < 1) {
    throw new UsageError(
      `--comment${typeof opts.comment === 'string' ? ` ${opts.comment}` : ''}: which pull/merge request? give its number (not in a pull/merge request pipeline)`,
    );
  }
  const remote = opts.remote ?? (await originUrl(root));
  const host = remote ? ciReviewHost(remote, hostOptions(opts), env) : undefined;
  if (!host)
    throw new UsageError('--comment: which host? pass --host github|gitlab (or run in GitHub Actions / GitLab CI)');
  return { host, number };
}

/** The pull request of a GitHub Actions pull_request run (refs/pull/<n>/merge), or GitLab's merge request iid. */
export function reviewNumberOf(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const pull = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(env.GITHUB_REF ?? '')?.[1];
  const iid = pull ?? env.CI_MERGE_REQUEST_IID;
  return iid ? Number(iid) : undefined;
}

const hostOptions = (opts: HostFlags) => ({
  ...(opts.host ? { host: opts.host } : {}),
  ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
  ...(opts.repo ? { repo: opts.repo } : {}),
  ...(opts.tokenEnv ? { tokenEnv: opts.tokenEnv } : {}),
});

/** The target branch a pipeline says it is checking against (GitHub Actions, GitLab CI), else origin/main. */
export function defaultBase(env: Readonly<Record<string, string | undefined>>): string {
  const branch = env.GITHUB_BASE_REF || env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || env.CI_DEFAULT_BRANCH || 'main';
  return `origin/${branch}`;
}
