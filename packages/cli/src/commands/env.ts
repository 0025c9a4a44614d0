import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { UsageError } from '../exitCodes';
import { parseAssignments, readStdin, repeatable, setOwn } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import {
  operandsOf,
  parseSecretLines,
  readSecretFile,
  splitSecretFileSpec,
  takesSecrets,
} from '../internal/secretValues';
import type { CommandContext } from './context';

/**
 * `platter env add|remove`: CreateEnvironment (a cluster in a stage, with its
 * facts and secrets) and DeleteEnvironment. Secret values come from stdin or
 * files, never from flags.
 */
export function registerEnv(program: Command, ctx: CommandContext): void {
  const env = program
    .command('env')
    .description('environments (one cluster each): add, remove')
    .addHelpText('after', '\nExample:\n  $ platter env remove prod-us --dry-run\n');

  withRequestOptions(
    takesSecrets(
      env
        .command('add')
        .description('create an environment in a stage: its age recipients, cluster facts (config) and secrets')
        .argument('<name>', 'environment name (prod-ap)')
        .argument('[dir]', 'repository checkout (default: the current directory)')
        .requiredOption('--stage <stage>', 'the stage it belongs to')
        .requiredOption('--age-recipient <age1…>', "age recipient of the cluster's SOPS key (repeatable)", repeatable)
        .option('--owner <ref>', 'owning group (group:default/platform-team)')
        .option(
          '--config <KEY=VALUE>',
          'a cluster fact for env-config: cluster_name, region, … (repeatable)',
          repeatable,
        )
        .option('--secret <name>', 'a Secret whose KEY=VALUE lines are read from stdin (runtime-external-dns)')
        .option('--secret-file <name:KEY=path>', 'one key of a Secret from a file (repeatable)', repeatable),
    ),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ printf "EXTERNAL_DNS_API_TOKEN=%s\\n" "$TOKEN" | platter env add prod-ap --stage prod \\\n      --age-recipient age1… --config cluster_name=prod-ap --config region=ap-southeast-1 --secret runtime-external-dns\n',
    )
    .action(async function (this: Command) {
      const [name, dir] = operandsOf(this, 2);
      const opts = this.opts<
        RequestOptions & {
          stage: string;
          ageRecipient: string[];
          owner?: string;
          config?: string[];
          secret?: string;
          secretFile?: string[];
        }
      >();
      await runRequest(ctx, opts, dir, async () => {
        const request: RequestInputOf<'CreateEnvironment'> = {
          kind: 'CreateEnvironment',
          name: name!,
          stage: opts.stage,
          ...(opts.owner ? { owner: opts.owner } : {}),
          ageRecipients: opts.ageRecipient,
          config: parseAssignments(opts.config ?? [], '--config'),
          secrets: await readEnvSecrets(ctx, opts.secret, opts.secretFile ?? []),
        };
        return request;
      });
    });

  withRequestOptions(
    env
      .command('remove')
      .description('delete an environment and what is only its own (its overlay, secrets, env-only app deployments)')
      .argument('<name>', 'environment name')
      .argument('[dir]', 'repository checkout (default: the current directory)'),
  )
    .addHelpText('after', '\nExample:\n  $ platter env remove prod-ap --dry-run\n')
    .action(async (name: string, dir: string | undefined, opts: RequestOptions) => {
      await runRequest(
        ctx,
        opts,
        dir,
        () => ({ kind: 'DeleteEnvironment', name }) satisfies RequestInputOf<'DeleteEnvironment'>,
      );
    });
}

/** `--secret <name>` (stdin lines) and `--secret-file <name>:<KEY>=<path>`, grouped by Secret. */
async function readEnvSecrets(
  ctx: CommandContext,
  stdinSecret: string | undefined,
  files: readonly string[],
): Promise<{ name: string; values: Record<string, string> }[]> {
  const bySecret = new Map<string, Record<string, string>>();
  const valuesOf = (name: string) => bySecret.get(name) ?? bySecret.set(name, {}).get(name)!;
  if (stdinSecret)
    Object.assign(
      valuesOf(stdinSecret),
      parseSecretLines(await readStdin(ctx, `KEY=VALUE lines of secret ${stdinSecret}`)),
    );
  for (const spec of files) {
    const colon = spec.indexOf(':');
    // The spec is not echoed: a value typed in place of the path would be printed back (issue 22 item 3).
    if (colon <= 0)
      throw new UsageError(
        '--secret-file: expected <secret>:<KEY>=<path> (what was given is not shown: it may hold a secret)',
      );
    const secret = spec.slice(0, colon);
    const [key, file] = splitSecretFileSpec(spec.slice(colon + 1), `--secret-file ${secret}:`);
    const values = valuesOf(secret);
    if (Object.hasOwn(values, key))
      throw new UsageError(`--secret-file: key ${key} of secret ${secret} is given twice`);
    setOwn(values, key, readSecretFile(ctx, file, `--secret-file ${secret}:${key}=`), '--secret-file');
  }
  for (const [name, values] of bySecret) {
    if (Object.keys(values).length === 0)
      throw new UsageError(`secret ${name} has no values: pipe KEY=VALUE lines on stdin`);
  }
  return [...bySecret].map(([name, values]) => ({ name, values }));
}
