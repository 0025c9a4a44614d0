import type { Command } from 'commander';
import { checkFreezes, freezeStatuses, isValidIsoDate, outdatedReport, type OutdatedItem } from '@platter/model';
import { compatibilityMatrixOf, readFreezes, type CompatibilityMatrix, type MatrixCombination } from '@platter/render';
import { kustomizeMatrix } from '@platter/gitops-repo';
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
 * - `platter menu matrix [service] [--kustomize] [--json|--markdown]`: every
 *   released version × addon combination × stage: builds?, conflicts?, requires met?
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
  registerMatrix(menu, ctx);
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
          // An env differs from its stage only where it pins a version (a campaign's canary): its own lines.
          for (const e of report.environments.filter((x) => x.stage === s.stage)) {
            const pinned = new Set(e.items.filter((i) => i.reason === 'pinned').map((i) => i.subject));
            for (const i of e.items.filter((x) => pinned.has(x.subject)))
              ctx.io.out(`  ${c.dim(`env ${e.env}:`)} ${describeItem(i, c)}\n`);
          }
        }
      },
    );
}

/**
 * `platter menu matrix`: registered with the lifecycle commands (issue 19 §1).
 * Exit 1 when a combination a stage or env runs today fails.
 */
function registerMatrix(menu: Command, ctx: CommandContext): void {
  menu
    .command('matrix')
    .description('every released version × addon combination × stage: builds?, addon conflicts?, requires met?')
    .argument('[service]', 'one runtime service (default: every one)')
    .option('-C, --directory <dir>', 'the repository checkout (default: the current directory)')
    .option('--kustomize', 'also build every combination with the real kubectl kustomize')
    .option('--json', 'print the matrix as JSON')
    .option('--markdown', 'print the matrix as a markdown table (for a PR comment)')
    .option('--max <n>', 'most combinations per version × stage before sampling (default 16)')
    .addHelpText('after', '\nExample:\n  $ platter menu matrix ingress-nginx --kustomize --markdown\n')
    .action(
      async (
        service: string | undefined,
        opts: { directory?: string; kustomize?: boolean; json?: boolean; markdown?: boolean; max?: string },
      ) => {
        if (opts.json && opts.markdown) throw new UsageError('--json and --markdown: choose one');
        const max = opts.max === undefined ? undefined : Number(opts.max);
        if (max !== undefined && (!Number.isInteger(max) || max < 1))
          throw new UsageError(`--max ${opts.max}: a whole number of at least 1`);
        const checkout = openCheckout(ctx, undefined, opts.directory);
        const fleet = checkout.requireFleet();
        if (service && !fleet.services.some((s) => s.name === service))
          throw new UsageError(
            `no runtime service "${service}" (known: ${fleet.services.map((s) => s.name).join(', ')})`,
          );
        let matrix = compatibilityMatrixOf(checkout.tree, {
          ...(service ? { service } : {}),
          ...(max !== undefined ? { maxPerCell: max } : {}),
        });
        if (opts.kustomize) matrix = withRealBuilds(matrix, await kustomizeMatrix(checkout.root, matrix.combinations));
        if (matrix.combinations.some((c) => c.findings.length && (c.usedByStage || c.usedByEnvironments.length)))
          ctx.exit(EXIT.findings);
        if (opts.json) return printJson(ctx.io, matrix);
        ctx.io.out(
          opts.markdown
            ? matrixMarkdown(
                matrix,
                fleet.stages.map((s) => s.name),
              )
            : matrixText(matrix, ctx),
        );
      },
    );
}

/** The matrix with kubectl's verdicts: a combination kubectl fails does not build, with its message. */
function withRealBuilds(
  matrix: CompatibilityMatrix,
  builds: readonly { service: string; version: string; addons: readonly string[]; error?: string }[],
): CompatibilityMatrix {
  const key = (c: { service: string; version: string; addons: readonly string[] }) =>
    `${c.service}\0${c.version}\0${c.addons.join('\0')}`;
  const errors = new Map(builds.filter((b) => b.error).map((b) => [key(b), b.error!]));
  const combinations: MatrixCombination[] = matrix.combinations.map((c) => {
    const error = errors.get(key(c));
    if (!error || c.findings.some((d) => d.code === 'KustomizeBuildFailed')) return c;
    return {
      ...c,
      builds: false,
      findings: [
        ...c.findings,
        { code: 'KustomizeBuildFailed', severity: 'error', message: error, path: `runtime/${c.service}/${c.version}` },
      ],
    };
  });
  const cells = matrix.cells.map((cell) => {
    const mine = combinations.filter(
      (c) => c.service === cell.service && c.version === cell.version && c.stage === cell.stage,
    );
    const failing = mine.filter((c) => c.findings.length);
    return {
      ...cell,
      status: failing.length ? ('fails' as const) : ('ok' as const),
      failing: failing.length,
      reasons: failing.flatMap((c) =>
        c.findings.map((d) => `[${c.addons.join(', ') || 'no addons'}] ${d.code}: ${d.message}`),
      ),
    };
  });
  return { ...matrix, combinations, cells };
}

function matrixText(matrix: CompatibilityMatrix, ctx: CommandContext): string {
  const c = colors(ctx.io);
  const lines: string[] = [];
  let last = '';
  for (const cell of matrix.cells) {
    if (cell.service !== last) lines.push(c.bold(cell.service));
    last = cell.service;
    const mark = cell.status === 'ok' ? c.green('ok') : c.red(`FAILS ${cell.failing}/${cell.combinations}`);
    lines.push(`  ${cell.version.padEnd(12)} ${cell.stage.padEnd(12)} ${mark}${cell.used ? ' (runs today)' : ''}`);
    for (const r of cell.reasons) lines.push(`      ${c.dim(r)}`);
  }
  if (matrix.sample)
    lines.push(`sample: ${matrix.sample.checked} of ${matrix.sample.total} combinations (${matrix.sample.rule})`);
  return `${lines.join('\n')}\n`;
}

/** One table per service: a row per version, a column per stage (✅ ok, ❌ fails, · used today marked). */
function matrixMarkdown(matrix: CompatibilityMatrix, stages: readonly string[]): string {
  const out: string[] = [];
  const services = [...new Set(matrix.cells.map((c) => c.service))];
  for (const service of services) {
    out.push(`### ${service}`, '', `| version | ${stages.join(' | ')} |`, `|---|${stages.map(() => '---').join('|')}|`);
    const versions = [...new Set(matrix.cells.filter((c) => c.service === service).map((c) => c.version))];
    for (const v of versions) {
      const cols = stages.map((st) => {
        const cell = matrix.cells.find((c) => c.service === service && c.version === v && c.stage === st);
        if (!cell) return '';
        return `${cell.status === 'ok' ? '✅' : `❌ ${cell.failing}/${cell.combinations}`}${cell.used ? ' (runs today)' : ''}`;
      });
      out.push(`| ${v} | ${cols.join(' | ')} |`);
    }
    const reasons = matrix.cells
      .filter((c) => c.service === service)
      .flatMap((c) => c.reasons.map((r) => `- ${c.version} in ${c.stage}: ${r}`));
    if (reasons.length) out.push('', ...reasons);
    out.push('');
  }
  if (matrix.sample)
    out.push(`_Sample: ${matrix.sample.checked} of ${matrix.sample.total} combinations (${matrix.sample.rule})._`, '');
  return out.join('\n');
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
    case 'pinned':
      return `${i.subject} ${i.version}: pinned in this env (its stage runs ${i.newer}; an upgrade campaign's canary)`;
  }
}
