import { formatDiagnostic, type Diagnostic } from '@platter/model';
import { dangersOf, formatRenderedDiff, type Plan } from '@platter/render';
import { colors, type CliIO } from './io';

/** One line per finding, `CODE path: message`, errors red and warnings yellow. */
export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  const c = colors(io);
  for (const d of diagnostics) {
    const line = formatDiagnostic(d);
    io.out(`${d.severity === 'warning' ? c.yellow(line) : c.red(line)}\n`);
  }
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

export const printJson = (io: CliIO, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);

/**
 * What a mutating command did with its plan; `result` of the --json output.
 * `planned`: --dry-run or `platter plan` (nothing written); `written`: files
 * changed in the checkout; `committed`: and committed there; `pushed`: applied on
 * origin by applyRequest; `already-applied`: origin has this request (trailer);
 * `no-changes`: the plan is empty.
 */
export type Outcome =
  | { readonly outcome: 'planned' | 'written' | 'no-changes' }
  | { readonly outcome: 'committed'; readonly commit?: string }
  | {
      readonly outcome: 'pushed';
      readonly mode: 'direct' | 'branch';
      readonly branch: string;
      readonly commit?: string;
      /** true: the checkout now matches origin; 'dirty': it has local changes and was left alone. */
      readonly fastForwarded: boolean | 'dirty';
    }
  | { readonly outcome: 'already-applied' | 'no-changes'; readonly branch: string };

const OP_MARK = { add: '+', modify: '~', delete: '-' } as const;

/** A unified diff with + lines green, - lines red, hunk headers cyan, file headers bold. */
export function colorDiff(io: CliIO, diff: string): string {
  const c = colors(io);
  let inHeader = false; // between `diff --git` and the first `@@`: `---`/`+++` name files there, not lines
  return diff
    .split('\n')
    .map((l) => {
      if (l.startsWith('diff ')) inHeader = true;
      else if (l.startsWith('@@')) {
        inHeader = false;
        return c.cyan(l);
      }
      if (inHeader) return c.bold(l);
      return l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l;
    })
    .join('\n');
}

/** The rendered diff (formatRenderedDiff) with danger lines yellow, added objects green, removed red, groups bold. */
export function colorRenderedDiff(io: CliIO, text: string): string {
  const c = colors(io);
  return text
    .split('\n')
    .map((l) =>
      l.startsWith('==') || l.startsWith('rendered diff')
        ? c.bold(l)
        : l.startsWith('  !')
          ? c.yellow(l)
          : l.startsWith('  +')
            ? c.green(l)
            : l.startsWith('  -')
              ? c.red(l)
              : l,
    )
    .join('\n');
}

/**
 * A plan for people: what was requested, the diff (dry runs), what changed
 * file by file, where it lands, who reviews it, the secrets still needed,
 * warnings, and what to do next.
 */
export function printPlan(
  io: CliIO,
  plan: Plan,
  result: Outcome,
  options: { dir: string; showDiff: boolean; tenant?: string },
): void {
  const c = colors(io);
  const out = (s = '') => io.out(`${s}\n`);
  out(c.bold(plan.title));
  if (result.outcome === 'already-applied') {
    out(`${c.green('✓')} nothing to change: origin already has this request (on ${result.branch})`);
    return;
  }
  if (!plan.changes.length) {
    out(`${c.green('✓')} nothing to change: the repository already has it`);
    return;
  }
  if (options.showDiff && plan.diff) out(colorDiff(io, plan.diff.replace(/\n$/, '')));
  if (options.showDiff && plan.renderedDiff)
    out(colorRenderedDiff(io, formatRenderedDiff(plan.renderedDiff).replace(/\n$/, '')));
  out(`Changes (${plan.changes.length} file${plan.changes.length === 1 ? '' : 's'}):`);
  for (const ch of plan.changes) {
    const mark = `${OP_MARK[ch.op]} ${ch.op.padEnd(6)}`;
    out(`  ${ch.op === 'add' ? c.green(mark) : ch.op === 'delete' ? c.red(mark) : c.yellow(mark)} ${ch.path}`);
  }
  const { stages, environments } = plan.affected;
  out(
    `Affects: ${[stages.length ? `stage${stages.length === 1 ? '' : 's'} ${stages.join(', ')}` : '', environments.length ? `env${environments.length === 1 ? '' : 's'} ${environments.join(', ')}` : ''].filter(Boolean).join('; ') || 'no stage or env (menu or settings only)'}`,
  );
  const who = options.tenant ? `tenant ${options.tenant}` : 'the platform team';
  out(
    plan.review === 'direct'
      ? `Review: ${c.green('direct')} (${who} may commit it straight to the branch)`
      : `Review: ${c.yellow('platform-review')} (${dangersOf(plan.renderedDiff).length && options.tenant ? 'touches platform paths or has danger findings' : 'touches platform paths'}: open a pull request for the platform team)`,
  );
  // The rendered diff shows them in a dry run; otherwise each danger finding once.
  if (!options.showDiff)
    for (const d of new Set(dangersOf(plan.renderedDiff).map(formatDiagnostic))) out(c.yellow(`Danger: ${d}`));
  for (const n of plan.needsSecrets) out(`${c.yellow('Needs secret')}: env ${n.env} lacks key ${n.key} in ${n.secret}`);
  for (const d of plan.diagnostics) if (d.code !== 'MissingSecretKey') out(c.yellow(formatDiagnostic(d)));
  const dirArg = options.dir === '.' ? '' : ` ${options.dir}`;
  const here = options.dir === '.' ? 'this checkout' : options.dir;
  const next: string[] = [];
  switch (result.outcome) {
    case 'planned':
      out(c.dim('dry run: nothing written'));
      next.push(
        `apply it: re-run without --dry-run (add --commit to commit, --push to push to origin${plan.review === 'platform-review' ? ', --push --branch for a review branch' : ''})`,
      );
      break;
    case 'written':
      out(`${c.green('✓')} wrote ${plan.changes.length} file${plan.changes.length === 1 ? '' : 's'} in ${here}`);
      next.push(`check it: platter validate${dirArg} --kustomize`);
      next.push(
        plan.review === 'direct'
          ? 'commit it (git commit, or re-run with --commit) and push'
          : 'commit it on a branch and open a pull request for platform review',
      );
      break;
    case 'committed':
      out(
        `${c.green('✓')} wrote ${plan.changes.length} file${plan.changes.length === 1 ? '' : 's'} and committed${result.commit ? ` ${result.commit.slice(0, 12)}` : ''} in ${here}`,
      );
      next.push(
        plan.review === 'direct'
          ? 'push it: git push'
          : 'push it on a branch (or re-run with --push --branch) and open a pull request for platform review',
      );
      break;
    case 'pushed':
      out(`${c.green('✓')} pushed${result.commit ? ` ${result.commit.slice(0, 12)}` : ''} to origin ${result.branch}`);
      if (result.mode === 'branch')
        next.push(
          `open a pull request from ${result.branch} for ${plan.review === 'direct' ? 'merging' : 'platform review'}`,
        );
      else if (result.fastForwarded === true) out(`${c.green('✓')} fast-forwarded ${here} to origin ${result.branch}`);
      else
        next.push(
          `update this checkout: git pull --ff-only${result.fastForwarded === 'dirty' ? ' (it has local changes, so it was left alone)' : ''}`,
        );
      if (result.mode === 'direct') next.push('Flux applies it on its next sync');
      break;
    default:
      break;
  }
  for (const n of uniqueSecrets(plan))
    next.push(
      `set the secret: platter secret set ${n.env} ${n.secret}${dirArg} < ${n.secret}.env (KEY=VALUE lines: ${n.keys.join(', ')})`,
    );
  if (next.length) out(`Next: ${next.join('\n      ')}`);
}

function uniqueSecrets(plan: Plan): { env: string; secret: string; keys: string[] }[] {
  const by = new Map<string, { env: string; secret: string; keys: string[] }>();
  for (const n of plan.needsSecrets) {
    const k = `${n.env}/${n.secret}`;
    const entry = by.get(k) ?? { env: n.env, secret: n.secret, keys: [] };
    entry.keys.push(n.key);
    by.set(k, entry);
  }
  return [...by.values()];
}
