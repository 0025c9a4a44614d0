import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { repeatable, resolveTarget } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * `platter promote <app> --to <stage|env>`: PromoteApp. The version defaults to
 * the one pinned where it comes from (`--from`, default: the stage the target
 * promotes from). Promoting into a stage the app is not bound to binds and pins it.
 */
export function registerPromote(program: Command, ctx: CommandContext): void {
  withRequestOptions(
    program
      .command('promote')
      .description(
        "promote an app's version to stages or envs (default: the version pinned in the stage they promote from)",
      )
      .argument('<app>', 'app name')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption(
        '--to <stage|env>',
        'target stage or env (repeatable; stage:<name> or env:<name> when a name is both)',
        repeatable,
      )
      .option('--from <stage|env>', 'where the version comes from (default: the stage the first target promotes from)')
      .option('--version <version>', 'the version to promote (default: the one pinned at --from)'),
  )
    .addHelpText('after', '\nExample:\n  $ platter promote shop --to prod\n')
    .action(
      async (
        app: string,
        dir: string | undefined,
        opts: RequestOptions & { to: string[]; from?: string; version?: string },
      ) => {
        await runRequest(ctx, opts, dir, (checkout) => {
          const fleet = checkout.fleet();
          const request: RequestInputOf<'PromoteApp'> = {
            kind: 'PromoteApp',
            app,
            to: opts.to.map((t) => resolveTarget(fleet, t, 'to')),
            ...(opts.from ? { from: resolveTarget(fleet, opts.from, 'from') } : {}),
            ...(opts.version ? { version: opts.version } : {}),
          };
          return request;
        });
      },
    );
}
