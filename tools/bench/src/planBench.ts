/**
 * P2 up close: times `plan()` of the P2 request on a shallow clone of the
 * 1,000-env fleet (and, with --apply-runs, applyRequest vs raw git), optionally
 * side by side with another copy of the packages (--baseline), alternating in
 * one process so both see the same machine load. For working on P2; the full
 * report stays `npm run bench -- --only=P2`.
 *
 *   node -r tsx/cjs tools/bench/src/planBench.ts [options]
 *     --fleet-dir=DIR     keep the generated fleet (checkout + bare remote) there and
 *                         reuse it on the next run (default: a temp dir, removed)
 *     --plan-runs=N       plan() runs per side (default 5)
 *     --apply-runs=N      applyRequest and raw git runs per side (default 0)
 *     --baseline=ROOT     a checkout of the repository (with node_modules) whose
 *                         packages/render and packages/gitops-repo are compared;
 *                         the plans of both sides must be identical (exit code 1 if not).
 *                         E.g. `git archive <commit> packages | tar -x -C ROOT`, then
 *                         ROOT/node_modules: links to this repo's node_modules entries,
 *                         except @platter/{model,render,gitops-repo} -> ROOT/packages/*
 *     --profile=FILE      write a .cpuprofile of one plan() run of this code
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Session } from 'node:inspector';
import { REFERENCE_SHAPE, generateRepository, generateFleet } from '@platter/tools-fleet';
import type { FileChange } from '@platter/model';
import { git, writeTree } from './fleetRepo';
import { onboardingTarget, onboardRequest } from './p2';
import { fmtMs, installCleanup, median, progress, removeDir, tempDir, timed } from './util';

interface Side {
  readonly name: string;
  readonly plan: (
    tree: unknown,
    input: unknown,
    options: unknown,
  ) => { changes: readonly FileChange[]; title: string; affected: { environments: readonly string[] } };
  readonly DiskFileTree: new (dir: string) => unknown;
  readonly applyRequest: (
    remote: string,
    input: unknown,
    options: unknown,
  ) => Promise<{ outcome: string; plan: { changes: readonly FileChange[]; title: string } }>;
}

function loadSide(name: string, root: string): Side {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const render = require(join(root, 'packages/render/src/index.ts'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gitops = require(join(root, 'packages/gitops-repo/src/index.ts'));
  return { name, plan: render.plan, DiskFileTree: gitops.DiskFileTree, applyRequest: gitops.applyRequest };
}

async function fleetRepo(dirOption: string | undefined) {
  const root = dirOption ? resolve(dirOption) : tempDir('planbench');
  const dir = join(root, 'repo');
  const remote = join(root, 'remote.git');
  if (!existsSync(join(remote, 'HEAD'))) {
    progress(`generating the ${REFERENCE_SHAPE.envs}-env fleet into ${root}`);
    mkdirSync(root, { recursive: true });
    const generated = generateRepository(REFERENCE_SHAPE);
    writeTree(generated.tree, dir);
    await git(dir, ['init', '--quiet', '--initial-branch=main']);
    await git(dir, ['add', '--all']);
    await git(dir, ['commit', '--quiet', '--no-verify', '-m', 'Generated fleet']);
    await git(root, ['clone', '--quiet', '--bare', dir, remote]);
  }
  const base = (await git(remote, ['rev-parse', 'refs/heads/main'])).stdout.trim();
  await git(remote, ['update-ref', 'refs/heads/main', base]);
  return { root, dir, remote, remoteUrl: pathToFileURL(remote).href, base, fleet: generateFleet(REFERENCE_SHAPE) };
}

async function main(argv: string[]) {
  const opt = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  const planRuns = Number(opt('plan-runs') ?? 5);
  const applyRuns = Number(opt('apply-runs') ?? 0);
  const baseline = opt('baseline');
  const profile = opt('profile');
  installCleanup();
  const sides = [loadSide('current', resolve(__dirname, '..', '..', '..'))];
  if (baseline) sides.unshift(loadSide('baseline', resolve(baseline)));

  const repo = await fleetRepo(opt('fleet-dir'));
  const target = onboardingTarget(repo.fleet);
  progress(`request: OnboardApp tenant ${target.tenant} -> stage ${target.stage} (${target.envs} envs)`);

  const work = tempDir('planbench-clone');
  const clone = join(work, 'repo');
  await git(work, ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags', repo.remoteUrl, clone]);
  const request = onboardRequest('bench-plan-1', target.tenant, target.stage);
  const options = { actor: { kind: 'platform' }, baseCommit: repo.base, now: new Date('2026-11-27T00:00:00Z') };

  const planMs = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  const planCpu = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  const plans = new Map<string, unknown>();
  for (let i = 0; i < planRuns; i++) {
    for (const s of i % 2 ? [...sides].reverse() : sides) {
      const r = await timed(() => s.plan(new s.DiskFileTree(clone), request, options));
      planMs.get(s.name)!.push(r.ms);
      planCpu.get(s.name)!.push(r.cpuMs);
      plans.set(s.name, r.value);
      progress(
        `plan ${s.name} run ${i + 1}: ${fmtMs(r.ms)} (cpu ${fmtMs(r.cpuMs)}; ${r.value.changes.length} files, ${r.value.affected.environments.length} envs)`,
      );
    }
  }
  if (baseline) {
    const same = isDeepStrictEqual(plans.get('baseline'), plans.get('current'));
    progress(`plans identical: ${same}`);
    if (!same) process.exitCode = 1;
  }
  if (profile) {
    const s = sides.find((x) => x.name === 'current')!;
    const session = new Session();
    session.connect();
    const post = (m: string, p?: object) =>
      new Promise<any>((ok, ko) => session.post(m, p ?? {}, (e, r) => (e ? ko(e) : ok(r))));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
    s.plan(new s.DiskFileTree(clone), request, options);
    const { profile: p } = await post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(p));
    progress(`profile written to ${profile}`);
  }
  removeDir(work);

  const applyMs = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  const applyCpu = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  const rawMs: number[] = [];
  const rawCpu: number[] = [];
  for (let i = 1; i <= applyRuns; i++) {
    let changes: readonly FileChange[] = [];
    let title = '';
    for (const s of i % 2 ? sides : [...sides].reverse()) {
      const w = tempDir('apply');
      const a = await timed(() =>
        s.applyRequest(repo.remoteUrl, onboardRequest(`bench-app-${i}`, target.tenant, target.stage), {
          mode: 'direct',
          actor: { kind: 'platform' },
          workDir: w,
        }),
      );
      removeDir(w);
      await git(repo.remote, ['update-ref', 'refs/heads/main', repo.base]);
      if (a.value.outcome !== 'committed') throw new Error(`${s.name}: ${a.value.outcome}`);
      applyMs.get(s.name)!.push(a.ms);
      applyCpu.get(s.name)!.push(a.cpuMs);
      changes = a.value.plan.changes;
      title = a.value.plan.title;
    }
    const raw = await timed(async () => {
      const w = tempDir('raw');
      const dir = join(w, 'repo');
      await git(w, ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags', repo.remoteUrl, dir]);
      for (const c of changes) {
        const abs = join(dir, c.path);
        mkdirSync(join(abs, '..'), { recursive: true });
        writeFileSync(abs, c.after ?? '');
      }
      await git(dir, ['add', '--all', '--', ...changes.map((c) => c.path)]);
      await git(dir, ['commit', '--quiet', '--no-verify', '-m', title]);
      await git(dir, ['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
      removeDir(w);
    });
    rawMs.push(raw.ms);
    rawCpu.push(raw.cpuMs);
    await git(repo.remote, ['update-ref', 'refs/heads/main', repo.base]);
    const cpu = (x: number) => `cpu ${fmtMs(x)}`;
    progress(
      `apply run ${i}: ${sides.map((s) => `${s.name} ${fmtMs(applyMs.get(s.name)!.at(-1)!)} (${cpu(applyCpu.get(s.name)!.at(-1)!)})`).join(', ')}, raw git ${fmtMs(rawMs.at(-1)!)} (${cpu(rawCpu.at(-1)!)})`,
    );
  }

  // Wall time is what the goal is about; CPU time (this process + git) barely moves when other work shares the machine.
  const lines = sides.map((s) => {
    const p = median(planMs.get(s.name)!);
    const a = median(applyMs.get(s.name)!);
    const ac = median(applyCpu.get(s.name)!);
    return (
      `${s.name.padEnd(8)} plan() median ${fmtMs(p)} (cpu ${fmtMs(median(planCpu.get(s.name)!))}) [${planMs.get(s.name)!.map(fmtMs).join(', ')}]` +
      (applyRuns
        ? `; applyRequest median ${fmtMs(a)} (cpu ${fmtMs(ac)}), raw git ${fmtMs(median(rawMs))} (cpu ${fmtMs(median(rawCpu))}), ratio ${(a / median(rawMs)).toFixed(2)}× (cpu ${(ac / median(rawCpu)).toFixed(2)}×)`
        : '')
    );
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!opt('fleet-dir')) removeDir(repo.root);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
