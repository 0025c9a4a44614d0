import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { parseAssignments, repeatable, stageOrEnv } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';
import { registerConfigImport } from './cloud';

/**
 * `platter config set KEY=VALUE… --stage|--env [--unset KEY]`: SetConfig, the
 * Flux substitution variables of a stage (stage-config) or one env (env-config).
 * Takes no [dir] operand (KEY=VALUE operands are variadic): use -C <dir>.
 */
export function registerConfig(program: Command, ctx: CommandContext): void {
  const config = program
    .command('config')
    .description('config (Flux variables) of a stage or env: set')
    .addHelpText('after', '\nExample:\n  $ platter config set --stage prod domain=example.com\n');
  withRequestOptions(
    config
      .command('set')
      .description('set or unset config keys of a stage or one environment')
      .argument('[KEY=VALUE...]', 'keys to set')
      .option('--stage <stage>', 'of this stage (stage-config)')
      .option('--env <env>', 'of this environment (env-config)')
      .option('--unset <KEY>', 'remove a key (repeatable)', repeatable),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ platter config set --env prod-eu region=eu-central-1 --unset legacy_zone\n\nSecrets do not belong here: use platter secret set.\n',
    )
    .action(async (pairs: string[], opts: RequestOptions & { stage?: string; env?: string; unset?: string[] }) => {
      await runRequest(
        ctx,
        opts,
        undefined,
        () =>
          ({
            kind: 'SetConfig',
            ...stageOrEnv(opts, 'config set'),
            set: parseAssignments(pairs, 'config set'),
            unset: opts.unset ?? [],
          }) satisfies RequestInputOf<'SetConfig'>,
      );
    });
  registerConfigImport(config, ctx); // --from-terraform-output (issue 21)
}
