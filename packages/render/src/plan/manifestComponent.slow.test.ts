/**
 * Plain-manifest runtime components against the real `kubectl kustomize`: a
 * component added by AddRuntimeService from manifests (and the example's
 * monitoring-agent) runs in a stage; the applied tree is written to a temp dir,
 * the env is built, and a Flux-like build of the component's Flux Kustomization
 * (`spec.components` appended to `_base`'s kustomization, as Flux does) must give
 * the manifests' objects with the addons' patches applied.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RepoHarness } from '../testing';
import { parseYamlValues, toYaml } from '../yaml';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function writeTree(h: RepoHarness): string {
  const root = mkdtempSync(join(tmpdir(), 'platter-manifests-'));
  roots.push(root);
  for (const [path, content] of h.tree.entries()) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function built(root: string, dir: string): any[] {
  const out = execFileSync('kubectl', ['kustomize', dir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseYamlValues(out) as any[];
}

/** The objects a runtime component's Flux Kustomization applies in an env, built the way Flux builds them. */
function fluxBuild(root: string, env: string, service: string): any[] {
  const flux = built(root, `envs/${env}`).find(
    (o) => o.kind === 'Kustomization' && o.metadata?.name === `runtime-${service}`,
  );
  if (!flux) throw new Error(`env ${env} has no runtime-${service}`);
  const path = String(flux.spec.path).replace(/^\.\//, '');
  const file = join(root, path, 'kustomization.yaml');
  const original = readFileSync(file, 'utf8');
  const k = parseYamlValues(original)[0] as Record<string, any>;
  writeFileSync(file, toYaml({ ...k, components: [...(k.components ?? []), ...(flux.spec.components ?? [])] }));
  try {
    return built(root, path);
  } finally {
    writeFileSync(file, original);
  }
}

const ids = (objects: any[]) => objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();

const policy = (policyTypes: string[]) =>
  toYaml({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: 'netpol' },
    spec: { podSelector: {}, policyTypes },
  });

const addNetpol = {
  kind: 'AddRuntimeService',
  name: 'netpol',
  manifests: { 'policy.yaml': policy(['Ingress']) },
  addons: [{ name: 'egress', manifests: { 'policy.yaml': policy(['Ingress', 'Egress']) } }],
};

describe('plain-manifest components, built with real kustomize', () => {
  it("the example's monitoring-agent: the manifests, the Namespace and the control-plane addon's patch", () => {
    const root = writeTree(RepoHarness.example());
    const objects = fluxBuild(root, 'staging-eu', 'monitoring-agent');
    expect(ids(objects)).toEqual([
      'DaemonSet/monitoring/monitoring-agent',
      'Namespace//monitoring',
      'Service/monitoring/monitoring-agent',
      'ServiceAccount/monitoring/monitoring-agent',
    ]);
    const ds = objects.find((o) => o.kind === 'DaemonSet');
    expect(ds.spec.template.spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    // Flux substitutes it from env-config after the build.
    expect(ds.spec.template.metadata.labels['platter.dev/cluster']).toBe('${cluster_name}');
  });

  it.each<[string, (h: RepoHarness) => void, string[]]>([
    ['the stage runs it with the addon', () => undefined, ['Ingress', 'Egress']],
    [
      'one env disables the addon',
      (h) => h.apply({ kind: 'DisableAddon', env: 'staging-eu', service: 'netpol', addon: 'egress' }),
      ['Ingress'],
    ],
  ])('a component added from manifests: %s', (_name, more, policyTypes) => {
    const h = RepoHarness.example();
    h.apply(addNetpol);
    h.apply({ kind: 'AddComponentToStage', stage: 'staging', service: 'netpol', version: '1.0.0', addons: ['egress'] });
    more(h);
    expect(h.validate()).toEqual([]);
    const objects = fluxBuild(writeTree(h), 'staging-eu', 'netpol');
    expect(ids(objects)).toEqual(['Namespace//netpol', 'NetworkPolicy/netpol/default-deny']);
    expect(objects.find((o) => o.kind === 'NetworkPolicy').spec.policyTypes).toEqual(policyTypes);
  });
});
