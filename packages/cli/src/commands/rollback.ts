import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { stageOrEnv } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/** `platter rollback <app> <version> --stage|--env`: Rollback, the one request allowed to pin a lower version. */
export function registerRollback(program: Command, ctx: CommandContext): void {
  withRequestOptions(
    program
      .command('rollback')
      .description('pin an older version of an app in a stage or env (promote refuses to go down)')
      .argument('<app>', 'app name')
      .argument('<version>', 'the older version to pin')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option('--stage <stage>', 'in this stage')
      .option('--env <env>', 'in this env'),
  )
    .addHelpText('after', '\nExample:\n  $ platter rollback shop 1.1.0 --stage prod\n')
    .action(
      async (
        app: string,
        version: string,
        dir: string | undefined,
        opts: RequestOptions & { stage?: string; env?: string },
      ) => {
        await runRequest(
          ctx,
          opts,
          dir,
          () =>
            ({
              kind: 'Rollback',
              app,
              version,
              target: stageOrEnv(opts, 'rollback'),
            }) satisfies RequestInputOf<'Rollback'>,
        );
      },
    );
}
