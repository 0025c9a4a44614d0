import type { Command } from 'commander';
import { drift } from '@platter/render';
import { EXIT } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { openCheckout } from '../internal/checkout';
import type { CommandContext } from './context';

/**
 * `platter drift <stage>`: how the envs of a stage differ from it and from each
 * other (addon overrides, config overriding the stage's, env-only apps, secrets
 * some envs lack). Exit 0; with --exit-code, 1 when any env drifts (for CI).
 */
export function registerDrift(program: Command, ctx: CommandContext): void {
  program
    .command('drift')
    .description('show how the environments of a stage differ from each other')
    .argument('<stage>', 'the stage')
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--json', 'print the report as JSON')
    .option('--exit-code', 'exit 1 when the envs drift')
    .addHelpText('after', '\nExample:\n  $ platter drift prod\n')
    .action(
      async (
        stage: string,
        dir: string | undefined,
        opts: { directory?: string; json?: boolean; exitCode?: boolean },
      ) => {
        const fleet = openCheckout(ctx, dir, opts.directory).requireFleet();
        const report = drift(fleet, stage);
        const drifting = report.environments.filter((e) => !e.inSync);
        if (opts.exitCode && drifting.length) ctx.exit(EXIT.findings);
        if (opts.json) return printJson(ctx.io, report);
        const c = colors(ctx.io);
        if (!report.environments.length) return ctx.io.out(`stage ${stage} has no environments\n`);
        if (!drifting.length) {
          return ctx.io.out(
            `${c.green('✓')} the envs of ${stage} (${report.environments.map((e) => e.env).join(', ')}) run exactly their stage\n`,
          );
        }
        ctx.io.out(`${c.bold(`Drift in stage ${stage}`)}\n`);
        for (const e of report.environments) {
          if (e.inSync) {
            ctx.io.out(`  ${e.env}: ${c.green('in sync')}\n`);
            continue;
          }
          ctx.io.out(`  ${e.env}:\n`);
          const line = (s: string) => ctx.io.out(`    ${s}\n`);
          for (const o of e.addonOverrides)
            line(
              `addon ${o.service}/${o.addon} ${o.action === 'enable' ? c.green('enabled') : c.red('disabled')} here only`,
            );
          for (const o of e.versionOverrides ?? [])
            line(`${c.yellow('pins')} ${o.service} ${o.version} here only (an upgrade campaign's canary)`);
          for (const o of e.configOverrides) line(`config ${o.key}: ${o.envValue} (stage: ${o.stageValue})`);
          for (const a of e.envOnlyApps) line(`app ${a.app} (${a.tenant}) ${a.version}, deployed to this env alone`);
          for (const s of e.missingSecrets) line(`${c.yellow('lacks secret')} ${s} (another env of ${stage} has it)`);
          for (const s of e.extraSecrets) line(`secret ${s} (not in every env of ${stage})`);
          for (const k of e.missingSecretKeys) line(`${c.yellow('lacks key')} ${k.key} of secret ${k.secret}`);
        }
      },
    );
}
