/**
 * The bench's memory across runs: every written run appends its headline rows to `results/history.json`,
 * and `results/history.md` shows the last runs side by side (one column per run, one row per headline), so a
 * regression shows in one look. Only what a run measured is recorded; a part a run skipped stays blank.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryRows, type BenchResults } from './report';

export interface HistoryRun {
  readonly date: string;
  readonly commit: string;
  readonly dirty: boolean;
  readonly load: { readonly start: number; readonly max: number };
  /** Headline label -> ratio and verdict, as the summary table printed them. */
  readonly rows: Readonly<Record<string, { readonly ratio: string; readonly result: string }>>;
}

/** How many runs the markdown table shows (the JSON keeps them all). */
export const HISTORY_COLUMNS = 12;

/** The headline rows that carry a ratio or a verdict: the ones worth comparing run over run. */
export function historyRunOf(r: BenchResults): HistoryRun {
  const rows: Record<string, { ratio: string; result: string }> = {};
  for (const [label, , , ratio, , result] of summaryRows(r)) {
    if (!label || (!ratio && (!result || result === '—'))) continue;
    rows[label] = { ratio: ratio ?? '', result: result ?? '' };
  }
  return { date: r.meta.date, commit: r.meta.commit, dirty: r.meta.dirty, load: r.meta.load, rows };
}

export function readHistory(file: string): HistoryRun[] {
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of runs; move it away to start over`);
  return parsed as HistoryRun[];
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const verdictMark = (result: string) => (result.includes('✅') ? ' ✅' : result.includes('❌') ? ' ❌' : '');

/** Newest run first; headlines in the order they first appear, newest run's order winning. */
export function historyMarkdown(runs: readonly HistoryRun[], columns = HISTORY_COLUMNS): string {
  const shown = [...runs].reverse().slice(0, columns);
  const labels: string[] = [];
  for (const run of shown) for (const label of Object.keys(run.rows)) if (!labels.includes(label)) labels.push(label);
  const head = [
    '',
    ...shown.map((run) => `${run.commit.slice(0, 7)}${run.dirty ? '+' : ''}<br>${run.date.slice(0, 16)}`),
  ];
  const lines = [
    '# Bench history: headline ratios by commit',
    '',
    `Written by \`npm run bench\` (every run that writes its report appends to \`history.json\`; this table shows the last ${columns}, newest first). A \`+\` after a commit: the checkout had uncommitted changes. Absolute times on this shared machine are noisy; each ratio compares sides measured in the same run. The load row is the 1-minute load average at the start and the highest seen.`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    `| load | ${shown.map((run) => `${run.load.start.toFixed(1)}–${run.load.max.toFixed(1)}`).join(' | ')} |`,
  ];
  for (const label of labels) {
    const cells = shown.map((run) => {
      const hit = run.rows[label];
      return hit ? cell(`${hit.ratio || hit.result}${hit.ratio ? verdictMark(hit.result) : ''}`) : '';
    });
    lines.push(`| ${cell(label)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Appends this run and rewrites the table; returns the table's path. */
export function appendHistory(outDir: string, r: BenchResults): string {
  const jsonFile = join(outDir, 'history.json');
  const runs = [...readHistory(jsonFile), historyRunOf(r)];
  writeFileSync(jsonFile, `${JSON.stringify(runs, null, 2)}\n`);
  const mdFile = join(outDir, 'history.md');
  writeFileSync(mdFile, historyMarkdown(runs));
  return mdFile;
}
