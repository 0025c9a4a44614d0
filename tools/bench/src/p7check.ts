/**
 * P7: `platter check` (issue 13) of the generated fleet, read as ANY Flux repository
 * (no platter.yaml used: every cluster from its flux-system sync root, every Flux
 * Kustomization followed the way kustomize-controller builds it), against `kubectl
 * kustomize` of every Flux Kustomization in it, built the Flux way, one at a time.
 *
 * The fleet has ~200 Flux Kustomizations per cluster (200,000+ for 1,000 envs): building
 * all would take hours, so the baseline builds every Kustomization of an evenly spaced
 * sample of clusters (`--check-clusters`, default 3) with `buildCheckedKustomizations`
 * without deduplication (one kubectl process per Kustomization, what a script building each
 * does) and scales the mean per build to all of them. The report says so.
 */
import { checkFluxRepository } from '@platter/render';
import { buildCheckedKustomizations, DiskFileTree } from '@platter/gitops-repo';
import type { FleetRepo } from './fleetRepo';
import { fmtInt, fmtMs, fmtRatio, median, progress, sum, timed } from './util';

export const P7_GOAL_RATIO = 20;

export interface P7Result {
  readonly envs: number;
  readonly clusters: number;
  readonly kustomizations: number;
  readonly platter: {
    readonly runs: readonly { ms: number; cpuMs: number }[];
    readonly medianMs: number;
    readonly medianCpuMs: number;
    readonly errors: number;
    readonly warnings: number;
  };
  readonly kustomize: {
    readonly sampleClusters: number;
    readonly built: number;
    readonly sampleMs: number;
    readonly perBuildMedianMs: number;
    /** Mean per build × every Flux Kustomization of the fleet. */
    readonly allMs: number;
    readonly failed: number;
  };
  readonly ratio: number;
  readonly goalRatio: number;
}

export async function runP7(repo: FleetRepo, options: { runs: number; sampleClusters?: number }): Promise<P7Result> {
  const runs: { ms: number; cpuMs: number }[] = [];
  let report: ReturnType<typeof checkFluxRepository> | undefined;
  for (let i = 0; i < options.runs; i++) {
    const r = await timed(() => checkFluxRepository(new DiskFileTree(repo.dir)));
    report = r.value;
    runs.push({ ms: r.ms, cpuMs: r.cpuMs });
    progress(`P7 platter check run ${i + 1}/${options.runs}: ${fmtMs(r.ms)} (${r.value.clusters.length} clusters)`);
  }
  const clusters = report!.clusters;
  const kustomizations = sum(clusters.map((c) => c.kustomizations.filter((k) => k.source !== 'external').length));
  const errors = report!.findings.filter((f) => f.severity === 'error').length;
  const warnings = report!.findings.filter((f) => f.severity === 'warning').length;

  const want = Math.min(options.sampleClusters ?? 3, clusters.length);
  const step = clusters.length / want;
  const sample = Array.from({ length: want }, (_, i) => clusters[Math.floor(i * step)]!);
  progress(
    `P7 kubectl kustomize: every Flux Kustomization of ${want} of ${fmtInt(clusters.length)} clusters, one process each`,
  );
  const k = await timed(() => buildCheckedKustomizations(repo.dir, sample, { dedupe: false }));
  const built = k.value.kubectlCalls;
  const allMs = built ? (sum(k.value.callMs) / built) * kustomizations : NaN;
  const platterMs = median(runs.map((r) => r.ms));
  return {
    envs: repo.fleet.environments.length,
    clusters: clusters.length,
    kustomizations,
    platter: { runs, medianMs: platterMs, medianCpuMs: median(runs.map((r) => r.cpuMs)), errors, warnings },
    kustomize: {
      sampleClusters: want,
      built,
      sampleMs: k.ms,
      perBuildMedianMs: median(k.value.callMs),
      allMs,
      failed: k.value.diagnostics.length,
    },
    ratio: allMs / platterMs,
    goalRatio: P7_GOAL_RATIO,
  };
}

export function p7SummaryRows(p: P7Result): string[][] {
  return [
    [
      `P7 check ${fmtInt(p.clusters)} clusters, ${fmtInt(p.kustomizations)} Flux Kustomizations`,
      `${fmtMs(p.platter.medianMs)} (median of ${p.platter.runs.length})`,
      `kubectl kustomize of each, est. ${fmtMs(p.kustomize.allMs)} (sample of ${fmtInt(p.kustomize.built)})`,
      `Platter ${fmtRatio(p.ratio)} faster`,
      `Platter ≤ 1/${p.goalRatio} of kustomize`,
      p.ratio >= p.goalRatio ? 'yes' : '**no**',
    ],
  ];
}

export function p7Section(p: P7Result): string {
  return [
    '## P7: platter check (any Flux repository) vs kubectl kustomize of every Flux Kustomization',
    '',
    `- **Platter**: \`checkFluxRepository(new DiskFileTree(dir))\`, what \`platter check <dir>\` runs without \`--kustomize\`: it reads the ${fmtInt(p.envs)}-env fleet as any Flux repository (no platter.yaml), finds ${fmtInt(p.clusters)} clusters from their flux-system sync roots and follows ${fmtInt(p.kustomizations)} Flux Kustomizations the way kustomize-controller builds them. ${p.platter.runs.length} runs: ${p.platter.runs.map((r) => fmtMs(r.ms)).join(', ')}; **median ${fmtMs(p.platter.medianMs)}** (CPU ${fmtMs(p.platter.medianCpuMs)}). Findings on the clean fleet: ${p.platter.errors} errors, ${p.platter.warnings} warnings.`,
    `- **kubectl kustomize**: every Flux Kustomization of an evenly spaced sample of ${p.kustomize.sampleClusters} clusters built the Flux way (\`buildCheckedKustomizations\`, one kubectl process per Kustomization, no deduplication): ${fmtInt(p.kustomize.built)} builds in ${fmtMs(p.kustomize.sampleMs)}, median ${fmtMs(p.kustomize.perBuildMedianMs)} per build, ${p.kustomize.failed} failed. All ${fmtInt(p.kustomizations)}: **est. ${fmtMs(p.kustomize.allMs)}** (mean per build × count).`,
    `- **Ratio**: kustomize / Platter = **${fmtRatio(p.ratio)}** (goal ≥ ${p.goalRatio}×): ${p.ratio >= p.goalRatio ? 'met' : 'missed'}.`,
  ].join('\n');
}
