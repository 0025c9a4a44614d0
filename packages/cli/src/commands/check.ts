import type { Command } from 'commander';
import { checkFluxRepository, sortFindings, type CheckFinding } from '@platter/render';
import { buildCheckedKustomizations, DiskFileTree } from '@platter/gitops-repo';
import { EXIT } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { requireDirectory, type CommandContext } from './context';

/**
 * `platter check [dir]`: checks ANY Flux + Kustomize repository (no platter.yaml):
 * every cluster from its bootstrap sync root, every Flux Kustomization the way
 * kustomize-controller builds it (see checkFluxRepository). Exit 0 without errors
 * (warnings and info allowed), 1 with errors, like `validate`.
 */
export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description(
      'check any Flux + Kustomize repository (no platter.yaml needed): every cluster, every Flux Kustomization built the Flux way',
    )
    .argument('[dir]', 'repository directory', '.')
    .option('-C, --directory <dir>', 'repository directory (instead of [dir])')
    .option('--kustomize', 'also build every Flux Kustomization followed with kubectl kustomize (needs kubectl)')
    .option('--json', 'print clusters and findings as JSON')
    .addHelpText('after', '\nExamples:\n  $ platter check .\n  $ platter check ../flux-fleet --kustomize --json\n')
    .action(async (dir: string, opts: { directory?: string; kustomize?: boolean; json?: boolean }) => {
      const root = requireDirectory(ctx, opts.directory ?? dir);
      const started = Date.now();
      const report = checkFluxRepository(new DiskFileTree(root));
      let findings: CheckFinding[] = [...report.findings];
      let kubectl: { calls: number; built: number } | undefined;
      if (opts.kustomize) {
        const built = await buildCheckedKustomizations(root, report.clusters);
        findings = sortFindings([...findings, ...built.diagnostics]);
        kubectl = { calls: built.kubectlCalls, built: built.built };
      }
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.filter((f) => f.severity === 'warning').length;
      const infos = findings.length - errors - warnings;
      const ok = errors === 0;
      const clusters = report.clusters.map((c) => ({
        name: c.name,
        syncFile: c.syncFile,
        kustomizations: c.kustomizations.map((k) => ({
          ref: k.ref,
          file: k.file,
          ...(k.parent ? { parent: k.parent } : {}),
          source: k.source,
          ...(k.path !== undefined ? { path: k.path } : {}),
          ...(k.artifact ? { artifact: k.artifact.name } : {}),
          ...(Array.isArray(k.spec.components) && k.spec.components.length ? { components: k.spec.components } : {}),
          dependsOn: k.dependsOn,
          objects: k.objects,
        })),
      }));
      if (opts.json) {
        printJson(ctx.io, { ok, clusters, findings, ...(kubectl ? { kubectl } : {}) });
      } else {
        const c = colors(ctx.io);
        for (const f of findings) {
          const line = `${f.severity === 'error' ? '' : `${f.severity} `}${f.code}${f.path ? ` ${f.path}` : ''}: ${f.message}`;
          ctx.io.out(`${f.severity === 'error' ? c.red(line) : f.severity === 'warning' ? c.yellow(line) : line}\n`);
        }
        const kustomizations = report.clusters.reduce(
          (n, cl) => n + cl.kustomizations.filter((k) => k.source !== 'external').length,
          0,
        );
        const what =
          `${report.clusters.length} cluster${report.clusters.length === 1 ? '' : 's'}, ${kustomizations} Flux Kustomization${kustomizations === 1 ? '' : 's'} checked` +
          (kubectl ? `, ${kubectl.calls} kubectl kustomize build${kubectl.calls === 1 ? '' : 's'}` : '');
        const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info`;
        ctx.io.out(`${ok ? c.green('✓ ok') : c.red('✗ errors')}: ${counts} (${what}, ${Date.now() - started} ms)\n`);
      }
      ctx.exit(ok ? EXIT.ok : EXIT.findings);
    });
}
