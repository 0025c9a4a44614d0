import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { readMappingFile, repeatable } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * `platter component add|remove <service> --stage <stage>`: AddComponentToStage
 * and RemoveComponentFromStage, a runtime service of the menu in a stage.
 * (Changing its version is `platter menu upgrade`; its addons, `platter addon`.)
 */
export function registerComponent(program: Command, ctx: CommandContext): void {
  const component = program
    .command('component')
    .description('runtime components of a stage: add, remove')
    .addHelpText('after', '\nExample:\n  $ platter component add external-dns --stage staging\n');

  withRequestOptions(
    component
      .command('add')
      .description('run a runtime service of the menu in a stage, at a version, with addons')
      .argument('<service>', 'runtime service (external-dns)')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--stage <stage>', 'the stage')
      .option('--version <version>', 'menu version (default: the newest the stage allows)')
      .option('--addon <addon>', 'an addon to enable, in order (repeatable)', repeatable)
      .option('--values <file>', 'stage-specific Helm values (YAML)'),
  )
    .addHelpText('after', '\nExample:\n  $ platter component add external-dns --stage staging --version 1.0.0\n')
    .action(
      async (
        service: string,
        dir: string | undefined,
        opts: RequestOptions & { stage: string; version?: string; addon?: string[]; values?: string },
      ) => {
        await runRequest(ctx, opts, dir, () => {
          const request: RequestInputOf<'AddComponentToStage'> = {
            kind: 'AddComponentToStage',
            stage: opts.stage,
            service,
            ...(opts.version ? { version: opts.version } : {}),
            addons: opts.addon ?? [],
            ...(opts.values ? { values: readMappingFile(ctx, opts.values, '--values') } : {}),
          };
          return request;
        });
      },
    );

  withRequestOptions(
    component
      .command('remove')
      .description('stop running a runtime service in a stage')
      .argument('<service>', 'runtime service')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--stage <stage>', 'the stage'),
  )
    .addHelpText('after', '\nExample:\n  $ platter component remove external-dns --stage staging --dry-run\n')
    .action(async (service: string, dir: string | undefined, opts: RequestOptions & { stage: string }) => {
      await runRequest(
        ctx,
        opts,
        dir,
        () =>
          ({
            kind: 'RemoveComponentFromStage',
            stage: opts.stage,
            service,
          }) satisfies RequestInputOf<'RemoveComponentFromStage'>,
      );
    });
}
