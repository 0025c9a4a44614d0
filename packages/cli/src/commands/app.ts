import { InvalidArgumentError, type Command } from 'commander';
import type { RequestInputOf } from '@platter/model';
import { UsageError } from '../exitCodes';
import { parseChartRef, readMappingFile, repeatable, splitAssignment, targetsOf } from '../internal/args';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

interface AddOptions extends RequestOptions {
  tenant: string;
  version: string;
  chart?: string;
  repo?: string;
  chartValues?: string;
  image?: string;
  port?: number;
  stage?: string[];
  env?: string[];
  namespace?: string;
  dependsOn?: string[];
  values?: string[];
}

/** `platter app add|remove`: OnboardApp (a tenant app bound to stages or single envs) and OffboardApp. */
export function registerApp(program: Command, ctx: CommandContext): void {
  const app = program
    .command('app')
    .description('tenant apps: add (onboard), remove (offboard)')
    .addHelpText(
      'after',
      '\nExample:\n  $ platter app add shop --tenant team-a --chart oci://ghcr.io/x/charts/shop --stage staging --version 1.2.0\n',
    );

  withRequestOptions(
    app
      .command('add')
      .description('onboard a tenant app at one version, bound to stages and/or single environments')
      .argument('<name>', 'app name (shop)')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--tenant <tenant>', 'the tenant that owns it')
      .requiredOption('--version <version>', 'the version to pin (chart version, or image tag)')
      .option('--stage <stage>', 'bind it to a stage (repeatable)', repeatable)
      .option('--env <env>', 'deploy it to a single environment (repeatable)', repeatable)
      .option(
        '--chart <ref>',
        'Helm chart as <repository>/<chart> (oci://ghcr.io/org/charts/shop), or the chart name with --repo',
      )
      .option('--repo <url>', 'Helm repository URL (https://charts.example.com), with --chart <name>')
      .option('--chart-values <file>', 'Helm values for every target (YAML)')
      .option('--image <image>', 'container image without tag (ghcr.io/org/billing): a plain Deployment + Service')
      .option('--port <port>', 'container port of an --image app (default 8080)', parsePort)
      .option('--namespace <ns>', "namespace (default: the tenant's first)")
      .option('--depends-on <service>', 'a runtime service it needs, such as ingress-nginx (repeatable)', repeatable)
      .option(
        '--values <target=file>',
        'Helm values for one stage or env: prod=values-prod.yaml (repeatable)',
        repeatable,
      ),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ platter app add shop --tenant team-a --chart oci://ghcr.io/x/charts/shop --stage staging --version 1.2.0\n',
    )
    .action(async (name: string, dir: string | undefined, opts: AddOptions) => {
      await runRequest(ctx, opts, dir, () => {
        const targets = targetsOf(opts);
        if (!targets.length) throw new UsageError('app add: give at least one --stage <stage> or --env <env>');
        const values: Record<string, Record<string, unknown>> = {};
        for (const spec of opts.values ?? []) {
          const [where, file] = splitAssignment(spec, '--values');
          values[where] = readMappingFile(ctx, file, `--values ${where}=`);
        }
        const request: RequestInputOf<'OnboardApp'> = {
          kind: 'OnboardApp',
          name,
          tenant: opts.tenant,
          ...(opts.namespace ? { namespace: opts.namespace } : {}),
          source: sourceOf(ctx, opts),
          dependsOn: opts.dependsOn ?? [],
          targets,
          version: opts.version,
          values,
        };
        return request;
      });
    });

  withRequestOptions(
    app
      .command('remove')
      .description('offboard an app from some stages or envs, or entirely')
      .argument('<name>', 'app name')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option('--stage <stage>', 'only from this stage (repeatable)', repeatable)
      .option('--env <env>', 'only from this env (repeatable)', repeatable),
  )
    .addHelpText('after', '\nExample:\n  $ platter app remove shop --stage staging --as team-a\n')
    .action(
      async (name: string, dir: string | undefined, opts: RequestOptions & { stage?: string[]; env?: string[] }) => {
        const targets = targetsOf(opts);
        await runRequest(
          ctx,
          opts,
          dir,
          () =>
            ({
              kind: 'OffboardApp',
              name,
              ...(targets.length ? { targets } : {}),
            }) satisfies RequestInputOf<'OffboardApp'>,
        );
      },
    );
}

function sourceOf(ctx: CommandContext, opts: AddOptions): RequestInputOf<'OnboardApp'>['source'] {
  if (opts.image !== undefined && opts.chart !== undefined)
    throw new UsageError('app add: give --chart or --image, not both');
  if (opts.image !== undefined) {
    if (opts.repo || opts.chartValues)
      throw new UsageError('app add: --repo and --chart-values go with --chart, not --image');
    return { type: 'image', image: opts.image, ...(opts.port !== undefined ? { port: opts.port } : {}) };
  }
  if (opts.chart === undefined)
    throw new UsageError('app add: give --chart <repository>/<chart> (a Helm chart) or --image <image>');
  if (opts.port !== undefined) throw new UsageError('app add: --port goes with --image');
  const { repository, chart } = parseChartRef(opts.chart, opts.repo);
  return {
    type: 'helm',
    repository,
    chart,
    ...(opts.chartValues ? { values: readMappingFile(ctx, opts.chartValues, '--chart-values') } : {}),
  };
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port number 1-65535');
  return n;
}
