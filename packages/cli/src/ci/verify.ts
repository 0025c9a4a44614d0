import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic, type FileTree } from '@platter/model';
import {
  dangersOf,
  formatRenderedDiff,
  renderedDiff,
  RepositoryReader,
  stagesOf,
  unique,
  validateRepository,
  type RenderedDiff,
} from '@platter/render';
import { checkReleasedDigests, DiskFileTree, GitTreeFileTree, runKustomizeOracle } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { git } from '../internal/checkout';

/** What `platter ci verify` found: the gate's verdict and what the report shows. */
export interface VerifyResult {
  readonly ok: boolean;
  /** The ref the change is compared with, and the commit where it forked from it. */
  readonly base: { readonly ref: string; readonly commit: string };
  readonly head?: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Error and warning keys (code + path + message) already on the base: the report marks them. */
  readonly onBase: ReadonlySet<string>;
  readonly environmentsBuilt: number;
  readonly kustomize: boolean;
  readonly renderedDiff: RenderedDiff;
}

export interface VerifyOptions {
  readonly base: string;
  readonly kustomize: boolean;
}

const keyOf = (d: Diagnostic) => `${d.code}\u0000${d.path ?? ''}\u0000${d.message}`;

/**
 * `platter ci verify`: the change of a checkout against its target branch, for a
 * pipeline's gate. The checkout (its work tree) is validated like `platter
 * validate` (every rule, released digests, with `kustomize` the real kubectl
 * kustomize builds); the base is the merge base of `base` and HEAD (what the
 * change forked from, so commits the target branch got since are not shown as
 * this change's), read from git objects without a checkout. The rendered diff is
 * of every env either side has. The gate fails on any error in the checkout;
 * findings the base has too are marked, so a reviewer sees which are new.
 */
export async function verifyChange(root: string, options: VerifyOptions): Promise<VerifyResult> {
  const mergeBase = await git(root, ['merge-base', options.base, 'HEAD']);
  const commit = mergeBase.stdout.trim();
  if (!mergeBase.ok || !commit) {
    throw new UsageError(
      `--base ${options.base}: no common commit with HEAD (${(mergeBase.stderr.trim() || 'not a git checkout').split('\n')[0]}): fetch the target branch first (git fetch origin <branch>)`,
    );
  }
  const head = (await git(root, ['rev-parse', '--verify', '-q', 'HEAD'])).stdout.trim() || undefined;
  const before = await GitTreeFileTree.load(root, commit);
  const after = new DiskFileTree(root);

  const result = validateRepository(after);
  const diagnostics: Diagnostic[] = [...result.diagnostics];
  if (result.model) diagnostics.push(...(await checkReleasedDigests(root)));
  let environmentsBuilt = result.model?.environments.length ?? 0;
  const bombs = result.diagnostics.some((d) => d.code === 'YamlAliasLimit');
  // kubectl expands every alias: a file refused as an alias bomb is not handed to it (as in platter validate).
  if (options.kustomize && result.model && !bombs) {
    const report = await runKustomizeOracle(root);
    diagnostics.push(...report.diagnostics);
    environmentsBuilt = report.builds.length;
  }
  const all = sortDiagnostics(unique(diagnostics));
  const onBase = new Set(validateRepository(before).diagnostics.map(keyOf));
  return {
    ok: !hasErrors(all),
    base: { ref: options.base, commit },
    ...(head ? { head } : {}),
    diagnostics: all,
    onBase: new Set(all.map(keyOf).filter((k) => onBase.has(k))),
    environmentsBuilt,
    kustomize: options.kustomize && !bombs,
    renderedDiff: renderedDiffOf(before, after),
  };
}

/** The rendered diff between two trees, over every env either side has. */
function renderedDiffOf(before: FileTree, after: FileTree): RenderedDiff {
  const [b, a] = [new RepositoryReader(before).fleet(), new RepositoryReader(after).fleet()];
  const envs = (f: typeof b) => f?.environments.map((e) => e.name) ?? [];
  return renderedDiff(
    { tree: before, environments: envs(b) },
    { tree: after, environments: envs(a) },
    { stageOf: stagesOf(b, a) },
  );
}

/** Past this the report's rendered diff is cut: GitHub refuses comments over 65,536 characters. */
const REPORT_DIFF_LIMIT = 40_000;

/**
 * The markdown report a pipeline posts on the pull or merge request: the
 * verdict, the findings (errors first, those already on the base marked), the
 * danger findings of the rendered diff, and the rendered diff itself (folded,
 * open when it has dangers). Example (head of a failing report):
 *
 * ```markdown
 * ## Platter verify: ❌ failed
 *
 * Base `origin/main` (merge base 1a2b3c4d5e6f) · head 9f8e7d6c5b4a · 3 environments built with kubectl kustomize
 * ```
 */
export function formatVerifyReport(r: VerifyResult): string {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const warnings = r.diagnostics.filter((d) => d.severity !== 'error');
  const dangers = dangersOf(r.renderedDiff);
  const changed = r.renderedDiff.groups.flatMap((g) => g.environments);
  const built = `${r.environmentsBuilt} environment${r.environmentsBuilt === 1 ? '' : 's'}${r.kustomize ? ' built with kubectl kustomize' : ' checked'}`;
  const line = (d: Diagnostic) =>
    `- ${d.severity === 'error' ? '**error**' : 'warning'} \`${d.code}\`${d.path ? ` \`${d.path}\`` : ''}: ${d.message}${r.onBase.has(keyOf(d)) ? ' _(already on the base)_' : ''}`;
  const text = formatRenderedDiff(r.renderedDiff).replace(/\n$/, '');
  return [
    `## Platter verify: ${r.ok ? '✅ passed' : '❌ failed'}`,
    '',
    `Base \`${r.base.ref}\` (merge base ${r.base.commit.slice(0, 12)})${r.head ? ` · head ${r.head.slice(0, 12)}` : ''} · ${built}`,
    '',
    `### Validation: ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`,
    '',
    ...(r.diagnostics.length ? [...errors, ...warnings].map(line) : ['No findings.']),
    '',
    `### What Flux applies: ${changed.length ? `${changed.length} environment${changed.length === 1 ? '' : 's'} change` : 'no environment changes'}`,
    '',
    ...(dangers.length
      ? [
          `**${dangers.length} danger finding${dangers.length === 1 ? '' : 's'}** (review them):`,
          ...dangers.map((d) => `- ${formatDiagnostic(d)}`),
          '',
        ]
      : []),
    ...(changed.length
      ? [
          `<details${dangers.length ? ' open' : ''}><summary>Rendered diff, per environment</summary>`,
          '',
          '```',
          text.length > REPORT_DIFF_LIMIT ? `${text.slice(0, REPORT_DIFF_LIMIT)}\n… (truncated)` : text,
          '```',
          '</details>',
          '',
        ]
      : []),
  ].join('\n');
}
