import type { Command } from 'commander';
import { layout } from '@platter/model';
import { readHistory, type HistorySubject } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { openCheckout } from '../internal/checkout';
import type { CommandContext } from './context';

/**
 * `platter history <env|stage|app>`: the commits that changed what an env, stage
 * or app builds from (gitops-repo's readHistory), newest first: requests (kind,
 * Requested-By, review path) and hand commits, and per entry the request that
 * would undo it, to pipe into `platter apply -f -`. The name is an env, else a
 * stage, else an app; `--env`, `--stage` or `--app` says which.
 */
export function registerHistory(program: Command, ctx: CommandContext): void {
  program
    .command('history')
    .description('show who changed an environment, stage or app, when, and how to undo it')
    .argument('<name>', 'an environment, stage or app')
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--env', 'the name is an environment')
    .option('--stage', 'the name is a stage')
    .option('--app', 'the name is an app')
    .option('-n, --limit <n>', 'entries to show, newest first', '20')
    .option('--json', 'print the entries as JSON')
    .addHelpText('after', '\nExamples:\n  $ platter history prod-eu\n  $ platter history shop --app -n 5\n')
    .action(
      async (
        name: string,
        dir: string | undefined,
        opts: { directory?: string; env?: boolean; stage?: boolean; app?: boolean; limit: string; json?: boolean },
      ) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${opts.limit}: a positive integer`);
        if ([opts.env, opts.stage, opts.app].filter(Boolean).length > 1)
          throw new UsageError('--env, --stage and --app exclude each other');
        const checkout = openCheckout(ctx, dir, opts.directory);
        const tree = checkout.tree;
        const subject: HistorySubject = opts.env
          ? { env: name }
          : opts.stage
            ? { stage: name }
            : opts.app
              ? { app: name }
              : tree.read(layout.envKustomization(name)) !== undefined
                ? { env: name }
                : tree.list(layout.stageDir(name)).length
                  ? { stage: name }
                  : tree.list(layout.appDir(name)).length
                    ? { app: name }
                    : { env: name };
        const entries = await readHistory(checkout.root, tree, subject, { limit });
        if (opts.json) return printJson(ctx.io, { subject, entries });
        const c = colors(ctx.io);
        const what =
          'env' in subject
            ? `env ${subject.env}`
            : 'stage' in subject
              ? `stage ${subject.stage}`
              : `app ${subject.app}`;
        ctx.io.out(
          `${c.bold(`History of ${what}`)} (newest first, ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})\n`,
        );
        for (const e of entries) {
          const source =
            e.source === 'hand' ? c.yellow('hand commit') : `${e.kind ?? 'request'}${e.review ? `, ${e.review}` : ''}`;
          ctx.io.out(
            `  ${e.date.slice(0, 16).replace('T', ' ')}  ${e.commit.slice(0, 12)}  ${source}  ${e.requestedBy ?? e.author}\n      ${e.title}\n`,
          );
          for (const u of e.undo)
            ctx.io.out(`      ${c.dim('undo:')} echo '${JSON.stringify(u)}' | platter apply -f -\n`);
        }
      },
    );
}
