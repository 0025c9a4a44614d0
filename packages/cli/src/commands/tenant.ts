import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { repeatable } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/** `platter tenant add|remove`: OnboardTenant (a team into stages) and OffboardTenant. */
export function registerTenant(program: Command, ctx: CommandContext): void {
  const tenant = program
    .command('tenant')
    .description('tenant teams: add (onboard into stages), remove (offboard)')
    .addHelpText('after', '\nExample:\n  $ platter tenant add team-c --stage staging\n');

  withRequestOptions(
    tenant
      .command('add')
      .description('onboard a tenant team into stages (an existing tenant gains the stages)')
      .argument('<name>', 'tenant name (team-c)')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--stage <stage>', 'a stage to onboard into (repeatable)', repeatable)
      .option('--owner <ref>', "owning Backstage group (default: the existing tenant's, else group:default/<name>)")
      .option('--codeowner <handle>', 'CODEOWNERS handle of the team, @org/team (repeatable)', repeatable)
      .option('--namespace <ns>', 'a namespace the tenant owns (repeatable; default: one named after it)', repeatable),
  )
    .addHelpText('after', '\nExample:\n  $ platter tenant add team-c --stage staging --codeowner @example-org/team-c\n')
    .action(
      async (
        name: string,
        dir: string | undefined,
        opts: RequestOptions & { stage: string[]; owner?: string; codeowner?: string[]; namespace?: string[] },
      ) => {
        await runRequest(ctx, opts, dir, (checkout) => {
          // An existing tenant only gains stages: its owner stays the default.
          const existing = checkout.fleet()?.tenants.find((t) => t.name === name);
          const request: RequestInputOf<'OnboardTenant'> = {
            kind: 'OnboardTenant',
            name,
            owner: opts.owner ?? existing?.owner ?? `group:default/${name}`,
            codeowners: opts.codeowner ?? [],
            namespaces: opts.namespace ?? [],
            stages: opts.stage,
          };
          return request;
        });
      },
    );

  withRequestOptions(
    tenant
      .command('remove')
      .description('offboard a tenant from some stages, or entirely')
      .argument('<name>', 'tenant name')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option('--stage <stage>', 'only from this stage (repeatable; default: the whole tenant)', repeatable)
      .option('--cascade', "also offboard the tenant's apps"),
  )
    .addHelpText('after', '\nExample:\n  $ platter tenant remove team-c --cascade --dry-run\n')
    .action(
      async (name: string, dir: string | undefined, opts: RequestOptions & { stage?: string[]; cascade?: boolean }) => {
        await runRequest(
          ctx,
          opts,
          dir,
          () =>
            ({
              kind: 'OffboardTenant',
              name,
              ...(opts.stage ? { stages: opts.stage } : {}),
              cascade: opts.cascade === true,
            }) satisfies RequestInputOf<'OffboardTenant'>,
        );
      },
    );
}
