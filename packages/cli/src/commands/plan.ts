import type { Command } from 'commander';
import { REQUEST_KINDS } from '@platter/model';
import { parseOneDocument, readStdin, readTextFile } from '../internal/args';
import { runRequest, withPlanOptions, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * `platter plan -f request.yaml [dir]` and `platter apply -f request.yaml [dir]`:
 * any change request, written as YAML or JSON with its `kind` (`-f -` reads
 * stdin). `plan` only shows the plan; `apply` carries it out like every shortcut.
 */
export function registerPlan(program: Command, ctx: CommandContext): void {
  const kinds = `kinds: ${REQUEST_KINDS.join(', ')}`;
  withPlanOptions(
    program
      .command('plan')
      .description(
        'show what a change request would change: the colored diff, where it lands, the review path; writes nothing',
      )
      .requiredOption('-f, --file <file>', 'the request, YAML or JSON with its kind (- reads stdin)')
      .argument('[dir]', 'repository checkout (default: the current directory)'),
  )
    .addHelpText('after', `\nExample:\n  $ platter plan -f enable-metrics.yaml --as team-a\n\nRequest ${kinds}\n`)
    .action(async (dir: string | undefined, opts: RequestOptions & { file: string }) => {
      await runRequest(ctx, opts, dir, () => readRequest(ctx, opts.file), 'plan');
    });

  withRequestOptions(
    program
      .command('apply')
      .description('carry out a change request: write the planned files (--commit, --push to land them in git)')
      .requiredOption('-f, --file <file>', 'the request, YAML or JSON with its kind (- reads stdin)')
      .argument('[dir]', 'repository checkout (default: the current directory)'),
  )
    .addHelpText('after', `\nExample:\n  $ platter apply -f onboard-cart.yaml --commit\n\nRequest ${kinds}\n`)
    .action(async (dir: string | undefined, opts: RequestOptions & { file: string }) => {
      await runRequest(ctx, opts, dir, () => readRequest(ctx, opts.file));
    });
}

async function readRequest(ctx: CommandContext, file: string): Promise<unknown> {
  const text = file === '-' ? await readStdin(ctx, 'the request') : readTextFile(ctx, file, 'request file');
  return parseOneDocument(text, file === '-' ? 'the request on stdin' : `request file ${file}`) ?? {};
}
