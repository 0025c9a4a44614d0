import type { Command } from 'commander';
import { hasErrors, type FileChange } from '@platter/model';
import { fileFieldChanges, parseRepository, renderChanges, showValue, unifiedDiff } from '@platter/render';
import { DiskFileTree, writeChanges } from '@platter/gitops-repo';
import { EXIT } from '../exitCodes';
import { colors } from '../io';
import { printDiagnostics } from '../output';
import { requireDirectory, type CommandContext } from './context';

/** `platter render <dir>`: re-writes managed files from the parsed model; --check only lists them. */
export function registerRender(program: Command, ctx: CommandContext): void {
  program
    .command('render')
    .description('re-render managed files (CODEOWNERS, .sops.yaml, stage/env/tenant wiring) from the parsed model')
    .argument('[dir]', 'repository directory', '.')
    .option('--check', 'write nothing; exit 1 listing the files that would change, field by field')
    .addHelpText('after', '\nExample:\n  $ platter render my-fleet --check\n')
    .action(async (dir: string, opts: { check?: boolean }) => {
      const root = requireDirectory(ctx, dir);
      const c = colors(ctx.io);
      const tree = new DiskFileTree(root);
      const { model, diagnostics } = parseRepository(tree);
      if (!model || hasErrors(diagnostics)) {
        printDiagnostics(ctx.io, diagnostics);
        ctx.io.err('cannot render: the repository does not parse (fix the findings above)\n');
        ctx.exit(EXIT.findings);
        return;
      }
      const changes = renderChanges(model, tree);
      if (opts.check) {
        for (const ch of changes) {
          ctx.io.out(
            `${ch.op === 'add' ? c.green('would add') : ch.op === 'delete' ? c.red('would delete') : c.yellow('would change')} ${ch.path}\n`,
          );
          if (ch.op === 'modify') ctx.io.out(changeDetail(ch));
        }
        ctx.io.out(
          changes.length
            ? `${changes.length} file(s) out of date: run \`platter render ${dir}\`\n`
            : `${c.green('✓')} all managed files are up to date\n`,
        );
        ctx.exit(changes.length ? EXIT.findings : EXIT.ok);
        return;
      }
      await writeChanges(root, changes);
      for (const ch of changes) ctx.io.out(`${ch.op} ${ch.path}\n`);
      ctx.io.out(`${c.green('✓')} ${changes.length ? `rendered ${changes.length} file(s)` : 'nothing to render'}\n`);
      ctx.exit(EXIT.ok);
    });
}

/**
 * What `--check` shows of a changed file (issue 14): a YAML file field by field,
 * `    spec.interval: "5m" -> "10m"` (the value found, then the value render
 * writes); any other file (CODEOWNERS), or YAML that does not parse, as a unified diff.
 */
function changeDetail(ch: FileChange): string {
  if (/\.ya?ml$/.test(ch.path)) {
    try {
      const fields = fileFieldChanges(ch.before, ch.after);
      if (fields.length)
        return fields
          .map((f) => `    ${f.field || '(document)'}: ${showValue(f.from)} -> ${showValue(f.to)}\n`)
          .join('');
    } catch {
      // not YAML after all: the text diff below
    }
  }
  return unifiedDiff([ch])
    .split('\n')
    .filter((l) => /^[-+ ]/.test(l) && !/^(---|\+\+\+) /.test(l))
    .map((l) => `    ${l}\n`)
    .join('');
}
