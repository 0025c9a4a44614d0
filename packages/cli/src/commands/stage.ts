import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { UsageError } from '../exitCodes';
import { parseAssignments, repeatable } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * `platter stage add|remove`: CreateStage (a stage at its place in the
 * promotion order, starting empty or with a copy of another stage's runtime
 * components) and DeleteStage (refused while environments or apps use it).
 */
export function registerStage(program: Command, ctx: CommandContext): void {
  const stage = program
    .command('stage')
    .description('stages (the promotion order): add, remove')
    .addHelpText(
      'after',
      '\nExample:\n  $ platter stage add qa --after staging --promotes-from staging --promotes-to prod --dry-run\n',
    );

  withRequestOptions(
    stage
      .command('add')
      .description(
        'create a stage at its place in the promotion order, empty or with the runtime components of another',
      )
      .argument('<name>', 'stage name (qa)')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option('--after <stage>', 'place it right after this stage (default: last)')
      .option('--position <n>', 'place it at this position in the promotion order, 1 = first (instead of --after)')
      .option('--promotes-from <stage>', 'the stage whose versions are promoted into it (must come before it)')
      .option(
        '--promotes-to <stage>',
        'a later stage that is promoted from it from now on, to insert it into the chain (repeatable)',
        repeatable,
      )
      .option('--allow-prerelease', 'it may run prerelease versions (1.3.0-rc.1)')
      .option(
        '--copy-components-from <stage>',
        'start with the runtime components (versions, addons, values) of this stage',
      )
      .option('--config <KEY=VALUE>', 'stage config for stage-config: domain, … (repeatable)', repeatable),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ platter stage add qa --after staging --promotes-from staging --allow-prerelease \\\n      --copy-components-from staging --config domain=qa.example.com\n',
    )
    .action(async (name: string, dir: string | undefined, opts: AddOptions) => {
      await runRequest(ctx, opts, dir, () => {
        const request: RequestInputOf<'CreateStage'> = {
          kind: 'CreateStage',
          name,
          ...(opts.after !== undefined ? { after: opts.after } : {}),
          ...(opts.position !== undefined ? { position: positionOf(opts.position) } : {}),
          ...(opts.promotesFrom !== undefined ? { promotesFrom: opts.promotesFrom } : {}),
          promotesTo: opts.promotesTo ?? [],
          allowPrerelease: opts.allowPrerelease === true,
          ...(opts.copyComponentsFrom !== undefined ? { copyComponentsFrom: opts.copyComponentsFrom } : {}),
          config: parseAssignments(opts.config ?? [], '--config'),
        };
        return request;
      });
    });

  withRequestOptions(
    stage
      .command('remove')
      .description('delete a stage no environment or app uses (its stages/<stage>/ and its platter.yaml entry)')
      .argument('<name>', 'stage name')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option('--relink', 'stages promoted from it are promoted from its own promotesFrom instead (default: refuse)'),
  )
    .addHelpText('after', '\nExample:\n  $ platter stage remove qa --dry-run\n')
    .action(async (name: string, dir: string | undefined, opts: RequestOptions & { relink?: boolean }) => {
      await runRequest(
        ctx,
        opts,
        dir,
        () => ({ kind: 'DeleteStage', name, relink: opts.relink === true }) satisfies RequestInputOf<'DeleteStage'>,
      );
    });
}

type AddOptions = RequestOptions & {
  after?: string;
  position?: string;
  promotesFrom?: string;
  promotesTo?: string[];
  allowPrerelease?: boolean;
  copyComponentsFrom?: string;
  config?: string[];
};

/** `--position` as a whole number (the request's rule, 1 or more, is the core's). */
function positionOf(value: string): number {
  if (!/^-?\d+$/.test(value))
    throw new UsageError(`--position: expected a whole number (1 = first), got ${JSON.stringify(value)}`);
  return Number(value);
}
