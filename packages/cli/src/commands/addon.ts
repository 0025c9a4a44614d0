import type { Command } from 'commander';
import { stageOrEnv } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * `platter addon enable|disable <service> <addon>`: EnableAddon / DisableAddon
 * for a stage (its runtime file), or one env (a JSON6902 override in its overlay).
 */
export function registerAddon(program: Command, ctx: CommandContext): void {
  const addon = program
    .command('addon')
    .description('addons of runtime components: enable, disable (for a stage, or one env)')
    .addHelpText('after', '\nExample:\n  $ platter addon enable ingress-nginx nodeport --stage staging\n');
  for (const [verb, kind, example] of [
    ['enable', 'EnableAddon', 'platter addon enable ingress-nginx nodeport --stage staging'],
    ['disable', 'DisableAddon', 'platter addon disable ingress-nginx metrics --env prod-eu'],
  ] as const) {
    withRequestOptions(
      addon
        .command(verb)
        .description(`${verb} an addon of a runtime component for a stage, or for one env as an override`)
        .argument('<service>', 'runtime service (ingress-nginx)')
        .argument('<addon>', 'addon name (nodeport)')
        .argument('[dir]', 'repository checkout (default: the current directory)')
        .option('--stage <stage>', 'for every env of this stage')
        .option('--env <env>', 'for this env alone (an override on its stage)'),
    )
      .addHelpText('after', `\nExample:\n  $ ${example}\n`)
      .action(
        async (
          service: string,
          name: string,
          dir: string | undefined,
          opts: RequestOptions & { stage?: string; env?: string },
        ) => {
          await runRequest(ctx, opts, dir, () => ({
            kind,
            service,
            addon: name,
            ...stageOrEnv(opts, `addon ${verb}`),
          }));
        },
      );
  }
}
