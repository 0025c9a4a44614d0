import type { Command } from 'commander';
import { formatDuration, PlatterError, isValidIsoDate, requireWaveOpen, type RequestInputOf } from '@platter/model';
import { readCampaign, type CampaignStatus } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { openCheckout, type Checkout } from '../internal/checkout';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * `platter campaign start|status|next <service> <version>` (issue 19 §3): move
 * a runtime service to a version wave by wave (a stage, or a canary: some envs
 * of a stage first, pinned), one UpgradeCampaign request (its own branch and
 * pull request with `--push --branch`) at a time. The waves: `--waves`, else
 * platter.yaml `spec.campaigns.waves`, else every stage running the service in
 * promotion order. Progress is read from Git alone (the checkout's HEAD: pull
 * after a wave merges; gitops-repo's readCampaign). `next` refuses while the
 * previous wave soaks (the next wave's stage's `promotion.soak`: Soaking, the
 * model's campaignProgress) and `start` once a wave has landed (use next).
 */
export function registerCampaign(program: Command, ctx: CommandContext): void {
  const campaign = program
    .command('campaign')
    .description('upgrade campaigns: move a runtime service to a version stage by stage, in waves')
    .addHelpText('after', '\nExample:\n  $ platter campaign start ingress-nginx 1.2.0 --push --branch\n');

  campaign
    .command('status')
    .description("a campaign's waves: which landed (when), which is next and when it may open")
    .argument('<service>', 'runtime service')
    .argument('<version>', 'the target version')
    .option('-C, --directory <dir>', 'the repository checkout (default: the current directory)')
    .option('--waves <waves>', WAVES_HELP)
    .option('--at <date>', 'evaluate at this ISO date or date-time (default: now)')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExample:\n  $ platter campaign status ingress-nginx 1.2.0\n')
    .action(async (service: string, version: string, opts: CampaignOptions & { json?: boolean }) => {
      const checkout = openCheckout(ctx, undefined, opts.directory);
      const status = await statusOf(checkout, service, version, opts);
      if (opts.json) return printJson(ctx.io, status);
      const c = colors(ctx.io);
      ctx.io.out(`${c.bold(`campaign ${service} ${version}`)}\n`);
      for (const w of status.waves) {
        const what = w.envs ? `${w.stage}: ${w.envs.join(', ')}` : `${w.stage} (stage)`;
        const state = w.landed
          ? c.green(`landed ${w.landedAt ?? ''}`)
          : w.pending
            ? c.dim(`${w.pending.join(', ')} not at ${version}`)
            : c.dim(`runs ${w.current ?? '-'}`);
        ctx.io.out(`  ${w.name.padEnd(16)} ${what.padEnd(28)} ${state}\n`);
      }
      for (const d of status.diagnostics) ctx.io.out(`${c.yellow(d.code)} ${d.message}\n`);
      if (status.done) ctx.io.out(`${c.green('✓')} every wave has landed\n`);
      else if (status.next) {
        const soak = status.next.soakMs ? ` (soak ${formatDuration(status.next.soakMs)})` : '';
        ctx.io.out(
          `next: ${status.next.wave} ${status.next.ready ? c.green('ready') : c.yellow(`soaking until ${status.next.readyAt}`)}${soak}\n`,
        );
      }
    });

  for (const verb of ['start', 'next'] as const) {
    withRequestOptions(
      campaign
        .command(verb)
        .description(
          verb === 'start'
            ? 'open the first wave of a campaign'
            : 'open the next wave once the previous one has landed and soaked',
        )
        .argument('<service>', 'runtime service')
        .argument('<version>', 'the target version')
        .option('--waves <waves>', WAVES_HELP)
        .option('--at <date>', 'evaluate the soak at this ISO date or date-time (default: now)')
        .addHelpText('after', `\nExample:\n  $ platter campaign ${verb} ingress-nginx 1.2.0 --push --branch\n`),
    ).action(async (service: string, version: string, opts: RequestOptions & CampaignOptions) => {
      await runRequest(ctx, opts, undefined, async (checkout) => {
        const status = await statusOf(checkout, service, version, opts);
        const landed = status.waves.filter((w) => w.landed);
        if (verb === 'start' && landed.length)
          throw new PlatterError(
            'AlreadyExists',
            `campaign ${service} ${version} has started (${landed.map((w) => w.stage).join(', ')} landed): platter campaign next`,
            'service',
          );
        requireWaveOpen(status);
        const waves = wavesOf(opts);
        return {
          kind: 'UpgradeCampaign',
          service,
          version,
          ...(waves ? { waves } : {}),
          ...(status.next ? { wave: status.next.wave } : {}),
        } satisfies RequestInputOf<'UpgradeCampaign'>;
      });
    });
  }
}

interface CampaignOptions {
  readonly directory?: string;
  readonly waves?: string;
  readonly at?: string;
}

const WAVES_HELP =
  'the waves in order, comma-separated: a stage, or stage:env+env for a canary of those envs first ' +
  '(e.g. staging,prod:prod-eu,prod; default: platter.yaml spec.campaigns.waves, else every stage running it)';

/** `staging,prod:prod-eu+prod-us,prod` -> stage waves and canary waves. */
export function wavesOf(opts: CampaignOptions): (string | { stage: string; envs: string[] })[] | undefined {
  return opts.waves
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((w) => {
      const [stage, envs] = w.split(':');
      if (envs === undefined) return w;
      const names = envs
        .split('+')
        .map((e) => e.trim())
        .filter(Boolean);
      if (!stage || !names.length) throw new UsageError(`--waves: "${w}" is neither <stage> nor <stage>:<env>[+<env>]`);
      return { stage, envs: names };
    });
}

function statusOf(
  checkout: Checkout,
  service: string,
  version: string,
  opts: CampaignOptions,
): Promise<CampaignStatus> {
  const waves = wavesOf(opts);
  return readCampaign(
    checkout.root,
    checkout.tree,
    checkout.requireFleet(),
    { service, version, ...(waves ? { waves } : {}) },
    { now: atOf(opts.at) },
  );
}

function atOf(at: string | undefined): Date {
  if (at === undefined) return new Date();
  const d = new Date(isValidIsoDate(at) ? `${at}T00:00:00Z` : at);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--at ${at}: not an ISO date (2026-12-01) or date-time`);
  return d;
}
