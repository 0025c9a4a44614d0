import { runKustomizeOracle } from './runKustomizeOracle';
import { baseFiles, envFiles, writeRepo, removeRepo, runtimeKustomization } from './_testRepo';
jest.setTimeout(600000);
it('bench', async () => {
  const n = Number(process.env.BENCH_ENVS ?? 100);
  const files: Record<string, string | undefined> = { ...baseFiles() };
  const stages = ['s0', 's1', 's2'];
  for (const st of stages) {
    const svcs = [0, 1, 2, 3, 4].map((i) => `svc${i}`);
    files[`stages/${st}/kustomization.yaml`] = `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - stage-config.yaml\n${svcs.map((s) => `  - runtime/${s}.yaml\n`).join('')}`;
    files[`stages/${st}/stage-config.yaml`] = baseFiles()['stages/x/stage-config.yaml'];
    svcs.forEach((s, i) => {
      files[`stages/${st}/runtime/${s}.yaml`] = runtimeKustomization('', `runtime-${s}`).replace('runtime/demo/1.0.0', `runtime/${s}/1.0.${stages.indexOf(st)}`)
        .replace('    - ../addon\n', i % 2 ? '    - ../addon\n' : '    - ../addon\n    - ../extra\n');
      for (const v of [0, 1, 2]) {
        const b = baseFiles();
        for (const [k, c] of Object.entries(b)) if (k.startsWith('runtime/demo/1.0.0/')) files[k.replace('runtime/demo/1.0.0/', `runtime/${s}/1.0.${v}/`).replace('demo', s)] = c!.replace(/demo/g, `${s}`);
        files[`runtime/${s}/1.0.${v}/extra/kustomization.yaml`] = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  extra: "yes"\n';
      }
    });
  }
  for (let i = 0; i < n; i++) Object.assign(files, envFiles(`env${i}`, stages[i % 3]));
  const root = writeRepo(files);
  const t0 = Date.now();
  const r = await runKustomizeOracle(root, process.env.BENCH_C ? { concurrency: Number(process.env.BENCH_C) } : {});
  console.log(n, 'envs', Date.now() - t0, 'ms', JSON.stringify(r.stats), r.diagnostics.length, JSON.stringify(r.diagnostics.slice(0, 3)));
  removeRepo(root);
});
