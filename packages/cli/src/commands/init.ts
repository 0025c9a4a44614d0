import fs from 'node:fs';
import type { Command } from 'commander';
import { emptyRepository, exampleRepository } from '@platter/render';
import { writeChanges } from '@platter/gitops-repo';
import { EXIT } from '../exitCodes';
import { colors } from '../io';
import { resolveDir, type CommandContext } from './context';

/** `platter init <dir>`: the embedded example fleet, or with --empty the smallest valid repository. */
export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('write a new GitOps repository: the example fleet, or with --empty the smallest valid one')
    .argument('<dir>', 'directory to create (must be empty unless --force)')
    .option('--empty', 'platter.yaml and one stage, no environments: for a team starting fresh')
    .option('--force', 'write into a non-empty directory, replacing the files Platter writes')
    .addHelpText('after', '\nExample:\n  $ platter init my-fleet && platter validate my-fleet --kustomize\n')
    .action(async (dir: string, opts: { empty?: boolean; force?: boolean }) => {
      const root = resolveDir(ctx, dir);
      const c = colors(ctx.io);
      if (fs.existsSync(root) && fs.readdirSync(root).filter((e) => e !== '.git').length > 0 && !opts.force) {
        ctx.io.err(`${dir} is not empty: choose a new directory, or pass --force to write the ${opts.empty ? 'empty' : 'example'} repository into it\n`);
        ctx.exit(EXIT.usage);
        return;
      }
      fs.mkdirSync(root, { recursive: true });
      const tree = opts.empty ? emptyRepository() : exampleRepository();
      const changes = tree.entries().map(([p, content]) => ({ path: p, op: 'add' as const, after: content }));
      await writeChanges(root, changes);
      ctx.io.out(`${c.green('✓')} wrote ${opts.empty ? 'an empty' : 'the example'} fleet (${changes.length} files) to ${dir}\n`);
      if (!opts.empty) {
        ctx.io.out(
          `  stages staging -> prod; environments staging-eu, prod-eu, prod-us; tenants team-a (shop), team-b (billing)\n` +
            `  env secrets are encrypted to the DEMO age key (never use it for real secrets)\n`,
        );
      }
      ctx.io.out(`Next: ${c.cyan(`platter validate ${dir} --kustomize`)}\n`);
    });
}
