import type { Command } from 'commander';
import { componentSource, formatDiagnostic, type RequestInputOf } from '@platter/model';
import { menuUsage, upgradePlan } from '@platter/render';
import { EXIT, UsageError } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import {
  isDirectory,
  parseChartRef,
  readManifestDir,
  readMappingFile,
  repeatable,
  splitAssignment,
} from '../internal/args';
import { openCheckout } from '../internal/checkout';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';
import { registerMenuAddClass } from './cloud';

/**
 * `platter menu …`: the versioned menu of runtime components. Queries: `list`,
 * `usage` (which stages, envs and apps run a version), `upgrade-plan` (the
 * per-stage UpgradeComponent requests in promotion order). Requests: `add`
 * (AddRuntimeService), `release`, `deprecate`, `remove` (…ComponentVersion) and
 * `upgrade` (UpgradeComponent, one stage).
 */
export function registerMenu(program: Command, ctx: CommandContext): void {
  const menu = program
    .command('menu')
    .description('the menu of runtime components: list, usage, add, release, deprecate, remove, upgrade, upgrade-plan')
    .addHelpText('after', '\nExample:\n  $ platter menu usage ingress-nginx 1.0.0\n');
  registerQueries(menu, ctx);
  registerRequests(menu, ctx);
  registerMenuAddClass(menu, ctx); // cloud resource classes: add-class, classes (issue 21)
}

function registerQueries(menu: Command, ctx: CommandContext): void {
  menu
    .command('list')
    .description('every runtime service and version: lifecycle, chart or manifests, addons, the stages running it')
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--json', 'print the menu as JSON')
    .addHelpText('after', '\nExample:\n  $ platter menu list\n')
    .action(async (dir: string | undefined, opts: { directory?: string; json?: boolean }) => {
      const fleet = openCheckout(ctx, dir, opts.directory).requireFleet();
      const rows = fleet.services.map((s) => ({
        service: s.name,
        versions: s.versions.map((v) => ({
          version: v.version,
          status: v.lifecycle.status,
          ...(v.lifecycle.sunset ? { sunset: v.lifecycle.sunset } : {}),
          source: componentSource(v),
          ...(v.source === 'manifests' ? {} : { chart: `${v.chart.name} ${v.chart.version}` }),
          addons: v.addons.map((a) => a.name),
          stages: fleet.stages
            .filter((st) => st.components.some((c) => c.service === s.name && c.version === v.version))
            .map((st) => st.name),
        })),
      }));
      if (opts.json) return printJson(ctx.io, rows);
      const c = colors(ctx.io);
      for (const s of rows) {
        ctx.io.out(`${c.bold(s.service)}\n`);
        for (const v of s.versions) {
          const status =
            v.status === 'deprecated'
              ? c.yellow(`deprecated${v.sunset ? ` (sunset ${v.sunset})` : ''}`)
              : c.green('stable');
          ctx.io.out(
            `  ${v.version.padEnd(10)} ${status}  ${v.chart ? `chart ${v.chart}` : 'manifests'}  addons ${v.addons.join(', ') || '-'}  ${v.stages.length ? `stages ${v.stages.join(', ')}` : c.dim('unused')}\n`,
          );
        }
      }
    });

  menu
    .command('usage')
    .description('which stages, envs (with their addons) and apps use a runtime service: one version, or each')
    .argument('<service>', 'runtime service (ingress-nginx)')
    .argument('[version]', 'one version (default: every version)')
    .option('-C, --directory <dir>', 'the repository checkout (default: the current directory)')
    .option('--json', 'print the usage as JSON')
    .addHelpText('after', '\nExample:\n  $ platter menu usage ingress-nginx 1.0.0\n')
    .action(async (service: string, version: string | undefined, opts: { directory?: string; json?: boolean }) => {
      const fleet = openCheckout(ctx, undefined, opts.directory).requireFleet();
      const usage = menuUsage(fleet, service, version);
      if (opts.json) return printJson(ctx.io, usage);
      const c = colors(ctx.io);
      for (const u of usage.versions) {
        const { status, sunset, message } = u.lifecycle;
        const mark =
          status === 'deprecated'
            ? ` ${c.yellow(`deprecated${sunset ? `, sunset ${sunset}` : ''}${message ? `: ${message}` : ''}`)}`
            : '';
        ctx.io.out(`${c.bold(`${usage.service} ${u.version}`)}${mark}\n`);
        if (!u.stages.length) {
          ctx.io.out(`  ${c.dim('unused: no stage runs it')}\n`);
          continue;
        }
        for (const p of u.placements) {
          ctx.io.out(`  stage ${p.stage}: addons ${p.addons.join(', ') || '-'}\n`);
          for (const e of p.environments) ctx.io.out(`    env ${e.env}: addons ${e.addons.join(', ') || '-'}\n`);
        }
        ctx.io.out(`  apps: ${u.apps.join(', ') || '-'}\n`);
      }
      if (usage.unused.length)
        ctx.io.out(
          `Unused (removable): ${usage.unused.map((v) => `platter menu remove ${usage.service} ${v}`).join('; ')}\n`,
        );
    });

  menu
    .command('upgrade-plan')
    .description(
      'the UpgradeComponent requests that move every stage to a version, in promotion order; exit 1 when a step would be rejected',
    )
    .argument('<service>', 'runtime service')
    .argument('<version>', 'the target version')
    .option('-C, --directory <dir>', 'the repository checkout (default: the current directory)')
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', '\nExample:\n  $ platter menu upgrade-plan ingress-nginx 1.2.0\n')
    .action(async (service: string, version: string, opts: { directory?: string; json?: boolean }) => {
      const checkout = openCheckout(ctx, undefined, opts.directory);
      const up = upgradePlan(checkout.requireFleet(), service, version);
      if (up.blockedAt) ctx.exit(EXIT.findings);
      if (opts.json) return printJson(ctx.io, up);
      const c = colors(ctx.io);
      const dirArg = checkout.shown === '.' ? '' : ` -C ${checkout.shown}`;
      ctx.io.out(
        `${c.bold(`Upgrade ${service} to ${version}`)}: ${up.steps.length} step${up.steps.length === 1 ? '' : 's'} in promotion order\n`,
      );
      for (const [i, s] of up.steps.entries()) {
        const state = s.problems.length ? c.red('would be rejected') : c.green('ok');
        ctx.io.out(
          `  ${i + 1}. stage ${s.stage}: ${s.from} -> ${version}${s.after ? ` (after ${s.after})` : ''}  ${state}\n`,
        );
        ctx.io.out(`     platter menu upgrade ${service} ${version} --stage ${s.stage}${dirArg}\n`);
        for (const d of [...s.problems, ...s.warnings])
          ctx.io.out(`     ${(d.severity === 'error' ? c.red : c.yellow)(formatDiagnostic(d))}\n`);
      }
      for (const s of up.skipped)
        ctx.io.out(
          c.dim(
            `  stage ${s.stage}: skipped (${s.reason === 'current' ? `already at ${version}` : `does not run ${service}`})\n`,
          ),
        );
      if (up.blockedAt) ctx.io.out(`${c.red('✗')} blocked at stage ${up.blockedAt}: fix the findings above first\n`);
    });
}

/** The menu's request commands, one function each. */
function registerRequests(menu: Command, ctx: CommandContext): void {
  registerMenuAdd(menu, ctx);
  registerMenuRelease(menu, ctx);
  registerMenuDeprecate(menu, ctx);
  registerMenuRemove(menu, ctx);
  registerMenuUpgrade(menu, ctx);
}

/** `platter menu add`: AddRuntimeService, a new runtime service and its first version. */
function registerMenuAdd(menu: Command, ctx: CommandContext): void {
  withRequestOptions(
    menu
      .command('add')
      .description('put a new runtime service on the menu, with its first version: a Helm chart or plain manifests')
      .argument('<service>', 'service name (external-secrets)')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option(
        '--chart <ref>',
        'Helm chart as <repository>/<chart> (oci://…/charts/x, https://charts.example.com/x), or the name with --repo',
      )
      .option('--repo <url>', 'Helm repository URL, with --chart <name>')
      .option('--chart-version <version>', 'chart version (with --chart)')
      .option(
        '--manifests <dir>',
        'instead of a chart: a directory of plain Kubernetes manifests (*.yaml), the _base of the component',
      )
      .option('--version <version>', 'menu version (default 1.0.0)')
      .option('--namespace <ns>', 'namespace it installs into (default: the service name)')
      .option('--description <text>', 'what it is, for the menu')
      .option('--values <file>', 'base Helm values (YAML, with --chart)')
      .option('--depends-on <service>', 'a runtime service that must be ready first (repeatable)', repeatable)
      .option('--requires-config <KEY>', 'a config key every env must define (repeatable)', repeatable)
      .option(
        '--requires-secret <KEY>',
        'a key every env must have in Secret runtime-<service> (repeatable)',
        repeatable,
      )
      .option(
        '--addon <name[=values.yaml|=dir]>',
        'an addon: with a chart, the Helm values it merges in; with --manifests, a directory (a Kustomize Component, or patches on _base) (repeatable)',
        repeatable,
      ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter menu add external-secrets --chart https://charts.external-secrets.io/external-secrets --chart-version 0.10.4\n  $ platter menu add monitoring-agent --manifests ./agent/base --addon control-plane=./agent/control-plane --namespace monitoring\n',
    )
    .action(
      async (
        service: string,
        dir: string | undefined,
        opts: RequestOptions & {
          chart?: string;
          repo?: string;
          chartVersion?: string;
          manifests?: string;
          version?: string;
          namespace?: string;
          description?: string;
          values?: string;
          dependsOn?: string[];
          requiresConfig?: string[];
          requiresSecret?: string[];
          addon?: string[];
        },
      ) => {
        await runRequest(ctx, opts, dir, () => {
          const request: RequestInputOf<'AddRuntimeService'> = {
            kind: 'AddRuntimeService',
            name: service,
            ...(opts.version ? { version: opts.version } : {}),
            ...(opts.description ? { description: opts.description } : {}),
            ...(opts.namespace ? { namespace: opts.namespace } : {}),
            ...componentSourceOptions(ctx, opts),
            values: opts.values ? readMappingFile(ctx, opts.values, '--values') : {},
            dependsOn: opts.dependsOn ?? [],
            requires: { config: opts.requiresConfig ?? [], secrets: opts.requiresSecret ?? [] },
            addons: addonSpecs(ctx, opts.addon ?? [], '--addon'),
          };
          return request;
        });
      },
    );
}

/** `platter menu release`: ReleaseComponentVersion, a new version from a released one. */
function registerMenuRelease(menu: Command, ctx: CommandContext): void {
  withRequestOptions(
    menu
      .command('release')
      .description(
        'release a new version of a runtime service from an existing one (new chart version or manifests, changed values or addons)',
      )
      .argument('<service>', 'runtime service')
      .argument('<version>', 'the new version (1.2.0)')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--from <version>', 'the released version to start from')
      .option('--chart-version <version>', 'new chart version')
      .option('--description <text>', 'new description')
      .option('--values <file>', 'replaces the base Helm values (YAML)')
      .option('--manifests <dir>', 'replaces the _base manifests (a component of plain manifests)')
      .option(
        '--add-addon <name[=values.yaml|=dir]>',
        'a new addon: Helm values for a chart, a directory for plain manifests (repeatable)',
        repeatable,
      )
      .option('--remove-addon <name>', 'drop an addon (repeatable)', repeatable),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ platter menu release ingress-nginx 1.2.0 --from 1.1.0 --chart-version 4.12.1\n',
    )
    .action(
      async (
        service: string,
        version: string,
        dir: string | undefined,
        opts: RequestOptions & {
          from: string;
          chartVersion?: string;
          description?: string;
          values?: string;
          manifests?: string;
          addAddon?: string[];
          removeAddon?: string[];
        },
      ) => {
        await runRequest(ctx, opts, dir, () => {
          const request: RequestInputOf<'ReleaseComponentVersion'> = {
            kind: 'ReleaseComponentVersion',
            service,
            version,
            from: opts.from,
            ...(opts.chartVersion ? { chartVersion: opts.chartVersion } : {}),
            ...(opts.description ? { description: opts.description } : {}),
            ...(opts.values ? { values: readMappingFile(ctx, opts.values, '--values') } : {}),
            ...(opts.manifests ? { manifests: readManifestDir(ctx, opts.manifests, '--manifests') } : {}),
            addAddons: addonSpecs(ctx, opts.addAddon ?? [], '--add-addon'),
            removeAddons: opts.removeAddon ?? [],
          };
          return request;
        });
      },
    );
}

/** `platter menu deprecate`: DeprecateComponentVersion. */
function registerMenuDeprecate(menu: Command, ctx: CommandContext): void {
  withRequestOptions(
    menu
      .command('deprecate')
      .description(
        'mark a version deprecated (a warning for its users), optionally with a sunset date after which no stage may run it',
      )
      .argument('<service>', 'runtime service')
      .argument('<version>', 'the version')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option('--sunset <YYYY-MM-DD>', 'no stage may run it after this date')
      .option('--message <text>', 'what to move to'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ platter menu deprecate ingress-nginx 1.0.0 --sunset 2027-03-31 --message "move to 1.2.0"\n',
    )
    .action(
      async (
        service: string,
        version: string,
        dir: string | undefined,
        opts: RequestOptions & { sunset?: string; message?: string },
      ) => {
        await runRequest(
          ctx,
          opts,
          dir,
          () =>
            ({
              kind: 'DeprecateComponentVersion',
              service,
              version,
              ...(opts.sunset ? { sunset: opts.sunset } : {}),
              ...(opts.message ? { message: opts.message } : {}),
            }) satisfies RequestInputOf<'DeprecateComponentVersion'>,
        );
      },
    );
}

/** `platter menu remove`: RemoveComponentVersion, a version no stage uses. */
function registerMenuRemove(menu: Command, ctx: CommandContext): void {
  withRequestOptions(
    menu
      .command('remove')
      .description('remove a version no stage uses (ComponentVersionInUse otherwise: see platter menu usage)')
      .argument('<service>', 'runtime service')
      .argument('<version>', 'the version')
      .argument('[dir]', 'repository checkout (default: the current directory)'),
  )
    .addHelpText('after', '\nExample:\n  $ platter menu remove ingress-nginx 1.0.0\n')
    .action(async (service: string, version: string, dir: string | undefined, opts: RequestOptions) => {
      await runRequest(
        ctx,
        opts,
        dir,
        () => ({ kind: 'RemoveComponentVersion', service, version }) satisfies RequestInputOf<'RemoveComponentVersion'>,
      );
    });
}

/** `platter menu upgrade`: UpgradeComponent, one stage to another version. */
function registerMenuUpgrade(menu: Command, ctx: CommandContext): void {
  withRequestOptions(
    menu
      .command('upgrade')
      .description('point one stage at another version of a runtime service (its addons must exist there)')
      .argument('<service>', 'runtime service')
      .argument('<version>', 'the version to run')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--stage <stage>', 'the stage'),
  )
    .addHelpText('after', '\nExample:\n  $ platter menu upgrade ingress-nginx 1.2.0 --stage staging\n')
    .action(
      async (service: string, version: string, dir: string | undefined, opts: RequestOptions & { stage: string }) => {
        await runRequest(
          ctx,
          opts,
          dir,
          () =>
            ({
              kind: 'UpgradeComponent',
              stage: opts.stage,
              service,
              version,
            }) satisfies RequestInputOf<'UpgradeComponent'>,
        );
      },
    );
}

/**
 * `--chart`/`--chart-version` or `--manifests`: exactly one. The request's own
 * check says so too; here the flags are named.
 */
function componentSourceOptions(
  ctx: CommandContext,
  opts: { chart?: string; repo?: string; chartVersion?: string; manifests?: string },
): Pick<RequestInputOf<'AddRuntimeService'>, 'chart' | 'manifests'> {
  if (opts.manifests !== undefined) {
    if (opts.chart !== undefined || opts.chartVersion !== undefined || opts.repo !== undefined)
      throw new UsageError('give either --manifests or --chart with --chart-version, not both');
    return { manifests: readManifestDir(ctx, opts.manifests, '--manifests') };
  }
  if (opts.chart === undefined || opts.chartVersion === undefined)
    throw new UsageError('give --chart and --chart-version (a Helm chart) or --manifests <dir> (plain manifests)');
  const { repository, chart } = parseChartRef(opts.chart, opts.repo);
  return { chart: { repository, name: chart, version: opts.chartVersion } };
}

/** `name`, `name=values.yaml` (Helm values) or `name=<dir>` (plain manifests) -> an addon spec. */
function addonSpecs(
  ctx: CommandContext,
  specs: readonly string[],
  flag: string,
): { name: string; values?: Record<string, unknown>; manifests?: Record<string, string> }[] {
  return specs.map((spec) => {
    if (!spec.includes('=')) return { name: spec };
    const [name, file] = splitAssignment(spec, flag);
    if (!file) throw new UsageError(`${flag} ${name}=: give a values file or a directory, or just the name`);
    if (isDirectory(ctx, file)) return { name, manifests: readManifestDir(ctx, file, `${flag} ${name}=`) };
    return { name, values: readMappingFile(ctx, file, `${flag} ${name}=`) };
  });
}
