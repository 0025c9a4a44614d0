import type { P1Result } from './p1';
import type { P2Result } from './p2';
import { ONE_GIB, p3RenderSection, p3RenderSummaryRows, type P3Result } from './p3';
import type { P4Result } from './p4';
import { p5Section, p5SummaryRows, type P5Result } from './p5';
import { renderedDiffSection, renderedDiffSummaryRows, type RenderedDiffResult } from './renderedDiffBench';
import { historySection, historySummaryRows, type HistoryBenchResult } from './historyBench';
import { p11Section, p11SummaryRows, type P11Result } from './p11incremental';
import { p10Section, p10SummaryRows, type P10Result } from './p10';
import { groupCommitSection, groupCommitSummaryRows, type GroupCommitResult } from './groupCommitBench';
import { p7Section, p7SummaryRows, type P7Result } from './p7check';
import { p6Section, p6SummaryRows, type P6Result } from './p6';
import type { ProfileSummary } from './profile';
import type { ProfileGrowth } from './profileCompare';
import { fmtInt, fmtMiB, fmtMs, fmtRatio } from './util';

export interface BenchMeta {
  readonly date: string;
  readonly commit: string;
  readonly dirty: boolean;
  readonly node: string;
  readonly kubectl: string;
  readonly git: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  /** 1-minute load average when the run started and the highest seen at a progress line. */
  readonly load: { readonly start: number; readonly max: number };
  readonly options: string;
  readonly shape: string;
  readonly setup: string;
  /** The measurements (setup + P1..P4), without profiling. */
  readonly totalMs?: number;
  readonly profileMs?: number;
}

export interface BenchResults {
  meta: BenchMeta;
  p1?: P1Result;
  p2?: P2Result;
  p3?: P3Result;
  p4?: P4Result;
  p5?: P5Result;
  p7?: P7Result;
  p6?: P6Result;
  renderedDiff?: RenderedDiffResult;
  history?: HistoryBenchResult;
  p11?: P11Result;
  p10?: P10Result;
  groupCommit?: GroupCommitResult;
  profiles: ProfileSummary[];
  profileGrowth?: ProfileGrowth;
}

/** Linear: the marginal cost per env of the last interval is at most this many times the first's. */
export const LINEAR_TOLERANCE = 1.25;

export interface Verdicts {
  p1?: boolean;
  p2?: boolean;
  p3Linear?: boolean;
  p3Memory?: boolean;
}

export function verdicts(r: BenchResults): Verdicts {
  const v: Verdicts = {};
  if (r.p1) v.p1 = r.p1.ratio >= r.p1.goalRatio && r.p1.faults.every((f) => f.platterCaught);
  if (r.p2) v.p2 = r.p2.ratio <= r.p2.goalRatio;
  if (r.p3 && r.p3.growth.length >= 2) {
    const g = r.p3.growth;
    // On CPU time: wall time on a shared machine varies more than the effect measured.
    const slope = (k: 'renderCpuMsPerEnv' | 'parseCpuMsPerEnv') => g[g.length - 1]![k] / g[0]![k];
    v.p3Linear = slope('renderCpuMsPerEnv') <= LINEAR_TOLERANCE && slope('parseCpuMsPerEnv') <= LINEAR_TOLERANCE;
  }
  if (r.p3 && r.p3.within1GiB !== undefined) v.p3Memory = r.p3.within1GiB;
  return v;
}

const yes = (b: boolean | undefined) => (b === undefined ? '—' : b ? '✅ met' : '❌ missed');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** The headline table (printed and at the top of the report). */
export function summaryTable(r: BenchResults): string {
  return [
    row(['', 'Platter', 'Baseline', 'Ratio', 'Goal', 'Result']),
    row(['---', '---:', '---:', '---:', '---', '---']),
    ...summaryRows(r).map(row),
  ].join('\n');
}

/** The headline rows, as cells: part, Platter, baseline, ratio, goal, result (read by the history too). */
export function summaryRows(r: BenchResults): string[][] {
  const v = verdicts(r);
  const lines: string[][] = [];
  if (r.p1) {
    const k = r.p1.kustomize;
    const est = k.built < k.envs ? ` (est. from ${k.built} envs)` : '';
    lines.push([
      `P1 validate ${fmtInt(r.p1.envs)} envs`,
      `${fmtMs(r.p1.platter.medianMs)} (median of ${r.p1.platter.runs.length})`,
      `kubectl kustomize, sequential: ${fmtMs(k.allEnvsMs)}${est} (${fmtMs(k.perEnvMs.median)}/env)`,
      `Platter ${fmtRatio(r.p1.ratio)} faster${Number.isFinite(r.p1.cpuRatio) ? ` (CPU time: ${fmtRatio(r.p1.cpuRatio)})` : ''}`,
      `Platter ≤ 1/${r.p1.goalRatio} of kustomize`,
      yes(r.p1.ratio >= r.p1.goalRatio),
    ]);
    const caught = r.p1.faults.filter((f) => f.platterCaught).length;
    const kCaught = r.p1.faults.filter((f) => f.kustomizeFailed).length;
    lines.push([
      `P1 seeded faults (${r.p1.faults.length})`,
      `${caught}/${r.p1.faults.length} caught`,
      `kustomize: ${kCaught}/${r.p1.faults.length}`,
      '',
      'Platter catches all',
      yes(caught === r.p1.faults.length),
    ]);
  }
  if (r.p2) {
    lines.push([
      `P2 OnboardApp (${r.p2.affectedEnvs} envs affected)`,
      `applyRequest ${fmtMs(r.p2.platter.medianMs)} (median of ${r.p2.platter.runs.length})`,
      `raw git ${fmtMs(r.p2.raw.medianMs)} (median of ${r.p2.raw.runs.length})`,
      `${fmtRatio(r.p2.ratio)}${Number.isFinite(r.p2.cpuRatio) ? ` (CPU time: ${fmtRatio(r.p2.cpuRatio)})` : ''}`,
      `≤ ${r.p2.goalRatio}× raw git`,
      yes(v.p2),
    ]);
    // Issue 17 goal 5: against git alone doing what applyRequest does (no checkout); in a process that has
    // not parsed the commit (the CLI), and as the backend runs it (platter:publish, its mirrored commit parsed).
    lines.push([
      'P2 vs raw git without checkout (issue 17 goal 5)',
      `applyRequest ${fmtMs(r.p2.platter.medianMs)}`,
      `raw git, no checkout ${fmtMs(r.p2.rawNoCheckout.medianMs)}`,
      fmtRatio(r.p2.noCheckoutRatio),
      `≤ ${r.p2.noCheckoutGoalRatio}× raw git without checkout`,
      yes(r.p2.noCheckoutRatio <= r.p2.noCheckoutGoalRatio),
    ]);
    lines.push([
      "P2 vs raw git without checkout, the backend's path (issue 17 goal 5)",
      `applyRequest on the parsed commit ${fmtMs(r.p2.withBase.medianMs)}`,
      `raw git, no checkout ${fmtMs(r.p2.rawNoCheckout.medianMs)}`,
      fmtRatio(r.p2.withBase.noCheckoutRatio),
      `≤ ${r.p2.noCheckoutGoalRatio}× raw git without checkout`,
      yes(r.p2.withBase.noCheckoutRatio <= r.p2.noCheckoutGoalRatio),
    ]);
  }
  if (r.p3) {
    for (const s of r.p3.sizes) {
      lines.push([
        `P3 ${fmtInt(s.envs)} envs`,
        `render ${fmtMs(s.renderMs)} (CPU ${fmtMs(s.renderCpuMs)}), parse ${fmtMs(s.parseMs)} (CPU ${fmtMs(s.parseCpuMs)})`,
        `heap peak ${fmtMiB(s.heapPeak.overall)}, rss peak ${fmtMiB(s.rssPeak.overall)}`,
        '',
        s.envs === 10_000 ? 'within 1 GiB' : '',
        s.envs === 10_000 ? yes(v.p3Memory) : '',
      ]);
    }
    if (r.p3.growth.length) {
      const g = r.p3.growth;
      const first = g[0]!;
      const last = g[g.length - 1]!;
      lines.push([
        'P3 growth per env',
        `CPU render ${first.renderCpuMsPerEnv.toFixed(2)} → ${last.renderCpuMsPerEnv.toFixed(2)} ms/env; parse ${first.parseCpuMsPerEnv.toFixed(3)} → ${last.parseCpuMsPerEnv.toFixed(3)} ms/env`,
        `(${fmtInt(first.from)}→${fmtInt(first.to)} vs ${fmtInt(last.from)}→${fmtInt(last.to)} envs)`,
        g.length >= 2
          ? `slope ×${(last.renderCpuMsPerEnv / first.renderCpuMsPerEnv).toFixed(2)} render, ×${(last.parseCpuMsPerEnv / first.parseCpuMsPerEnv).toFixed(2)} parse`
          : '',
        `linear (slope ratio ≤ ${LINEAR_TOLERANCE})`,
        yes(v.p3Linear),
      ]);
    }
    lines.push(...p3RenderSummaryRows(r.p3));
    if (r.p3.skipped.length)
      lines.push([`P3 ${r.p3.skipped.map(fmtInt).join(', ')} envs`, 'skipped (--quick)', '', '', '', '—']);
  }
  if (r.p4) {
    lines.push([
      `P4 catalog refresh ${fmtInt(r.p4.envs)} envs`,
      `${fmtMs(r.p4.median.totalMs)} (read ${fmtMs(r.p4.median.readMs)} + parse ${fmtMs(r.p4.median.parseMs)} + buildEntities ${fmtMs(r.p4.median.buildMs)})`,
      `${fmtInt(r.p4.entities)} entities`,
      '',
      '(no goal)',
      '—',
    ]);
  }
  if (r.p5) lines.push(...p5SummaryRows(r.p5));
  if (r.p7) lines.push(...p7SummaryRows(r.p7));
  if (r.p6) lines.push(...p6SummaryRows(r.p6));
  if (r.renderedDiff) lines.push(...renderedDiffSummaryRows(r.renderedDiff));
  if (r.history) lines.push(...historySummaryRows(r.history));
  if (r.p11) lines.push(...p11SummaryRows(r.p11));
  if (r.p10) lines.push(...p10SummaryRows(r.p10));
  if (r.groupCommit) lines.push(...groupCommitSummaryRows(r.groupCommit));
  return lines;
}

function p1Section(p: P1Result): string {
  const k = p.kustomize;
  const out = [
    '## P1: static validation vs kubectl kustomize',
    '',
    `- **Platter**: \`validateRepository(new DiskFileTree(dir))\`, which is what \`platter validate <dir>\` runs without \`--kustomize\`, over the generated ${fmtInt(p.envs)}-env repository written to a temp dir. In-process, ${p.platter.runs.length} runs: ${p.platter.runs.map((r) => fmtMs(r.ms)).join(', ')}. **Median ${fmtMs(p.platter.medianMs)}** (CPU ${fmtMs(p.platter.medianCpuMs)}). Findings on the clean repo: ${p.platter.runs[0]?.errors ?? 0} errors, ${p.platter.runs[0]?.warnings ?? 0} warnings.`,
  ];
  if (p.cli)
    out.push(
      `- The same as a new CLI process (\`node packages/cli/bin/platter.js validate <dir>\`, 1 run, includes Node start-up and tsx compiling the CLI): ${fmtMs(p.cli.ms)}, exit ${p.cli.exitCode}.`,
    );
  out.push(
    `- **kubectl kustomize**: \`kubectl kustomize envs/<env>\` for ${k.built < k.envs ? `an evenly spaced sample of ${k.built} of the ${fmtInt(k.envs)} envs (total estimated as mean × ${fmtInt(k.envs)})` : `every one of the ${fmtInt(k.envs)} env overlays`}, **sequentially** (one process at a time, output read and dropped), one sweep. ` +
      `Sweep ${fmtMs(k.totalMs)}${k.built < k.envs ? `, all envs est. ${fmtMs(k.allEnvsMs)}` : ''}; per env: median ${fmtMs(k.perEnvMs.median)}, p90 ${fmtMs(k.perEnvMs.p90)}, min ${fmtMs(k.perEnvMs.min)}, max ${fmtMs(k.perEnvMs.max)}; median output ${(k.outputBytesMedian / 1024).toFixed(0)} KiB per env; kubectl's own start-up (a one-ConfigMap build) ${fmtMs(k.kubectlStartupMs)}. Failed builds: ${k.failures.length}.`,
    `- **Ratio**: kustomize / Platter = **${fmtRatio(p.ratio)}** (goal: Platter ≤ 1/${p.goalRatio} of kustomize, i.e. ≥ ${p.goalRatio}×): ${p.ratio >= p.goalRatio ? 'met' : 'missed'}. In CPU time (kubectl processes ${fmtMs(k.allEnvsCpuMs)} vs Platter ${fmtMs(p.platter.medianCpuMs)}): ${fmtRatio(p.cpuRatio)}.`,
    '',
    '### Seeded faults',
    '',
    'Each fault in a fresh copy of the repository. Platter: the whole-repo `platter validate` (errors not present on the clean repo). kustomize: `kubectl kustomize envs/<env>` of the affected env.',
    '',
    row(['Fault', 'Change', 'Platter', 'kubectl kustomize']),
    row(['---', '---', '---', '---']),
  );
  for (const f of p.faults) {
    out.push(
      row([
        f.title,
        f.change.replace(/\|/g, '\\|'),
        f.platterCaught ? `✅ error ${f.platterCodes.map((c) => `\`${c}\``).join(', ')}` : '❌ not reported',
        f.kustomizeFailed
          ? `✅ fails: ${(f.kustomizeMessage ?? '').replace(/\|/g, '\\|').slice(0, 160)}`
          : '❌ builds fine (silently accepts)',
      ]),
    );
  }
  const ex = p.faults.filter((f) => f.platterExample);
  if (ex.length) {
    out.push('', "Platter's messages:", '');
    for (const f of ex) out.push(`- ${f.title}: ${f.platterExample}`);
  }
  return out.join('\n');
}

function p2Section(p: P2Result): string {
  const s = p.raw.medianSteps;
  return [
    '## P2: one onboarding request end to end vs raw git',
    '',
    `Request: \`OnboardApp\` of a new helm app of tenant \`${p.tenant}\` into stage \`${p.stage}\` (the biggest stage that tenant is in: ${p.affectedEnvs} affected envs validated), platform actor, mode \`direct\`. The remote is a bare repository of the ${'generated'} fleet, packed (file:// URL); after every run its \`main\` is reset to the same base commit, and each run onboards a new app name. Runs alternate Platter / raw git / raw git without a checkout.`,
    '',
    `- **Platter**: \`applyRequest(remote, request, { mode: 'direct' })\`: shallow clone without a checkout, trailer lookup, read the head commit from the object store, plan (render + static validation of the affected envs, before and after), check out only what the planned paths meet, write, commit with trailers, push, remove the clone. Runs: ${p.platter.runs.map(fmtMs).join(', ')}. **Median ${fmtMs(p.platter.medianMs)}** (CPU of Node + git: ${fmtMs(p.platter.medianCpuMs)}).`,
    `- **Raw git**: \`git clone --depth 1 --single-branch\`, write the plan's ${p.changedFiles} files, \`git add\`, \`git commit\`, \`git push\`, remove the clone. Runs: ${p.raw.runs.map(fmtMs).join(', ')}. **Median ${fmtMs(p.raw.medianMs)}** (CPU ${fmtMs(p.raw.medianCpuMs)}; clone ${fmtMs(s.cloneMs)}, write ${fmtMs(s.writeMs)}, add ${fmtMs(s.addMs)}, commit ${fmtMs(s.commitMs)}, push ${fmtMs(s.pushMs)}, rm ${fmtMs(s.cleanupMs)}).`,
    `- Where applyRequest's time goes: on a fresh no-checkout clone, reading the commit (\`GitTreeFileTree.load\`: \`git ls-tree\` + one \`git cat-file --batch\`) takes ${p.planOnly.loadRuns.map(fmtMs).join(', ')} (median ${fmtMs(p.planOnly.medianLoadMs)}), then \`plan()\` alone ${p.planOnly.runs.map(fmtMs).join(', ')} (median **${fmtMs(p.planOnly.medianMs)}**).`,
    `- Issue 17 goal 5's baseline: **raw git without a checkout** (the same steps, cloned with \`--no-checkout\` and the index read from HEAD, so only the changed files are on disk, as in applyRequest): runs ${p.rawNoCheckout.runs.map(fmtMs).join(', ')}, median ${fmtMs(p.rawNoCheckout.medianMs)} (CPU ${fmtMs(p.rawNoCheckout.medianCpuMs)}). **applyRequest / this = ${fmtRatio(p.noCheckoutRatio)}** (goal ≤ ${p.noCheckoutGoalRatio}×: ${p.noCheckoutRatio <= p.noCheckoutGoalRatio ? 'met' : 'missed'}; CPU ${fmtRatio(p.platter.medianCpuMs / p.rawNoCheckout.medianCpuMs)}): what Platter adds to git is planning and validating the request (in mode direct without the rendered diff a platform request does not show, PlanOptions.renderedDiff).`,
    `- **As the backend runs it** (\`platter:publish\`: applyRequest with \`ApplyOptions.base\`, the mirrored head commit parsed, walked (${fmtMs(p.withBase.prepareMs)}, once per commit, the first plan on it) and prepared ahead of plans (${fmtMs(p.withBase.prepareAheadMs)}, PlanBases in the background); neither timed here): the clone's files are not read, only its listing, and the plan parses and validates only what the request reaches. Runs: ${p.withBase.runs.map(fmtMs).join(', ')}. **Median ${fmtMs(p.withBase.medianMs)}** (CPU ${fmtMs(p.withBase.medianCpuMs)}); / raw git without a checkout = **${fmtRatio(p.withBase.noCheckoutRatio)}** (goal ≤ ${p.noCheckoutGoalRatio}×: ${p.withBase.noCheckoutRatio <= p.noCheckoutGoalRatio ? 'met' : 'missed'}; CPU ${fmtRatio(p.withBase.medianCpuMs / p.rawNoCheckout.medianCpuMs)}).`,
    `- **Ratio** applyRequest / raw git = **${fmtRatio(p.ratio)}** (goal ≤ ${p.goalRatio}×): ${p.ratio <= p.goalRatio ? 'met' : 'missed'}. In CPU time: ${fmtRatio(p.cpuRatio)} (raw git is mostly disk I/O, so on a busy disk its wall time, and so this ratio, moves the most).`,
    '',
    `Files the request changes: ${p.changedPaths.map((c) => `\`${c}\``).join(', ')}.`,
  ].join('\n');
}

function p3Section(p: P3Result): string {
  const out = [
    '## P3: render and parse at scale',
    '',
    `Each size in its own process (\`node --expose-gc --trace-gc\`): \`generateFleet\` (the model), then \`render(fleet)\` onto an empty MemoryFileTree (timed), the env secret files added as generateRepository does (not timed), then \`parseRepository(tree)\` (timed). Only envs grow: the other dimensions stay at the reference shape (${p.shape.stages} stages, ${p.shape.apps} apps, ${p.shape.tenants} tenants, ${p.shape.services} services × ${p.shape.versionsPerService} versions × ${p.shape.addonsPerService} addons, seed ${p.shape.seed}), so the growth per env is the cost of envs alone. ` +
      'Heap peak: the largest heap-used-before-GC of any GC in the phase (from --trace-gc) or the heap at its end; RSS peak: getrusage maxRSS. Retained: heap after a forced full GC. ' +
      `Sizes up to 1,000 envs: the median of 3 processes (each number on its own); larger sizes: 1 process.`,
    '',
    row([
      'envs',
      'files',
      'MiB of YAML',
      'render (CPU)',
      'parse (CPU)',
      'GC pauses render / parse',
      'heap peak render',
      'heap peak parse',
      'rss peak',
      'retained: model / +tree / +parsed',
      'GCs',
    ]),
    row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const s of p.sizes) {
    out.push(
      row([
        fmtInt(s.envs),
        fmtInt(s.files),
        (s.bytes / 2 ** 20).toFixed(1),
        `${fmtMs(s.renderMs)} (${fmtMs(s.renderCpuMs)})`,
        `${fmtMs(s.parseMs)} (${fmtMs(s.parseCpuMs)})`,
        `${fmtMs(s.gcMs.render)} / ${fmtMs(s.gcMs.parse)}`,
        fmtMiB(s.heapPeak.render),
        fmtMiB(s.heapPeak.parse),
        fmtMiB(s.rssPeak.overall),
        `${fmtMiB(s.retained.model)} / ${fmtMiB(s.retained.tree)} / ${fmtMiB(s.retained.parsed)}`,
        fmtInt(s.gcCount),
      ]),
    );
  }
  if (p.skipped.length) out.push('', `Skipped (--quick): ${p.skipped.map(fmtInt).join(', ')} envs.`);
  if (p.growth.length) {
    out.push(
      '',
      'Growth per added env (marginal cost between sizes, CPU time and wall time; k: CPU time ∝ envs^k over the interval, 1 = proportional):',
      '',
    );
    out.push(
      row([
        'interval',
        'render CPU ms/env',
        'parse CPU ms/env',
        'render wall ms/env',
        'parse wall ms/env',
        'heap peak KiB/env',
        'rss peak KiB/env',
        'render k',
        'parse k',
      ]),
    );
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const g of p.growth) {
      out.push(
        row([
          `${fmtInt(g.from)} → ${fmtInt(g.to)}`,
          g.renderCpuMsPerEnv.toFixed(2),
          g.parseCpuMsPerEnv.toFixed(3),
          g.renderMsPerEnv.toFixed(2),
          g.parseMsPerEnv.toFixed(3),
          (g.heapPerEnv / 1024).toFixed(1),
          (g.rssPerEnv / 1024).toFixed(1),
          g.renderExponent.toFixed(2),
          g.parseExponent.toFixed(2),
        ]),
      );
    }
    if (p.growth.length >= 2) {
      const f = p.growth[0]!;
      const l = p.growth[p.growth.length - 1]!;
      const rs = l.renderCpuMsPerEnv / f.renderCpuMsPerEnv;
      const ps = l.parseCpuMsPerEnv / f.parseCpuMsPerEnv;
      out.push(
        '',
        `Linear? In CPU time (wall time on a shared machine varies more than the effect), the cost of one more env from ${fmtInt(l.from)} to ${fmtInt(l.to)} is ×${rs.toFixed(2)} (render) and ×${ps.toFixed(2)} (parse) of that from ${fmtInt(f.from)} to ${fmtInt(f.to)} (linear: ≤ ${LINEAR_TOLERANCE}): render is **${rs <= LINEAR_TOLERANCE ? 'linear' : 'super-linear'}**, parse is **${ps <= LINEAR_TOLERANCE ? 'linear' : 'super-linear'}**.`,
      );
    }
  }
  if (p.within1GiB !== undefined) {
    const s = p.sizes.find((x) => x.envs === 10_000)!;
    out.push(
      '',
      `10,000 envs within 1 GiB? heap peak ${fmtMiB(s.heapPeak.overall)}, rss peak ${fmtMiB(s.rssPeak.overall)} (1 GiB = ${fmtMiB(ONE_GIB)}): **${p.within1GiB ? 'yes' : 'no'}**.`,
    );
  }
  return out.join('\n');
}

function p4Section(p: P4Result): string {
  return [
    '## P4: catalog provider full refresh',
    '',
    `What \`PlatterEntityProvider.refresh\` does for a new commit, minus fetching and the catalog mutation: read the commit from the object store (\`GitTreeFileTree.load\`: \`git ls-tree\` + one \`git cat-file --batch\`, as RepositoryMirror.snapshot does since its clone has no checkout), \`parseRepository\`, \`buildEntities\`. ${p.runs.length} runs.`,
    '',
    row(['', 'read', 'parse', 'buildEntities', 'total', 'CPU']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    ...p.runs.map((r, i) =>
      row([`run ${i + 1}`, fmtMs(r.readMs), fmtMs(r.parseMs), fmtMs(r.buildMs), fmtMs(r.totalMs), fmtMs(r.cpuMs)]),
    ),
    row([
      '**median**',
      fmtMs(p.median.readMs),
      fmtMs(p.median.parseMs),
      fmtMs(p.median.buildMs),
      `**${fmtMs(p.median.totalMs)}**`,
      fmtMs(p.median.cpuMs),
    ]),
    '',
    `Entities: **${fmtInt(p.entities)}** (${Object.entries(p.byType)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')}); parse errors: ${p.parseErrors}.`,
  ].join('\n');
}

export function profileSection(profiles: readonly ProfileSummary[], growth?: ProfileGrowth): string {
  if (!profiles.length) return '';
  const out = [
    '## Profiles of the misses',
    '',
    'Each scenario once more in a new process under `node --cpu-prof` (1 ms sampling); only samples inside the measured call count. Inclusive = time with the function anywhere on the stack.',
  ];
  for (const p of profiles) {
    out.push(
      '',
      `### ${p.label}`,
      '',
      `Sampled ${fmtMs(p.windowMs)}${
        Object.keys(p.marks).length
          ? ` (${Object.entries(p.marks)
              .map(([k, v]) => `${k} ${fmtMs(v)}`)
              .join(', ')})`
          : ''
      }. Runtime buckets: ${
        Object.entries(p.special)
          .map(([k, v]) => `${k} ${fmtMs(v)}`)
          .join(', ') || 'none'
      }.${p.file ? ` Profile: \`${p.file}\`.` : ''}`,
      '',
    );
    out.push(row(['function', 'where', 'inclusive', 'self']), row(['---', '---', '---:', '---:']));
    for (const r of p.byInclusive.slice(0, 20))
      out.push(row([`\`${r.fn}\``, r.where, fmtMs(r.inclusiveMs), fmtMs(r.selfMs)]));
    out.push(
      '',
      'Top self time:',
      '',
      row(['function', 'where', 'self', 'inclusive']),
      row(['---', '---', '---:', '---:']),
    );
    for (const r of p.bySelf.slice(0, 12))
      out.push(row([`\`${r.fn}\``, r.where, fmtMs(r.selfMs), fmtMs(r.inclusiveMs)]));
    out.push(
      '',
      `Self time by source: ${p.bySource
        .slice(0, 10)
        .map((s) => `${s.source} ${fmtMs(s.selfMs)}`)
        .join('; ')}.`,
    );
    if (p.git?.length) {
      const total = p.git.reduce((a, g) => a + g.ms, 0);
      out.push(
        '',
        `git commands it ran (GIT_TRACE2_EVENT; wall time each, ${fmtMs(total)} in all): ${p.git.map((g) => `\`git ${g.command}\` ${fmtMs(g.ms)}`).join(', ')}.`,
      );
    }
  }
  if (growth) {
    out.push(
      '',
      `### What grows faster than the envs (${growth.small} vs ${growth.large})`,
      '',
      `Envs ×${growth.envRatio}; sampled time ×${growth.windowRatio.toFixed(2)}. Functions with ≥ 2% of the larger profile, by the time they take beyond linear scaling (large − small × ${growth.envRatio}):`,
      '',
      row(['function', 'small', 'large', 'growth', 'beyond linear']),
      row(['---', '---:', '---:', '---:', '---:']),
      ...growth.rows.map((g) =>
        row([
          `\`${g.fn}\``,
          fmtMs(g.smallMs),
          fmtMs(g.largeMs),
          Number.isFinite(g.ratio) ? `×${g.ratio.toFixed(2)}` : 'new',
          fmtMs(g.excessMs),
        ]),
      ),
    );
  }
  return out.join('\n');
}

export function markdownReport(r: BenchResults, chartFile: string): string {
  const m = r.meta;
  const parts = [
    `# Platter benchmark: ${m.date}`,
    '',
    `Commit \`${m.commit}\`${m.dirty ? ' (with uncommitted changes)' : ''} · Node ${m.node} · ${m.kubectl} · ${m.git} · ${m.cpu}, ${m.cores} cores, ${m.memory} · ${m.options}${m.totalMs ? ` · measurements took ${fmtMs(m.totalMs)}${m.profileMs ? `, profiling ${fmtMs(m.profileMs)}` : ''}` : ''}`,
    '',
    `Machine load (1-min average): ${m.load.start.toFixed(1)} at the start, up to ${m.load.max.toFixed(1)} during the run, on ${m.cores} cores.${m.load.max > m.cores ? ' **The machine was shared with other work: absolute times are inflated and noisy; the ratios compare sides measured in the same run.**' : ''}`,
    '',
    `Fleet: ${m.shape}. ${m.setup}`,
    '',
    'Produced by `npm run bench` (tools/bench). A benchmark, not a test: nothing here is asserted in the test suite.',
    '',
    summaryTable(r),
    '',
    `![P3 time and memory vs envs; P1 and P2 against their baselines](${chartFile})`,
    '',
  ];
  if (r.p1) parts.push(p1Section(r.p1), '');
  if (r.p2) parts.push(p2Section(r.p2), '');
  if (r.p3) parts.push(p3Section(r.p3), '', p3RenderSection(r.p3), '');
  if (r.p4) parts.push(p4Section(r.p4), '');
  if (r.p5) parts.push(p5Section(r.p5), '');
  if (r.p7) parts.push(p7Section(r.p7), '');
  if (r.p6) parts.push(p6Section(r.p6), '');
  if (r.renderedDiff) parts.push(renderedDiffSection(r.renderedDiff), '');
  if (r.history) parts.push(historySection(r.history), '');
  if (r.p11) parts.push(p11Section(r.p11), '');
  if (r.p10) parts.push(p10Section(r.p10), '');
  if (r.groupCommit) parts.push(groupCommitSection(r.groupCommit), '');
  const prof = profileSection(r.profiles, r.profileGrowth);
  if (prof) parts.push(prof, '');
  return parts.join('\n');
}
