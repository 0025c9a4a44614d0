import type { Command } from 'commander';
import { PlatterError, isValidIsoDate, type RequestInputOf } from '@platter/model';
import { readCampaign, type CampaignStatus } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { openCheckout, type Checkout } from '../internal/checkout';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * `platter campaign start|status|next <service> <version>` (issue 19 §3): move
 * a runtime service to a version stage by stage in promotion order, one wave
 * (one UpgradeCampaign request, its own branch and pull request with
 * `--push --branch`) at a time. Progress is read from Git alone (the checkout's
 * HEAD: pull after a wave merges): a wave has landed when its stage runs the
 * version, at the date of the commit that put it there. `next` refuses while
 * the previous wave soaks (`spec.campaigns.soak` in platter.yaml: Soaking) and
 * `start` once a wave has landed (use next).
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
    .option('--waves <stages>', 'the stages in wave order, comma-separated (default: every stage running it)')
    .option('--at <date>', 'evaluate at this ISO date or date-time (default: now)')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExample:\n  $ platter campaign status ingress-nginx 1.2.0\n')
    .action(async (service: string, version: string, opts: CampaignOptions & { json?: boolean }) => {
      const checkout = openCheckout(ctx, undefined, opts.directory);
      const status = await statusOf(checkout, service, version, opts);
      if (opts.json) return printJson(ctx.io, status);
      const c = colors(ctx.io);
      ctx.io.out(
        `${c.bold(`campaign ${service} ${version}`)}${status.soakMs ? ` (soak ${status.soakMs / 3_600_000}h)` : ''}\n`,
      );
      for (const w of status.waves) {
        const state = w.landed ? c.green(`landed ${w.landedAt ?? ''}`) : c.dim(`runs ${w.current ?? '-'}`);
        ctx.io.out(`  ${w.stage.padEnd(14)} ${state}\n`);
      }
      if (status.done) ctx.io.out(`${c.green('✓')} every wave has landed\n`);
      else if (status.next)
        ctx.io.out(
          `next: ${status.next.stage} ${status.next.ready ? c.green('ready') : c.yellow(`soaking until ${status.next.readyAt}`)}\n`,
        );
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
        .option('--waves <stages>', 'the stages in wave order, comma-separated (default: every stage running it)')
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
        if (status.next && !status.next.ready)
          throw new PlatterError(
            'Soaking',
            `wave ${status.next.stage} may open at ${status.next.readyAt} (the previous wave soaks ${status.soakMs / 3_600_000}h, platter.yaml spec.campaigns.soak)`,
            'platter.yaml#spec.campaigns.soak',
          );
        const waves = wavesOf(opts);
        return {
          kind: 'UpgradeCampaign',
          service,
          version,
          ...(waves ? { waves } : {}),
          ...(status.next ? { wave: status.next.stage } : {}),
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

const wavesOf = (opts: CampaignOptions): string[] | undefined =>
  opts.waves
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

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
