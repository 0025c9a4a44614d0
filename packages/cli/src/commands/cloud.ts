import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  cloudLayout,
  configFromTerraformOutput,
  formatDiagnostic,
  MemoryFileTree,
  parseCloudClass,
  RequestRejected,
  type RequestInputOf,
} from '@platter/model';
import { checkCloudClasses, readCloudClasses, renderCloudClasses } from '@platter/render';
import { UsageError } from '../exitCodes';
import { readMappingFile, readTextFile, repeatable, splitAssignment, stageOrEnv } from '../internal/args';
import { openCheckout } from '../internal/checkout';
import { runRequest, withRequestOptions, type RequestOptions } from '../internal/runRequest';
import type { CommandContext } from './context';

/**
 * Cloud resources (issue 21): `platter cloud add|remove` (AddCloudResource,
 * RemoveCloudResource), `platter menu add-class` (a class file onto the menu)
 * and `platter config import --from-terraform-output` (SetConfig from the JSON
 * of `terraform output -json`).
 */
export function registerCloud(program: Command, ctx: CommandContext): void {
  const cloud = program
    .command('cloud')
    .description("cloud resources of an app (a class of the menu, in the app's own path): add, remove")
    .addHelpText('after', '\nExample:\n  $ platter cloud add shop uploads --class s3-bucket --stage staging\n');
  withRequestOptions(
    cloud
      .command('add')
      .description(
        'ask for a cloud resource of a class for an app in a stage or env (outputs: Secret <name>-connection)',
      )
      .argument('<app>', 'app name')
      .argument('<name>', 'resource name (also names its connection Secret <name>-connection)')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--class <class>', 'cloud resource class of the menu (platter menu list-classes)')
      .option('--class-version <version>', "class version (default: the class's newest stable one)")
      .option('--stage <stage>', 'in this stage')
      .option('--env <env>', 'in this env')
      .option(
        '--param <KEY=VALUE>',
        'a parameter (repeatable; VALUE is read as JSON when it is, else a string)',
        repeatable,
      )
      .option('--params <file>', 'parameters from a YAML or JSON mapping')
      .option('--deletion-policy <policy>', "Orphan or Delete (default: the stage's, Orphan unless the class says)"),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter cloud add shop uploads --class s3-bucket --stage prod --param backups=true --param retentionDays=30\n  $ platter cloud add billing db --class postgres --env staging-eu --params db.yaml --as team-b\n',
    )
    .action(
      async (
        app: string,
        name: string,
        dir: string | undefined,
        opts: RequestOptions & {
          class: string;
          classVersion?: string;
          stage?: string;
          env?: string;
          param?: string[];
          params?: string;
          deletionPolicy?: string;
        },
      ) => {
        await runRequest(ctx, opts, dir, () => {
          const parameters: Record<string, unknown> = opts.params ? readMappingFile(ctx, opts.params, '--params') : {};
          for (const item of opts.param ?? []) {
            const [key, value] = splitAssignment(item, '--param');
            parameters[key] = parseParamValue(value);
          }
          return {
            kind: 'AddCloudResource',
            app,
            name,
            class: opts.class,
            ...(opts.classVersion !== undefined ? { version: opts.classVersion } : {}),
            target: stageOrEnv(opts, 'cloud add'),
            parameters,
            ...(opts.deletionPolicy !== undefined ? { deletionPolicy: opts.deletionPolicy as 'Orphan' } : {}),
          } satisfies RequestInputOf<'AddCloudResource'>;
        });
      },
    );
  withRequestOptions(
    cloud
      .command('remove')
      .description('remove a cloud resource of an app; confirm what happens to it with --confirm-deletion-policy')
      .argument('<app>', 'app name')
      .argument('<name>', 'resource name')
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .option('--stage <stage>', 'in this stage')
      .option('--env <env>', 'in this env')
      .option(
        '--confirm-deletion-policy <policy>',
        "the resource's deletionPolicy: Orphan (the cloud resource stays) or Delete (it is destroyed)",
      ),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ platter cloud remove shop uploads --stage prod --confirm-deletion-policy Orphan\n',
    )
    .action(
      async (
        app: string,
        name: string,
        dir: string | undefined,
        opts: RequestOptions & { stage?: string; env?: string; confirmDeletionPolicy?: string },
      ) => {
        await runRequest(
          ctx,
          opts,
          dir,
          () =>
            ({
              kind: 'RemoveCloudResource',
              app,
              name,
              target: stageOrEnv(opts, 'cloud remove'),
              ...(opts.confirmDeletionPolicy !== undefined
                ? { confirmDeletionPolicy: opts.confirmDeletionPolicy as 'Orphan' }
                : {}),
            }) satisfies RequestInputOf<'RemoveCloudResource'>,
        );
      },
    );
}

/** A `--param` value: JSON when it parses (true, 30, ["a"]), else the text itself (eu-west-1). */
function parseParamValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `platter menu add-class <file> [--platform <dir>]`: puts a cloud resource
 * class version on the menu, at `cloud/<class>/<version>/class.yaml` of the
 * checkout; `--platform` copies what the platform installs for it (a Crossplane
 * class's kustomization with its CompositeResourceDefinition and Composition)
 * to `cloud/<class>/<version>/platform/`, and each stage the class lists gets
 * it in its `cloud-classes` install (stages/<stage>/cloud-classes*). The class
 * is checked as `platter validate` checks it (InvalidCloudClass, UnknownStage:
 * on any, nothing is written). A released version is immutable: an existing one
 * is refused (AlreadyExists). The files are written for review and commit like
 * any change of the platform's menu.
 */
export function registerMenuAddClass(menu: Command, ctx: CommandContext): void {
  menu
    .command('add-class')
    .description('put a cloud resource class version (a CloudResourceClass file) on the menu')
    .argument('<file>', 'the class file (YAML)')
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option('--platform <dir>', "what the platform installs for the class (a Crossplane class's XRD and Composition)")
    .addHelpText(
      'after',
      '\nExample:\n  $ platter menu add-class s3-bucket-1.1.0.yaml --platform s3-bucket-1.1.0-platform/\n',
    )
    .action((file: string, dir: string | undefined, opts: { directory?: string; platform?: string }) => {
      const checkout = openCheckout(ctx, dir, opts.directory);
      const text = readTextFile(ctx, file, 'class');
      const data = readMappingFile(ctx, file, 'class');
      const meta = data as { metadata?: { name?: unknown }; spec?: { version?: unknown } };
      const target = cloudLayout.classFile(String(meta.metadata?.name ?? ''), String(meta.spec?.version ?? ''));
      const { value, diagnostics } = parseCloudClass(data, target);
      if (!value) throw new RequestRejected(diagnostics);
      if (checkout.tree.read(target) !== undefined)
        throw new RequestRejected([
          {
            code: 'AlreadyExists',
            severity: 'error',
            message: `cloud class ${value.name} ${value.version} is released already (${target}): release a new version`,
            path: target,
          },
        ]);
      const writes = new Map<string, string | null>([[target, text]]);
      const platformDir = cloudLayout.platformDir(value.name, value.version);
      if (opts.platform !== undefined)
        for (const [rel, content] of readDirectory(ctx, opts.platform)) writes.set(`${platformDir}/${rel}`, content);
      // The checkout as it will be: checked and rendered in memory first, so a refusal writes nothing.
      const tree = MemoryFileTree.from(checkout.tree);
      for (const [p, content] of writes) tree.write(p, content!);
      const fleet = checkout.fleet();
      const versionDir = cloudLayout.versionDir(value.name, value.version);
      const refused = checkCloudClasses(tree, fleet).filter(
        (d) => d.severity === 'error' && (d.path ?? '').startsWith(`${versionDir}/`),
      );
      if (refused.length) throw new RequestRejected(refused);
      if (fleet)
        for (const [p, content] of renderCloudClasses(fleet, tree))
          if (content !== (tree.read(p) ?? null)) writes.set(p, content);
      for (const [p, content] of [...writes].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const abs = path.join(checkout.root, p);
        if (content === null) fs.rmSync(abs, { force: true });
        else {
          fs.mkdirSync(path.dirname(abs), { recursive: true });
          fs.writeFileSync(abs, content);
        }
        ctx.io.out(`${content === null ? 'deleted' : 'wrote'} ${p}\n`);
      }
      ctx.io.out(`review and commit them (cloud class ${value.name} ${value.version}, ${value.backend.type})\n`);
    });
  menu
    .command('classes')
    .description('the cloud resource classes of the menu: versions, backend, lifecycle, stages')
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .addHelpText('after', '\nExample:\n  $ platter menu classes -C fleet\n')
    .action((dir: string | undefined, opts: { directory?: string }) => {
      const checkout = openCheckout(ctx, dir, opts.directory);
      const { classes, diagnostics } = readCloudClasses(checkout.tree);
      for (const c of classes)
        ctx.io.out(
          `${c.name} ${c.version}  ${c.backend.type}  ${c.lifecycle.status}  stages: ${Object.keys(c.stages).join(', ') || '-'}  outputs: ${c.outputs.join(', ')}\n`,
        );
      for (const d of diagnostics) ctx.io.err(`${formatDiagnostic(d)}\n`);
    });
}

/** `platter config import --from-terraform-output out.json --env E`: SetConfig from Terraform's outputs. */
export function registerConfigImport(config: Command, ctx: CommandContext): void {
  withRequestOptions(
    config
      .command('import')
      .description("set config keys of an env or stage from Terraform's outputs (terraform output -json)")
      .argument('[dir]', 'repository checkout (default: the current directory)')
      .requiredOption('--from-terraform-output <file>', 'the JSON of `terraform output -json`')
      .option('--stage <stage>', 'of this stage (stage-config)')
      .option('--env <env>', 'of this environment (env-config)'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ terraform output -json > out.json && platter config import --from-terraform-output out.json --env prod-eu\n\nSensitive outputs are left out (config is plaintext in Git): use platter secret set.\n',
    )
    .action(
      async (
        dir: string | undefined,
        opts: RequestOptions & { fromTerraformOutput: string; stage?: string; env?: string },
      ) => {
        await runRequest(ctx, opts, dir, () => {
          let json: unknown;
          try {
            json = JSON.parse(readTextFile(ctx, opts.fromTerraformOutput, '--from-terraform-output'));
          } catch (e) {
            if (e instanceof UsageError) throw e;
            throw new UsageError(
              `--from-terraform-output ${opts.fromTerraformOutput}: not JSON: ${(e as Error).message}`,
            );
          }
          const { set, sensitive } = configFromTerraformOutput(json, opts.fromTerraformOutput);
          if (sensitive.length)
            ctx.io.err(`left out sensitive outputs (use platter secret set): ${sensitive.join(', ')}\n`);
          return { kind: 'SetConfig', ...stageOrEnv(opts, 'config import'), set } satisfies RequestInputOf<'SetConfig'>;
        });
      },
    );
}

/** Every file under a directory, by path relative to it (what `--platform` copies). */
function readDirectory(ctx: CommandContext, dir: string): [string, string][] {
  const root = path.resolve(ctx.io.cwd, dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory())
    throw new UsageError(`--platform ${dir}: not a directory`);
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((rel) => rel.split(path.sep).join('/'))
    .filter((rel) => fs.statSync(path.join(root, rel)).isFile())
    .sort()
    .map((rel) => [rel, fs.readFileSync(path.join(root, rel), 'utf8')]);
}
