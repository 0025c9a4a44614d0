import type { ComponentVersion, Environment, Fleet, Settings, Stage } from '@platter/model';
import { manifestComponentFiles } from '../plan/manifestComponent';
import { toYaml } from '../yaml';

/**
 * The embedded example fleet (`platter init`, and the portal's demo): two stages,
 * three clusters, a menu with versions and addons, two tenants. Built as a model
 * and rendered, so it always follows the current layout; its env secrets are the
 * fixtures in exampleSecrets.generated.ts (encrypted once to the demo key).
 */

const platform = 'group:default/platform-team';

const settings: Settings = {
  name: 'example-fleet',
  platformTeam: platform,
  platformCodeowners: ['@example-org/platform-team'],
  lockdown: true,
  repository: { url: 'https://github.com/example-org/fleet.git', branch: 'main' },
  tenantConfigKeys: ['cluster_name', 'domain', 'env', 'region', 'stage'],
};

const helmReleaseTarget = (name: string) => [{ kind: 'HelmRelease', name }];

function ingressNginx(version: string, chartVersion: string): ComponentVersion {
  return {
    service: 'ingress-nginx',
    version,
    description: 'NGINX ingress controller, the default IngressClass.',
    namespace: 'ingress-nginx',
    chart: { repository: 'https://kubernetes.github.io/ingress-nginx', name: 'ingress-nginx', version: chartVersion },
    values: {
      controller: {
        replicaCount: 2,
        ingressClassResource: { default: true },
        admissionWebhooks: { certManager: { enabled: true } },
        service: { annotations: { 'platter.dev/cluster': '${cluster_name}' } },
      },
    },
    dependsOn: ['cert-manager'],
    requires: { config: ['cluster_name'], secrets: [] },
    addons: [
      {
        name: 'nodeport',
        description: 'Expose the controller on node ports (bare-metal and kind clusters).',
        conflictsWith: ['internal-lb'],
        patchTargets: helmReleaseTarget('ingress-nginx'),
        values: { controller: { service: { type: 'NodePort' } } },
      },
      {
        name: 'metrics',
        description: 'Prometheus metrics and a ServiceMonitor.',
        conflictsWith: [],
        patchTargets: helmReleaseTarget('ingress-nginx'),
        values: { controller: { metrics: { enabled: true, serviceMonitor: { enabled: true } } } },
      },
      {
        name: 'internal-lb',
        description: 'An internal (VPC-only) load balancer.',
        conflictsWith: ['nodeport'],
        patchTargets: helmReleaseTarget('ingress-nginx'),
        values: {
          controller: { service: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } } },
        },
      },
    ],
    lifecycle: { status: 'stable' },
  };
}

const certManager: ComponentVersion = {
  service: 'cert-manager',
  version: '1.0.0',
  description: 'X.509 certificates for Kubernetes (cert-manager).',
  namespace: 'cert-manager',
  chart: { repository: 'https://charts.jetstack.io', name: 'cert-manager', version: 'v1.16.2' },
  values: { crds: { enabled: true, keep: true } },
  dependsOn: [],
  requires: { config: [], secrets: [] },
  addons: [],
  lifecycle: { status: 'stable' },
};

const externalDns: ComponentVersion = {
  service: 'external-dns',
  version: '1.0.0',
  description: 'DNS records for Services and Ingresses (Cloudflare).',
  namespace: 'external-dns',
  chart: { repository: 'https://kubernetes-sigs.github.io/external-dns/', name: 'external-dns', version: '1.15.0' },
  values: {
    provider: { name: 'cloudflare' },
    txtOwnerId: '${cluster_name}',
    domainFilters: ['${domain}'],
    env: [
      {
        name: 'CF_API_TOKEN',
        valueFrom: { secretKeyRef: { name: 'external-dns-credentials', key: 'EXTERNAL_DNS_API_TOKEN' } },
      },
    ],
  },
  dependsOn: [],
  requires: { config: ['cluster_name', 'domain'], secrets: ['EXTERNAL_DNS_API_TOKEN'] },
  addons: [],
  lifecycle: { status: 'stable' },
};

/**
 * A component of plain manifests (no Helm chart): the Prometheus node exporter as a
 * DaemonSet, with an addon (a Kustomize Component patching it) that also runs it on
 * control-plane nodes. Its files are made as `platter menu add --manifests` makes them.
 */
function monitoringAgent(): ComponentVersion {
  const labels = { 'app.kubernetes.io/name': 'monitoring-agent' };
  const base = {
    'serviceaccount.yaml': toYaml({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'monitoring-agent', namespace: 'monitoring' },
    }),
    'daemonset.yaml': toYaml({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'monitoring-agent', namespace: 'monitoring', labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels: { ...labels, 'platter.dev/cluster': '${cluster_name}' } },
          spec: {
            serviceAccountName: 'monitoring-agent',
            hostNetwork: true,
            hostPID: true,
            containers: [
              {
                name: 'node-exporter',
                image: 'quay.io/prometheus/node-exporter:v1.8.2',
                args: ['--path.rootfs=/host'],
                ports: [{ name: 'metrics', containerPort: 9100 }],
                volumeMounts: [{ name: 'root', mountPath: '/host', readOnly: true }],
              },
            ],
            volumes: [{ name: 'root', hostPath: { path: '/' } }],
          },
        },
      },
    }),
    'service.yaml': toYaml({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'monitoring-agent', namespace: 'monitoring', labels },
      spec: { selector: labels, ports: [{ name: 'metrics', port: 9100, targetPort: 'metrics' }] },
    }),
  };
  const controlPlane = {
    'daemonset-tolerations.yaml': toYaml({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'monitoring-agent', namespace: 'monitoring' },
      spec: {
        template: {
          spec: {
            tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
          },
        },
      },
    }),
  };
  const { files, patchTargets } = manifestComponentFiles({
    service: 'monitoring-agent',
    namespace: 'monitoring',
    secrets: [],
    base,
    addons: [{ name: 'control-plane', files: controlPlane }],
    field: 'manifests',
    addonsField: 'addons',
  });
  return {
    service: 'monitoring-agent',
    version: '1.0.0',
    description: 'Node metrics (Prometheus node exporter) on every node, from plain manifests.',
    namespace: 'monitoring',
    source: 'manifests',
    files,
    dependsOn: [],
    requires: { config: ['cluster_name'], secrets: [] },
    addons: [
      {
        name: 'control-plane',
        description: 'Also run on control-plane nodes (tolerates their taint).',
        conflictsWith: [],
        patchTargets: [...(patchTargets['control-plane'] ?? [])],
      },
    ],
    lifecycle: { status: 'stable' },
  };
}

const stages: Stage[] = [
  {
    name: 'staging',
    allowPrerelease: true,
    config: { domain: 'staging.example.com' },
    components: [
      { service: 'cert-manager', version: '1.0.0', addons: [] },
      { service: 'external-dns', version: '1.0.0', addons: [] },
      { service: 'ingress-nginx', version: '1.1.0', addons: ['nodeport'] },
      { service: 'monitoring-agent', version: '1.0.0', addons: ['control-plane'] },
    ],
  },
  {
    name: 'prod',
    allowPrerelease: false,
    promotesFrom: 'staging',
    config: { domain: 'example.com' },
    components: [
      { service: 'cert-manager', version: '1.0.0', addons: [] },
      { service: 'external-dns', version: '1.0.0', addons: [] },
      { service: 'ingress-nginx', version: '1.0.0', addons: ['metrics'] },
    ],
  },
];

const env = (
  name: string,
  stage: string,
  region: string,
  recipient: string,
  extra: Partial<Environment> = {},
): Environment => ({
  name,
  stage,
  owner: platform,
  ageRecipients: [recipient],
  config: { cluster_name: name, region },
  secrets: [
    { name: 'runtime-external-dns', namespace: 'flux-system', keys: ['EXTERNAL_DNS_API_TOKEN'], encrypted: true },
  ],
  addonOverrides: [],
  ...extra,
});

/** The example fleet, with env secrets encrypted to `recipient` (the demo key's). */
export function exampleFleet(recipient: string): Fleet {
  return {
    settings,
    stages,
    environments: [
      env('prod-eu', 'prod', 'eu-west-1', recipient),
      env('prod-us', 'prod', 'us-east-1', recipient, {
        addonOverrides: [{ service: 'ingress-nginx', addon: 'metrics', action: 'disable' }],
      }),
      env('staging-eu', 'staging', 'eu-west-1', recipient),
    ],
    services: [
      { name: 'cert-manager', versions: [certManager] },
      { name: 'external-dns', versions: [externalDns] },
      { name: 'ingress-nginx', versions: [ingressNginx('1.0.0', '4.11.3'), ingressNginx('1.1.0', '4.12.0')] },
      { name: 'monitoring-agent', versions: [monitoringAgent()] },
    ],
    tenants: [
      {
        name: 'team-a',
        owner: 'group:default/team-a',
        codeowners: ['@example-org/team-a'],
        namespaces: ['team-a'],
        stages: ['staging', 'prod'],
      },
      {
        name: 'team-b',
        owner: 'group:default/team-b',
        codeowners: ['@example-org/team-b'],
        namespaces: ['team-b'],
        stages: [],
      },
    ],
    apps: [
      {
        name: 'shop',
        tenant: 'team-a',
        namespace: 'team-a',
        source: {
          type: 'helm',
          repository: 'oci://ghcr.io/example-org/charts',
          chart: 'shop',
          values: { ingress: { enabled: true, className: 'nginx', host: 'shop.${domain}' } },
        },
        dependsOn: ['ingress-nginx'],
        deployments: [
          { stage: 'staging', version: '1.3.0-rc.1', values: { replicaCount: 1 } },
          { stage: 'prod', version: '1.2.0', values: { replicaCount: 3 } },
        ],
      },
      {
        name: 'billing',
        tenant: 'team-b',
        namespace: 'team-b',
        source: { type: 'image', image: 'ghcr.io/example-org/billing', port: 8080 },
        dependsOn: [],
        deployments: [{ env: 'staging-eu', version: '2.0.0' }],
      },
    ],
  };
}

/** The smallest valid repository (`platter init --empty`): settings and one stage, no envs. */
export function emptyFleet(): Fleet {
  return {
    settings: { ...settings, name: 'fleet', platformCodeowners: ['@example-org/platform-team'] },
    stages: [{ name: 'prod', allowPrerelease: false, config: {}, components: [] }],
    environments: [],
    services: [],
    tenants: [],
    apps: [],
  };
}
