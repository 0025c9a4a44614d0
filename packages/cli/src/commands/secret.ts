import type { Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { repeatable } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import { operandsOf, readSecretValues, takesSecrets } from '../internal/secretValues';
import type { CommandContext } from './context';

/**
 * `platter secret set <env> <name>`: SetSecret, one SOPS-encrypted Secret of an
 * env (`envs/<env>/secrets/<name>.yaml.encrypted`), encrypted to the env's age
 * recipients before planning. Values come from `KEY=VALUE` lines on stdin or
 * `--from-file KEY=path`, never from a flag; no value is ever printed.
 */
export function registerSecret(program: Command, ctx: CommandContext): void {
  const secret = program
    .command('secret')
    .description('SOPS-encrypted env secrets: set (values from stdin or files, never flags)')
    .addHelpText(
      'after',
      '\nExample:\n  $ platter secret set prod-eu runtime-external-dns --rotate < external-dns.env\n',
    );
  withRequestOptions(
    takesSecrets(
      secret
        .command('set')
        .description(
          "create or replace an env's encrypted Secret; values come from KEY=VALUE lines on stdin or --from-file",
        )
        .argument('<env>', 'environment')
        .argument('<name>', 'Secret name (runtime-external-dns)')
        .argument('[dir]', 'repository checkout (default: the current directory)')
        .option(
          '--from-file <KEY=path>',
          'one key from a file (repeatable; path - reads stdin as the value)',
          repeatable,
        )
        .option('--namespace <ns>', 'namespace of the Secret (default flux-system)')
        .option('--rotate', 're-encrypt even when the Secret exists with the same keys'),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ printf "EXTERNAL_DNS_API_TOKEN=%s\\n" "$TOKEN" | platter secret set prod-eu runtime-external-dns --rotate\n  $ platter secret set prod-eu tls --from-file tls.crt=cert.pem --from-file tls.key=key.pem\n',
    )
    .action(async function (this: Command) {
      const [env, name, dir] = operandsOf(this, 3);
      const opts = this.opts<RequestOptions & { fromFile?: string[]; namespace?: string; rotate?: boolean }>();
      await runRequest(ctx, opts, dir, async () => {
        const values = await readSecretValues(ctx, opts.fromFile ?? [], `secret ${name}`);
        const request: RequestInputOf<'SetSecret'> = {
          kind: 'SetSecret',
          env: env!,
          secret: { name: name!, ...(opts.namespace ? { namespace: opts.namespace } : {}), values },
          rotate: opts.rotate === true,
        };
        return request;
      });
    });
}
