import type { Command } from 'commander';
import { hasErrors, sortDiagnostics, type Diagnostic } from '@platter/model';
import { validateRepository, unique } from '@platter/render';
import { checkReleasedDigests, DiskFileTree, runKustomizeOracle } from '@platter/gitops-repo';
import { EXIT } from '../exitCodes';
import { colors } from '../io';
import { printDiagnostics, printJson, summary } from '../output';
import { requireDirectory, type CommandContext } from './context';

/**
 * `platter validate <dir>`: every rule, statically, and in a git checkout each
 * released version's digest against the one it was released with (git history);
 * with --kustomize also the real `kubectl kustomize` over every env and every
 * Flux Kustomization, built the way Flux builds it. Exit 0 clean (warnings
 * allowed), 1 with findings.
 */
export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description(
      'check the repository: model rules, structure, lockdown, secrets; --kustomize adds real kustomize builds',
    )
    .argument('[dir]', 'repository directory', '.')
    .option('--kustomize', 'also build every env and Flux Kustomization with kubectl kustomize (needs kubectl)')
    .option('--json', 'print findings as JSON')
    .addHelpText('after', '\nExample:\n  $ platter validate my-fleet --kustomize\n')
    .action(async (dir: string, opts: { kustomize?: boolean; json?: boolean }) => {
      const root = requireDirectory(ctx, dir);
      const started = Date.now();
      const result = validateRepository(new DiskFileTree(root));
      const diagnostics: Diagnostic[] = [...result.diagnostics];
      // A released version's digest against the one git says it was released with (issue 22 item 6).
      if (result.model) diagnostics.push(...(await checkReleasedDigests(root)));
      let envs = result.model?.environments.length ?? 0;
      // kubectl expands every alias: a file Platter refused as an alias bomb would take it to gigabytes.
      const bombs = result.diagnostics.filter((d) => d.code === 'YamlAliasLimit');
      if (opts.kustomize && bombs.length) {
        ctx.io.err(
          `not building with kubectl kustomize: ${bombs.map((d) => d.path).join(', ')} ${bombs.length === 1 ? 'has aliases' : 'have aliases'} past the cap (fix ${bombs.length === 1 ? 'it' : 'them'} first)\n`,
        );
      } else if (opts.kustomize && result.model) {
        const report = await runKustomizeOracle(root);
        diagnostics.push(...report.diagnostics);
        envs = report.builds.length;
      }
      const all = sortDiagnostics(unique(diagnostics));
      const ok = !hasErrors(all);
      if (opts.json) {
        printJson(ctx.io, { ok, diagnostics: all });
      } else {
        printDiagnostics(ctx.io, all);
        const c = colors(ctx.io);
        const what = `${envs} environment${envs === 1 ? '' : 's'}${opts.kustomize ? ' built with kubectl kustomize' : ''}`;
        ctx.io.out(
          `${ok ? c.green('✓ valid') : c.red('✗ invalid')}: ${summary(all)} (${what}, ${Date.now() - started} ms)\n`,
        );
      }
      ctx.exit(ok ? EXIT.ok : EXIT.findings);
    });
}
