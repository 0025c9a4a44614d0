import type { Command } from 'commander';
import { explainObject, formatExplanation } from '@platter/render';
import { UsageError } from '../exitCodes';
import { printJson } from '../output';
import { openCheckout } from '../internal/checkout';
import type { CommandContext } from './context';

/**
 * `platter explain <env> <kind>/<namespace>/<name>`: why an object is in what Flux
 * applies in an env (render's explainObject): env -> stage -> Flux Kustomization ->
 * component version, app or tenant -> base file -> every patch, addon and
 * substitution that changed it, each with file and line. `--field` adds the value
 * each step gave that field. A cluster-scoped object has an empty namespace
 * (`Namespace//cert-manager`, or `Namespace/cert-manager`). Exit 1 for an unknown
 * env or object (UnknownEnvironment, UnknownObject), 2 for a malformed object.
 */
export function registerExplain(program: Command, ctx: CommandContext): void {
  program
    .command('explain')
    .description('explain why an object is in an environment: the files and lines that put it there and changed it')
    .argument('<env>', 'the environment')
    .argument('<object>', '<kind>/<namespace>/<name> (cluster-scoped: <kind>/<name>)')
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--field <path>', 'a field (spec.values.controller.replicaCount): the value each step gave it')
    .option('--json', 'print the explanation as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter explain prod-eu HelmRelease/ingress-nginx/ingress-nginx --field spec.values.controller.replicaCount\n  $ platter explain prod-eu Namespace/cert-manager\n',
    )
    .action(
      async (
        env: string,
        object: string,
        dir: string | undefined,
        opts: { directory?: string; field?: string; json?: boolean },
      ) => {
        const parts = object.split('/');
        if (parts.length < 2 || parts.length > 3 || parts.some((p, i) => !p && !(parts.length === 3 && i === 1))) {
          throw new UsageError(`object "${object}": expected <kind>/<namespace>/<name> or <kind>/<name>`);
        }
        const ref =
          parts.length === 3
            ? { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! }
            : { kind: parts[0]!, name: parts[1]! };
        const checkout = openCheckout(ctx, dir, opts.directory);
        const e = explainObject(checkout.tree, env, ref, opts.field !== undefined ? { field: opts.field } : {});
        if (opts.json) return printJson(ctx.io, e);
        ctx.io.out(formatExplanation(e));
      },
    );
}
