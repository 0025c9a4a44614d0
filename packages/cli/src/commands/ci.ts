import fs from 'node:fs';
import type { Command } from 'commander';
import { EXIT } from '../exitCodes';
import { printJson } from '../output';
import { openCheckout } from '../internal/checkout';
import { formatVerifyReport, verifyChange } from '../ci/verify';
import { resolveDir, type CommandContext } from './context';

/**
 * `platter ci`: commands for pipelines (issue 20). `verify` is the gate of a pull
 * or merge request; `promote` opens the promotions whose soak time has passed.
 * `platter init --ci github|gitlab` writes pipelines that run both.
 */
export function registerCi(program: Command, ctx: CommandContext): void {
  const ci = program.command('ci').description('commands for CI pipelines: verify a change, promote what has soaked');
  ci.command('verify')
    .description(
      'validate the checkout (--kustomize: real kubectl builds) and show what Flux applies differently than on the target branch, as a markdown report; exit 1 on errors',
    )
    .argument('[dir]', 'repository checkout (default: the current directory)')
    .option('-C, --directory <dir>', 'the repository checkout')
    .option(
      '--base <ref>',
      'the target branch (default: origin/ + $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else origin/main)',
    )
    .option('--kustomize', 'also build every env and Flux Kustomization with kubectl kustomize (needs kubectl)')
    .option('--report <file>', 'also write the markdown report to this file (for a PR/MR comment)')
    .option('--json', 'print the result as JSON instead of markdown')
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter ci verify --kustomize --base origin/main --report platter-verify.md\n',
    )
    .action(
      async (
        dir: string | undefined,
        opts: { directory?: string; base?: string; kustomize?: boolean; report?: string; json?: boolean },
      ) => {
        const checkout = openCheckout(ctx, dir, opts.directory);
        const result = await verifyChange(checkout.root, {
          base: opts.base ?? defaultBase(process.env),
          kustomize: opts.kustomize === true,
        });
        const report = formatVerifyReport(result);
        if (opts.report) fs.writeFileSync(resolveDir(ctx, opts.report), report);
        if (opts.json) printJson(ctx.io, { ...result, onBase: [...result.onBase] });
        else ctx.io.out(report);
        ctx.exit(result.ok ? EXIT.ok : EXIT.findings);
      },
    );
}

/** The target branch a pipeline says it is checking against (GitHub Actions, GitLab CI), else origin/main. */
export function defaultBase(env: Readonly<Record<string, string | undefined>>): string {
  const branch = env.GITHUB_BASE_REF || env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || env.CI_DEFAULT_BRANCH || 'main';
  return `origin/${branch}`;
}
