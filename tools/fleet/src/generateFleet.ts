import { DEMO_AGE_RECIPIENT } from '@platter/render';
import type {
  App,
  ComponentVersion,
  Deployment,
  Environment,
  Fleet,
  RuntimeService,
  Stage,
  StageComponent,
  Tenant,
} from '@platter/model';
import { Random } from './random';

/** The size of a generated fleet. */
export interface FleetShape {
  readonly envs: number;
  readonly stages: number;
  readonly tenants: number;
  readonly apps: number;
  readonly services: number;
  readonly versionsPerService: number;
  readonly addonsPerService: number;
  readonly seed: number;
}

/** The reference fleet: 1,000 envs, 10 stages, 300 apps of 50 tenants, 30 services × 3 versions × 3 addons. */
export const REFERENCE_SHAPE: FleetShape = {
  envs: 1000,
  stages: 10,
  tenants: 50,
  apps: 300,
  services: 30,
  versionsPerService: 3,
  addonsPerService: 3,
  seed: 42,
};

const STAGE_NAMES = ['dev', 'qa', 'staging', 'canary', 'prod'];
const SERVICE_NAMES = [
  'cert-manager',
  'ingress-nginx',
  'external-dns',
  'external-secrets',
  'prometheus',
  'grafana',
  'loki',
  'tempo',
  'velero',
  'kyverno',
  'metrics-server',
  'cluster-autoscaler',
  'keda',
  'argo-rollouts',
  'reloader',
  'sealed-secrets',
  'istio',
  'linkerd',
  'vault-agent',
  'falco',
  'trivy-operator',
  'opentelemetry-collector',
  'fluent-bit',
  'node-problem-detector',
  'descheduler',
  'kube-state-metrics',
  'cilium',
  'coredns',
  'karpenter',
  'redis-operator',
];
const ADDON_NAMES = ['metrics', 'ha', 'nodeport', 'internal-lb', 'debug', 'network-policy'];
const REGIONS = [
  'eu-west-1',
  'eu-central-1',
  'us-east-1',
  'us-west-2',
  'ap-southeast-1',
  'ap-northeast-1',
  'sa-east-1',
];
const platform = 'group:default/platform-team';

/** The secret key one service of a generated menu requires (external-dns, as in the example). */
export const GENERATED_SECRET = { service: 'external-dns', key: 'EXTERNAL_DNS_API_TOKEN' } as const;

/**
 * Generates a valid fleet of the given shape through the model (the repository
 * is then `render(fleet)` plus the env secret files): stages in a promotion
 * chain, a menu with versions and addons (one pair conflicting per service),
 * dependencies between services, envs spread over stages with some addon
 * overrides, tenants in some stages, apps bound to stages with pins that only
 * go down the chain, and some env-only apps. Deterministic for a seed.
 */
export function generateFleet(shape: FleetShape): Fleet {
  const rnd = new Random(shape.seed);
  const stageNames = Array.from({ length: shape.stages }, (_, i) =>
    i < STAGE_NAMES.length && shape.stages <= STAGE_NAMES.length
      ? STAGE_NAMES[i]!
      : `stage-${String(i + 1).padStart(2, '0')}`,
  );
  const prodLike = (i: number) => i >= Math.ceil(shape.stages / 2);

  const services: RuntimeService[] = Array.from({ length: shape.services }, (_, i) => {
    const name = SERVICE_NAMES[i] ?? `service-${i + 1}`;
    const addonNames = ADDON_NAMES.slice(0, shape.addonsPerService);
    // A service may depend on one earlier service (never a cycle).
    const dependsOn = i > 0 && rnd.chance(0.2) ? [SERVICE_NAMES[rnd.int(i)] ?? `service-${rnd.int(i) + 1}`] : [];
    const versions: ComponentVersion[] = Array.from({ length: shape.versionsPerService }, (_, v) => ({
      service: name,
      version: `1.${v}.0`,
      description: `${name} ${v === shape.versionsPerService - 1 ? '(latest)' : ''}`.trim(),
      namespace: name,
      chart: { repository: `https://charts.example.org/${name}`, name, version: `${3 + v}.${i % 10}.0` },
      values: { replicaCount: 2, clusterName: '${cluster_name}' },
      dependsOn,
      requires: { config: ['cluster_name'], secrets: name === GENERATED_SECRET.service ? [GENERATED_SECRET.key] : [] },
      addons: addonNames.map((a, j) => ({
        name: a,
        conflictsWith: j === 1 && addonNames[2] ? [addonNames[2]] : [],
        patchTargets: [{ kind: 'HelmRelease', name }],
        values: { [a.replace(/-/g, '_')]: { enabled: true } },
      })),
      lifecycle:
        v === 0 && shape.versionsPerService > 2
          ? { status: 'deprecated', sunset: '2099-12-31', message: `move to 1.${shape.versionsPerService - 1}.0` }
          : { status: 'stable' },
    }));
    return { name, versions };
  });

  const stages: Stage[] = stageNames.map((name, i) => {
    const chosen = new Set(services.filter(() => rnd.chance(0.8)).map((s) => s.name));
    // Dependencies come along, transitively: a service only depends on earlier ones, so walk backwards.
    for (const s of [...services].reverse())
      if (chosen.has(s.name)) for (const d of s.versions[0]!.dependsOn) chosen.add(d);
    const components: StageComponent[] = services
      .filter((s) => chosen.has(s.name))
      .map((s) => {
        // Earlier stages run newer versions; later ones lag behind.
        const lag = Math.min(
          s.versions.length - 1,
          Math.floor((i / Math.max(1, shape.stages - 1)) * (s.versions.length - 1) + rnd.next()),
        );
        const version = s.versions[s.versions.length - 1 - lag]!;
        const addons = version.addons.length
          ? rnd
              .subset(
                version.addons.map((a) => a.name),
                0.35,
              )
              .filter(
                (a, _, all) => !version.addons.find((x) => x.name === a)!.conflictsWith.some((c) => all.includes(c)),
              )
          : [];
        return { service: s.name, version: version.version, addons };
      });
    return {
      name,
      allowPrerelease: !prodLike(i),
      ...(i > 0 ? { promotesFrom: stageNames[i - 1]! } : {}),
      config: { domain: `${name}.example.org` },
      components,
    };
  });

  const envs: Environment[] = Array.from({ length: shape.envs }, (_, i) => {
    // More clusters in later stages (prod-like), at least one per stage.
    const stageIndex =
      i < shape.stages ? i : Math.min(shape.stages - 1, Math.floor(Math.sqrt(rnd.next()) * shape.stages));
    const stage = stages[stageIndex]!;
    const region = rnd.pick(REGIONS);
    const name = `${stage.name}-${region.replace(/-\d$/, '')}-${String(i + 1).padStart(4, '0')}`;
    const overrides = rnd.chance(0.05)
      ? stage.components
          .filter((c) => c.addons.length > 0)
          .slice(0, 1)
          .map((c) => ({ service: c.service, addon: c.addons[0]!, action: 'disable' as const }))
      : [];
    const needsSecret = stage.components.some((c) => c.service === GENERATED_SECRET.service);
    return {
      name,
      stage: stage.name,
      owner: platform,
      ageRecipients: [DEMO_AGE_RECIPIENT],
      config: { cluster_name: name, region },
      secrets: needsSecret
        ? [
            {
              name: `runtime-${GENERATED_SECRET.service}`,
              namespace: 'flux-system',
              keys: [GENERATED_SECRET.key],
              encrypted: true,
            },
          ]
        : [],
      addonOverrides: overrides,
    };
  });

  const tenants: Tenant[] = Array.from({ length: shape.tenants }, (_, i) => {
    const name = `team-${String(i + 1).padStart(3, '0')}`;
    const inStages = stageNames.filter((_, s) => s === 0 || rnd.chance(0.7));
    return {
      name,
      owner: `group:default/${name}`,
      codeowners: [`@example-org/${name}`],
      namespaces: [name],
      stages: inStages,
    };
  });

  const apps: App[] = Array.from({ length: shape.apps }, (_, i) => {
    const tenant = tenants[i % tenants.length]!;
    const name = `app-${String(i + 1).padStart(4, '0')}`;
    const helm = rnd.chance(0.8);
    const minor = 1 + rnd.int(9);
    const deployments: Deployment[] = tenant.stages
      .filter(() => rnd.chance(0.85))
      .map((stage) => {
        const index = stageNames.indexOf(stage);
        const prodStage = prodLike(index);
        // Pins go down the chain: earlier stages are ahead (and may run prereleases).
        const version = prodStage ? `2.${Math.max(0, minor - index)}.0` : `2.${minor}.0-rc.${1 + rnd.int(3)}`;
        return { stage, version };
      });
    if (rnd.chance(0.1)) {
      const env =
        envs.find(
          (e) => !deployments.some((d) => d.stage === e.stage) && !tenant.stages.includes(e.stage) && rnd.chance(0.01),
        ) ?? undefined;
      if (env) deployments.push({ env: env.name, version: `2.${minor}.0` });
    }
    const needsIngress = services.some((s) => s.name === 'ingress-nginx');
    const dependsOn =
      needsIngress &&
      deployments.every((d) =>
        stages
          .find((s) => s.name === (d.stage ?? envs.find((e) => e.name === d.env)?.stage))
          ?.components.some((c) => c.service === 'ingress-nginx'),
      )
        ? ['ingress-nginx']
        : [];
    return {
      name,
      tenant: tenant.name,
      namespace: tenant.namespaces[0]!,
      source: helm
        ? {
            type: 'helm',
            repository: `oci://ghcr.io/example-org/charts`,
            chart: name,
            values: { ingress: { host: `${name}.\${domain}` } },
          }
        : { type: 'image', image: `ghcr.io/example-org/${name}`, port: 8080 },
      dependsOn,
      deployments,
    };
  });

  return {
    settings: {
      name: 'generated-fleet',
      platformTeam: platform,
      platformCodeowners: ['@example-org/platform-team'],
      lockdown: true,
      repository: { url: 'https://github.com/example-org/generated-fleet.git', branch: 'main' },
      tenantConfigKeys: ['cluster_name', 'domain', 'env', 'region', 'stage'],
    },
    stages,
    environments: envs,
    services,
    tenants,
    apps,
  };
}
