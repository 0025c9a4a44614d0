import type { Command } from 'commander';
import { checkFreezes, freezeStatuses, isValidIsoDate, outdatedReport, type OutdatedItem } from '@platter/model';
import { readFreezes } from '@platter/render';
import { EXIT, UsageError } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { openCheckout } from '../internal/checkout';
import type { CommandContext } from './context';

/**
 * The menu's lifecycle (issue 19), read-only:
 *
 * - `platter freezes [--json] [--at <date>]`: platter.yaml's change freezes, which
 *   are active and which envs each holds (exit 1 when any is active, with
 *   --exit-code, for pipelines that should wait).
 * - `platter menu outdated [--json] [--at <date>]`: per stage and env, components
 *   behind the newest stable version, deprecated or past their sunset (days
 *   left), apps pinned older than the stage they promote from.
 *
 * `--at` evaluates at another date than today (what a freeze or sunset will be).
 */
export function registerLifecycle(program: Command, ctx: CommandContext): void {
  program
    .command('freezes')
    .description("platter.yaml's change freezes: which are active, which envs each holds")
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--json', 'print the freezes as JSON')
    .option('--at <date>', 'evaluate at this ISO date or date-time (default: now)')
    .option('--exit-code', 'exit 1 when a freeze is active')
    .addHelpText('after', '\nExample:\n  $ platter freezes --at 2026-11-28\n')
    .action(
      async (
        dir: string | undefined,
        opts: { directory?: string; json?: boolean; at?: string; exitCode?: boolean },
      ) => {
        const checkout = openCheckout(ctx, dir, opts.directory);
        const fleet = checkout.requireFleet();
        const now = atOf(opts.at);
        const read = readFreezes(checkout.tree);
        const { freezes } = read;
        // Malformed windows, and stages or envs that do not exist (a misspelled env would freeze nothing).
        const diagnostics = [
          ...read.diagnostics,
          ...checkFreezes(freezes, {
            stages: fleet.stages.map((s) => s.name),
            environments: fleet.environments.map((e) => e.name),
          }),
        ];
        if (diagnostics.length) ctx.exit(EXIT.findings);
        const statuses = freezeStatuses(freezes, fleet.environments, now);
        if (opts.exitCode && statuses.some((f) => f.active)) ctx.exit(EXIT.findings);
        if (opts.json) return printJson(ctx.io, { at: now.toISOString(), freezes: statuses, diagnostics });
        const c = colors(ctx.io);
        for (const d of diagnostics) ctx.io.err(`${c.red(d.code)} ${d.path ?? ''}: ${d.message}\n`);
        if (!statuses.length) return ctx.io.out('no freezes in platter.yaml\n');
        for (const f of statuses) {
          const window = `${f.from} → ${f.until ?? 'until lifted (stop the line)'}`;
          const state = f.active ? c.red('ACTIVE') : c.dim('inactive');
          ctx.io.out(`${c.bold(f.name)} ${state}  ${window}\n  ${f.reason}\n`);
          ctx.io.out(
            `  holds: ${f.reaches.join(', ') || '-'}${f.stages.length ? ` (stages ${f.stages.join(', ')})` : ''}\n`,
          );
          if (f.overrideBy.length) ctx.io.out(`  override: ${f.overrideBy.join(', ')} (requests go to review)\n`);
        }
      },
    );

  const menu = program.commands.find((cmd) => cmd.name() === 'menu');
  if (!menu) throw new Error('internal: register the menu command before the lifecycle commands');
  menu
    .command('outdated')
    .description(
      'per stage and env: components behind the newest stable version, deprecated or past sunset, apps behind',
    )
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--json', 'print the report as JSON')
    .option('--at <date>', 'evaluate at this ISO date (default: today)')
    .option('--exit-code', 'exit 1 when anything is outdated')
    .addHelpText('after', '\nExample:\n  $ platter menu outdated --json\n')
    .action(
      async (
        dir: string | undefined,
        opts: { directory?: string; json?: boolean; at?: string; exitCode?: boolean },
      ) => {
        const fleet = openCheckout(ctx, dir, opts.directory).requireFleet();
        const report = outdatedReport(fleet, atOf(opts.at));
        if (opts.exitCode && report.stages.some((s) => s.items.length)) ctx.exit(EXIT.findings);
        if (opts.json) return printJson(ctx.io, report);
        const c = colors(ctx.io);
        for (const s of report.stages) {
          const envs = report.environments.filter((e) => e.stage === s.stage).map((e) => e.env);
          ctx.io.out(`${c.bold(`stage ${s.stage}`)} ${c.dim(`(envs: ${envs.join(', ') || '-'})`)}\n`);
          if (!s.items.length) ctx.io.out(`  ${c.green('✓')} up to date\n`);
          for (const i of s.items) ctx.io.out(`  ${describeItem(i, c)}\n`);
        }
      },
    );
}

function atOf(at: string | undefined): Date {
  if (at === undefined) return new Date();
  const d = new Date(isValidIsoDate(at) ? `${at}T00:00:00Z` : at);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--at ${at}: not an ISO date (2026-12-01) or date-time`);
  return d;
}

function describeItem(i: OutdatedItem, c: ReturnType<typeof colors>): string {
  switch (i.reason) {
    case 'behind':
      return `${i.subject} ${i.version}: behind ${i.newer} (platter menu upgrade-plan ${i.subject} ${i.newer})`;
    case 'deprecated':
      return c.yellow(
        `${i.subject} ${i.version}: deprecated${i.sunset ? `, sunset ${i.sunset} (${i.daysLeft} days left)` : ''}${i.message ? `: ${i.message}` : ''}`,
      );
    case 'sunset':
      return c.red(`${i.subject} ${i.version}: past its sunset ${i.sunset} (${-i.daysLeft!} days ago)`);
    case 'app-behind':
      return `app ${i.subject} ${i.version}: behind ${i.newer} in ${i.from} (platter promote ${i.subject})`;
  }
}
