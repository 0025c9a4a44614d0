/**
 * P10 (issue 17 goal 1): the warm plan preview. `POST /api/platter/plan` of a
 * running backend (startTestBackend with the real `platter` backend plugin, on
 * 127.0.0.1) over the 1,000-env fleet's bare remote, the commit already
 * mirrored: p50 and p95 over 50 varied requests (onboard, addon, promote,
 * config; stage-wide and one-env; tenants and the platform team). The baseline,
 * in the same run: "today's cold plan()" as the issue meant it, the plan() of
 * packages/render and packages/model as they were before issue 17 changed
 * plan() (PLAN_BASELINE_COMMIT, git archive), with no base, on a sample of the
 * same requests on the same snapshot; today's own cold plan() is measured
 * beside it and reported too. Also measured: the first
 * request on the commit (it parses and walks the commit) and the heap a parsed
 * commit holds (PlanBase: per cached commit; the backend keeps an LRU of 3).
 * A benchmark, not a test.
 *
 *   node -r tsx/cjs tools/bench/src/p10.ts [--requests=50] [--cold=8]
 */
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { parseRequest, type Actor, type Fleet } from '@platter/model';
import { plan } from '@platter/render';
import { RepositoryMirror } from '@platter/gitops-repo';
import {
  PlanBases,
  PREPARE_SLICE_MS,
  platterRepositoryServiceRef,
  readPlatterConfig,
  type PlatterRepositoryService,
} from '@platter/plugin-platter-node';
import platterPlugin from '@platter/plugin-platter-backend';
import { REFERENCE_SHAPE } from '@platter/tools-fleet';
import { prepareFleetRepo, type FleetRepo } from './fleetRepo';
import { prepareRenderBaseline } from './p3';
import {
  fmtInt,
  fmtMiB,
  fmtMs,
  fmtRatio,
  gcNow,
  installCleanup,
  median,
  nowMs,
  percentile,
  progress,
  tempDir,
} from './util';

export const P10_GOAL_P95_MS = 250;
export const P10_GOAL_RATIO = 1 / 8;
/**
 * The commit before issue 17's first change to plan() (617d4fb, PlanBase): its
 * packages/render and packages/model are "today's" cold plan() of the issue.
 */
export const PLAN_BASELINE_COMMIT = '71cedc38a9df15b64e111ecbac52616c303ea0b1';

type Family = 'onboard' | 'addon' | 'promote' | 'config';

/** One request of the mix: who sends it and what. */
export interface P10Request {
  readonly family: Family;
  /** `stage` or `env`: what it reaches. */
  readonly scope: 'stage' | 'env';
  readonly user: string;
  readonly groups: readonly string[];
  readonly actor: Actor;
  readonly request: Record<string, unknown>;
}

export interface P10Result {
  readonly requests: number;
  /** Answered 200 (planned); the others were refused (4xx), also timed. */
  readonly planned: number;
  readonly statuses: Record<string, number>;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly byFamily: readonly { family: string; n: number; p50Ms: number; maxMs: number }[];
  /** The first POST /plan on the commit: the base is parsed and walked then. */
  readonly firstMs: number;
  /** From the first request's answer until the backend had prepared the commit ahead of plans (PlanBases). */
  readonly preparedMs: number;
  /** Today's cold plan() (no base) of a sample of the same requests, in-process on the same snapshot. */
  readonly cold: { readonly sample: number; readonly runs: readonly number[]; readonly medianMs: number };
  /** The same sample planned by the plan() of PLAN_BASELINE_COMMIT (no base): the goal's baseline. */
  readonly coldBefore: {
    readonly commit: string;
    readonly runs: readonly number[];
    readonly medianMs: number;
    /** Per request of the sample: whether both plan()s planned it (true) or both refused it (false). */
    readonly planned: readonly boolean[];
  };
  /** p95 / the cold median before issue 17 (the goal's ratio). */
  readonly ratio: number;
  /** p95 / today's cold median. */
  readonly ratioToday: number;
  /** Heap of one parsed commit (gc'd): after the first request, and after all of them (its kept builds). */
  readonly memory: {
    readonly afterFirstBytes: number;
    readonly afterPreparedBytes: number;
    readonly afterAllBytes: number;
    readonly basesKept: number;
  };
  readonly affectedEnvs: { readonly p50: number; readonly max: number };
}

/** A forced GC (the bench does not need --expose-gc on its command line). */
const heap = () => {
  gcNow();
  gcNow();
  return process.memoryUsage().heapUsed;
};

/** A small seeded random (mulberry32), so the mix is the same in every run. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const PLATFORM_USER = { user: 'user:default/p10-ops', groups: ['group:default/platform-team'] };

/**
 * 50 requests (or `count`) of four families in equal parts, half stage-wide and
 * half one env, on things the fleet has: a new app of a tenant into one of its
 * stages or one env of them; an addon of a component a stage runs, on that
 * stage or one of its envs; an app promoted to a version at a stage it runs
 * at; a config key on a stage or an env. Tenants' requests come from a member
 * of the tenant's group, config from the platform team. Interleaved (seeded).
 */
export function requestMix(fleet: Fleet, count = 50, seed = 17): P10Request[] {
  const rnd = random(seed);
  const out: P10Request[] = [];
  const tenantUser = (tenant: string) => ({
    user: `user:default/${tenant}-dev`,
    groups: [`group:default/${tenant}`],
    actor: { kind: 'tenant', tenant, user: `user:default/${tenant}-dev` } as Actor,
  });
  const envsOf = (stage: string) => fleet.environments.filter((e) => e.stage === stage);
  const tenants = fleet.tenants.filter((t) => t.stages.length);
  for (let i = 0; out.length < count && i < count * 10; i++) {
    const family = (['onboard', 'addon', 'promote', 'config'] as const)[i % 4]!;
    const scope = Math.floor(i / 4) % 2 === 0 ? 'stage' : 'env';
    if (family === 'onboard') {
      const t = rnd.pick(tenants);
      const stage = rnd.pick(t.stages);
      const target = scope === 'stage' ? { stage } : { env: rnd.pick(envsOf(stage)).name };
      out.push({
        family,
        scope,
        ...tenantUser(t.name),
        request: {
          kind: 'OnboardApp',
          name: `p10-app-${String(i).padStart(3, '0')}`,
          tenant: t.name,
          source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: `p10-app-${i}` },
          targets: [target],
          version: '1.0.0',
        },
      });
    } else if (family === 'addon') {
      // A component a stage runs and one of its version's addons the stage does not enable yet.
      for (let tries = 0; tries < 100; tries++) {
        const stage = rnd.pick(fleet.stages.filter((s) => envsOf(s.name).length));
        const c = rnd.pick(stage.components);
        const version = fleet.services.find((s) => s.name === c.service)?.versions.find((v) => v.version === c.version);
        // Not enabled yet, and in conflict with none that is (AddonConflict would refuse it).
        const addons = (version?.addons ?? [])
          .filter((a) => !c.addons.includes(a.name) && !a.conflictsWith.some((x) => c.addons.includes(x)))
          .filter(
            (a) => !(version?.addons ?? []).some((b) => c.addons.includes(b.name) && b.conflictsWith.includes(a.name)),
          )
          .map((a) => a.name);
        if (!addons.length) continue;
        const tenant = rnd.pick(tenants.filter((t) => t.stages.includes(stage.name)) as typeof tenants);
        const target = scope === 'stage' ? { stage: stage.name } : { env: rnd.pick(envsOf(stage.name)).name };
        out.push({
          family,
          scope,
          ...tenantUser(tenant.name),
          request: { kind: 'EnableAddon', service: c.service, addon: rnd.pick(addons), ...target },
        });
        break;
      }
    } else if (family === 'promote') {
      // A new patch release of what an app runs at a stage or at one env (an app deployed to an env alone);
      // stable versions only (a prerelease is refused where prod-like stages run).
      const stable = (d: { version: string }) => /^\d+\.\d+\.\d+$/.test(d.version);
      const next = (v: string) => v.replace(/\.(\d+)$/, (_, p: string) => `.${Number(p) + 1}`);
      const at = fleet.apps.flatMap((a) =>
        a.deployments
          .filter((d) => stable(d) && (scope === 'stage' ? d.stage !== undefined : d.env !== undefined))
          .map((d) => ({ app: a, d })),
      );
      if (!at.length) continue;
      const { app, d } = rnd.pick(at);
      out.push({
        family,
        scope,
        ...tenantUser(app.tenant),
        request: {
          kind: 'PromoteApp',
          app: app.name,
          to: [d.stage !== undefined ? { stage: d.stage } : { env: d.env }],
          version: next(d.version),
        },
      });
    } else {
      const stage = rnd.pick(fleet.stages.filter((s) => envsOf(s.name).length));
      const target = scope === 'stage' ? { stage: stage.name } : { env: rnd.pick(envsOf(stage.name)).name };
      out.push({
        family,
        scope,
        ...PLATFORM_USER,
        actor: { kind: 'platform', user: PLATFORM_USER.user },
        request: { kind: 'SetConfig', ...target, set: { p10_setting: `value-${i}` } },
      });
    }
  }
  return out;
}

export async function runP10(repo: FleetRepo, options: { requests?: number; cold?: number } = {}): Promise<P10Result> {
  const mix = requestMix(repo.fleet, options.requests ?? 50);
  const groupsOf = new Map<string, readonly string[]>(mix.map((r) => [r.user, r.groups]));
  const cacheDir = tempDir('p10-mirror');
  const config = readPlatterConfig(
    new ConfigReader({ platter: { repository: { url: repo.remoteUrl }, cacheDir, maxSnapshotAgeMs: 3_600_000 } }),
  );
  // The repository service as the default factory makes it, kept in hand to measure what it holds.
  const service: PlatterRepositoryService = {
    config,
    // The commit stays mirrored for the whole run (maxAgeMs): the preview is measured, not git fetch.
    mirror: new RepositoryMirror(config.repository, { cacheDir, maxAgeMs: 3_600_000 }),
    bases: new PlanBases(),
  };
  const backend = await startTestBackend({
    features: [
      platterPlugin,
      createServiceFactory({ service: platterRepositoryServiceRef, deps: {}, factory: () => service }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const userEntityRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
            return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...(groupsOf.get(userEntityRef) ?? [])] };
          },
        }),
      }),
      mockServices.permissions.factory(),
      mockServices.rootConfig.factory({ data: { platter: { repository: { url: repo.remoteUrl }, cacheDir } } }),
    ],
  });
  try {
    const port = (backend.server.address() as AddressInfo).port;
    const post = async (r: P10Request) => {
      const t = nowMs();
      const res = await fetch(`http://127.0.0.1:${port}/api/platter/plan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: mockCredentials.user.header(r.user) },
        body: JSON.stringify({ request: r.request }),
      });
      const body = (await res.json()) as { plan?: { affected: { environments: string[] } } };
      return { ms: nowMs() - t, status: res.status, envs: body.plan?.affected.environments.length ?? 0 };
    };

    progress('P10: mirroring the commit (a clone without checkout, read into memory)');
    const snapshot = await service.mirror.snapshot();
    const heap0 = heap();
    progress(`P10: first POST /plan on ${snapshot.commit.slice(0, 12)} (parses and walks the commit once)`);
    const first = await post(mix[0]!);
    const heap1 = heap();
    // The backend prepares the commit ahead of plans in the background (PlanBases): the mix starts once it has,
    // as on a backend that has held the commit a few seconds; how long that took and what it holds is reported.
    const tPrepare = nowMs();
    while (!service.bases!.isPrepared(snapshot.commit)) {
      if (nowMs() - tPrepare > 300_000) throw new Error('P10: the backend did not prepare the commit within 5 min');
      await new Promise((r) => setTimeout(r, 20));
    }
    const preparedMs = nowMs() - tPrepare;
    const heapPrepared = heap();

    // Untimed warm-up, as the cold baseline gets one: a request of each family and scope from another seed of the
    // mix (its apps named apart), so the first request of each kind is not timed with its code still JIT-cold.
    const warmUp = requestMix(repo.fleet, 8, 99).map((r, i) =>
      r.request.kind === 'OnboardApp' ? { ...r, request: { ...r.request, name: `p10-warm-up-${i}` } } : r,
    );
    progress(`P10: ${warmUp.length} warm-up requests, not timed`);
    for (const r of warmUp) await post(r);

    progress(`P10: ${mix.length} requests, one at a time`);
    const ms: number[] = [];
    const statuses: Record<string, number> = {};
    const byFamily = new Map<string, number[]>();
    const envs: number[] = [];
    for (const r of mix) {
      const x = await post(r);
      ms.push(x.ms);
      statuses[x.status] = (statuses[x.status] ?? 0) + 1;
      byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), x.ms]);
      if (x.status === 200) envs.push(x.envs);
      progress(
        `P10 ${ms.length}/${mix.length}: ${r.request.kind} (${r.scope}) ${x.status} ${fmtMs(x.ms)}, ${x.envs} envs`,
      );
    }
    const heap2 = heap();

    // The baselines, in-process on the same snapshot and the same sample: plan() as the route called it before
    // (no base), today's and as it was before issue 17 changed plan() (its sources archived). Each request's
    // outcome (planned or refused) must be the same for both: a baseline that refuses what today plans is no baseline.
    const sampleSize = Math.min(options.cold ?? 8, mix.length);
    const step = mix.length / sampleSize;
    const sample = Array.from({ length: sampleSize }, (_, i) => mix[Math.floor(i * step)]!);
    type PlanFn = (tree: unknown, request: unknown, options: unknown) => unknown;
    const timePlan = (planFn: PlanFn, parse: (r: unknown) => unknown, r: P10Request) => {
      const t = nowMs();
      let planned = true;
      try {
        planFn(snapshot.tree, parse(r.request), { actor: r.actor, baseCommit: snapshot.commit });
      } catch {
        // A refusal costs what it costs: timed like the route's.
        planned = false;
      }
      return { ms: nowMs() - t, planned };
    };
    const cold: number[] = [];
    const plannedToday: boolean[] = [];
    for (const [i, r] of sample.entries()) {
      const x = timePlan(plan as PlanFn, parseRequest as (r: unknown) => unknown, r);
      cold.push(x.ms);
      plannedToday.push(x.planned);
      progress(`P10 cold plan() ${i + 1}/${sampleSize}: ${r.request.kind} (${r.scope}) ${fmtMs(x.ms)}`);
    }
    progress(
      `P10: plan() as of ${PLAN_BASELINE_COMMIT.slice(0, 7)} (git archive of packages/render and packages/model)`,
    );
    const beforeDir = await prepareRenderBaseline(PLAN_BASELINE_COMMIT);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const before = require(join(beforeDir, 'packages', 'render', 'src', 'index.ts')) as { plan: PlanFn };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const beforeModel = require(join(beforeDir, 'packages', 'model', 'src', 'index.ts')) as {
      parseRequest: (r: unknown) => unknown;
    };
    // One untimed plan first: today's plan() runs JIT-warm after the 50 requests, so the old one gets warmed too.
    timePlan(before.plan, beforeModel.parseRequest, sample[0]!);
    const coldBefore: number[] = [];
    for (const [i, r] of sample.entries()) {
      const x = timePlan(before.plan, beforeModel.parseRequest, r);
      if (x.planned !== plannedToday[i])
        throw new Error(
          `P10: ${r.request.kind} (${r.scope}) was ${plannedToday[i] ? 'planned' : 'refused'} by today's plan() but ${x.planned ? 'planned' : 'refused'} by ${PLAN_BASELINE_COMMIT.slice(0, 7)}'s: not the same work`,
        );
      coldBefore.push(x.ms);
      progress(`P10 cold plan() before issue 17 ${i + 1}/${sampleSize}: ${r.request.kind} (${r.scope}) ${fmtMs(x.ms)}`);
    }
    const p95 = percentile(ms, 95);
    const coldMedian = median(cold);
    const coldBeforeMedian = median(coldBefore);
    return {
      requests: ms.length,
      planned: statuses['200'] ?? 0,
      statuses,
      p50Ms: percentile(ms, 50),
      p95Ms: p95,
      maxMs: Math.max(...ms),
      byFamily: [...byFamily].map(([family, xs]) => ({
        family,
        n: xs.length,
        p50Ms: percentile(xs, 50),
        maxMs: Math.max(...xs),
      })),
      firstMs: first.ms,
      preparedMs,
      cold: { sample: sampleSize, runs: cold, medianMs: coldMedian },
      coldBefore: {
        commit: PLAN_BASELINE_COMMIT,
        runs: coldBefore,
        medianMs: coldBeforeMedian,
        planned: plannedToday,
      },
      ratio: p95 / coldBeforeMedian,
      ratioToday: p95 / coldMedian,
      memory: {
        afterFirstBytes: heap1 - heap0,
        afterPreparedBytes: heapPrepared - heap0,
        afterAllBytes: heap2 - heap0,
        basesKept: service.bases!.commits.length,
      },
      affectedEnvs: { p50: percentile(envs, 50), max: Math.max(0, ...envs) },
    };
  } finally {
    await backend.stop();
  }
}

/** Whether the result meets the goal (p95 ≤ 250 ms and ≤ 1/8 of the cold plan() before issue 17). */
export const p10Met = (r: P10Result): boolean => r.p95Ms <= P10_GOAL_P95_MS && r.ratio <= P10_GOAL_RATIO;

/** The report's summary row. */
export function p10SummaryRows(r: P10Result): string[][] {
  return [
    [
      `P10 warm plan preview (POST /plan, ${r.requests} requests)`,
      `p50 ${fmtMs(r.p50Ms)}, p95 ${fmtMs(r.p95Ms)}`,
      `cold plan() before issue 17 ${fmtMs(r.coldBefore.medianMs)}, today ${fmtMs(r.cold.medianMs)} (medians of ${r.cold.sample})`,
      `${fmtRatio(r.ratio)} (today's: ${fmtRatio(r.ratioToday)})`,
      `p95 ≤ ${P10_GOAL_P95_MS} ms and ≤ 1/8 of cold before`,
      p10Met(r) ? '✅ met' : '❌ missed',
    ],
  ];
}

export function p10Section(r: P10Result): string {
  return [
    '## P10: the warm plan preview (issue 17 goal 1)',
    '',
    `\`POST /api/platter/plan\` of a backend started with startTestBackend and the real \`platter\` plugin on 127.0.0.1, over the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet's bare remote, the commit mirrored first (snapshots kept for the run). ${r.requests} requests one at a time, onboard / addon / promote / config in equal parts, half stage-wide and half one env, tenants' from a member of the tenant's group and config from the platform team; ${r.planned} planned (${Object.entries(
      r.statuses,
    )
      .map(([s, n]) => `${n}× ${s}`)
      .join(', ')}); affected envs per plan: median ${r.affectedEnvs.p50}, max ${r.affectedEnvs.max}.`,
    '',
    `- **p50 ${fmtMs(r.p50Ms)}, p95 ${fmtMs(r.p95Ms)}** (max ${fmtMs(r.maxMs)}); by family: ${r.byFamily.map((f) => `${f.family} p50 ${fmtMs(f.p50Ms)} (max ${fmtMs(f.maxMs)})`).join(', ')}.`,
    `- The first request on the commit (it parses and walks the commit once, PlanBase): ${fmtMs(r.firstMs)}. Then the backend prepared the commit ahead of plans in the background (PlanBases: every env's structure findings and rendered-diff build, in ${PREPARE_SLICE_MS} ms slices): done ${fmtMs(r.preparedMs)} after that answer; then 8 untimed warm-up requests (one of each family and scope, from another seed of the mix), as the cold baseline gets an untimed plan first; the ${r.requests} timed requests start then.`,
    `- Baseline, same run: cold \`plan()\` (no base, as the route planned before) of ${r.cold.sample} of the same requests (${r.coldBefore.planned.filter(Boolean).length} planned, the others refused, by both) on the same snapshot, as the issue found it: the \`plan()\` of packages/render and packages/model as of ${r.coldBefore.commit.slice(0, 7)}, before issue 17 changed it (git archive under tools/bench/work/, run in this process after one untimed warm-up plan): ${r.coldBefore.runs.map(fmtMs).join(', ')}, **median ${fmtMs(r.coldBefore.medianMs)}**. p95 / cold before = **${fmtRatio(r.ratio)}** (goal ≤ 0.125×).`,
    `- Today's cold \`plan()\` of the same sample, for comparison (it got faster with this issue's parse, walk and render work): ${r.cold.runs.map(fmtMs).join(', ')}, median ${fmtMs(r.cold.medianMs)}; p95 / today's cold = ${fmtRatio(r.ratioToday)}.`,
    `- Memory of the parsed commit (heap after GC, over the mirrored snapshot alone): ${fmtMiB(r.memory.afterFirstBytes)} after the first request, ${fmtMiB(r.memory.afterPreparedBytes)} prepared, ${fmtMiB(r.memory.afterAllBytes)} after all ${r.requests} (the rendered diff's walks of the commit stay with it). The backend keeps ${r.memory.basesKept} of at most 3 commits.`,
  ].join('\n');
}

if (require.main === module) {
  const opt = (k: string) => process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  installCleanup();
  (async () => {
    const repo = await prepareFleetRepo(REFERENCE_SHAPE);
    const r = await runP10(repo, {
      ...(opt('requests') ? { requests: Number(opt('requests')) } : {}),
      ...(opt('cold') ? { cold: Number(opt('cold')) } : {}),
    });
    process.stdout.write(`${p10Section(r)}\n`);
  })().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${e?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
