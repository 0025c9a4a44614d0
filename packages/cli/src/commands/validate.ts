import type { Command } from 'commander';
import { hasErrors, layout, sortDiagnostics, type Diagnostic, type Fleet } from '@platter/model';
import { validateIncrementally, validateRepository, unique, ValidationIndex } from '@platter/render';
import { checkReleasedDigests, DiskFileTree, runKustomizeOracle } from '@platter/gitops-repo';
import { EXIT, UsageError } from '../exitCodes';
import { changedSince } from './changedSince';
import { colors } from '../io';
import { printDiagnostics, printJson, summary } from '../output';
import { requireDirectory, type CommandContext } from './context';

/**
 * `platter validate <dir>`: every rule, statically, and in a git checkout each
 * released version's digest against the one it was released with (git history);
 * with --kustomize also the real `kubectl kustomize` over every env and every
 * Flux Kustomization, built the way Flux builds it. With --since <rev> only
 * what the changes since <rev> can reach (validateIncrementally). Exit 0 clean
 * (warnings allowed), 1 with findings.
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
    .option(
      '--since <rev>',
      'check only what the changes since <rev> (work tree included) can reach (docs/validate.md#incremental)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter validate my-fleet --kustomize\n  $ platter validate --since origin/main\n',
    )
    .action(async (dir: string, opts: { kustomize?: boolean; json?: boolean; since?: string }) => {
      const root = requireDirectory(ctx, dir);
      const started = Date.now();
      if (opts.since !== undefined && opts.kustomize)
        throw new UsageError('--since and --kustomize: kubectl kustomize builds every env; drop one of them');
      const tree = new DiskFileTree(root);
      let result: { readonly model?: Fleet; readonly diagnostics: readonly Diagnostic[] };
      let since: { rev: string; changed: readonly string[]; checked: number } | undefined;
      if (opts.since !== undefined) {
        // Incremental (issue 17): the tree at <rev> indexed, the change validated against it.
        const { changed, before } = await changedSince(root, opts.since, tree);
        const incremental = validateIncrementally(ValidationIndex.build(before), tree, changed);
        result = incremental;
        since = { rev: opts.since, changed, checked: incremental.reach.environments.length };
      } else result = validateRepository(tree);
      const diagnostics: Diagnostic[] = [...result.diagnostics];
      // A released version's digest against the one git says it was released with (issue 22 item 6):
      // with --since only when the change is in runtime/, where the digests are.
      const digests = !since || since.changed.some((p) => p.startsWith(`${layout.runtimeDir}/`));
      if (result.model && digests) diagnostics.push(...(await checkReleasedDigests(root)));
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
      const reached = since
        ? {
            rev: since.rev,
            changedFiles: since.changed.length,
            environments: { checked: since.checked, total: envs },
          }
        : undefined;
      if (opts.json) {
        printJson(ctx.io, { ok, diagnostics: all, ...(reached ? { since: reached } : {}) });
      } else {
        printDiagnostics(ctx.io, all);
        const c = colors(ctx.io);
        const files = `${since?.changed.length} file${since?.changed.length === 1 ? '' : 's'}`;
        const what = since
          ? `${since.checked} of ${envs} environment${envs === 1 ? '' : 's'} checked: what ${files} changed since ${since.rev} can reach`
          : `${envs} environment${envs === 1 ? '' : 's'}${opts.kustomize ? ' built with kubectl kustomize' : ''}`;
        ctx.io.out(
          `${ok ? c.green('✓ valid') : c.red('✗ invalid')}: ${summary(all)} (${what}, ${Date.now() - started} ms)\n`,
        );
      }
      ctx.exit(ok ? EXIT.ok : EXIT.findings);
    });
}
