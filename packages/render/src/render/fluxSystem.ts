import type { Settings } from '@platter/model';
import { toYaml } from '../yaml';
import { API } from './objects';

/**
 * envs/<env>/flux-system/ belongs to `flux bootstrap`. Platter writes a
 * placeholder only where none exists (so a new env builds before its cluster is
 * bootstrapped) and afterwards owns only two kinds of patches in its
 * kustomization.yaml: SOPS decryption, and the multi-tenancy lockdown flags.
 */
export const PLACEHOLDER_NOTE =
  'Placeholder written by Platter: `flux bootstrap --path=envs/<env>` replaces this file with the real Flux controllers.';

const CONTROLLERS = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'];

/** The same for every env: written once. */
let placeholder: string | undefined;
export function fluxComponentsPlaceholder(): string {
  return (placeholder ??= writeFluxComponentsPlaceholder());
}

function writeFluxComponentsPlaceholder(): string {
  const docs = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'flux-system', labels: { 'app.kubernetes.io/part-of': 'flux' } },
    },
    ...CONTROLLERS.map((name) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'flux-system', labels: { 'app.kubernetes.io/component': name } },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'manager',
                image: `ghcr.io/fluxcd/${name}`,
                args: ['--watch-all-namespaces=true', '--log-level=info'],
              },
            ],
          },
        },
      },
    })),
    ...CONTROLLERS.map((name) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: 'flux-system' },
    })),
  ];
  return `# ${PLACEHOLDER_NOTE}\n${toYaml(...docs)}`;
}

export function fluxSyncFile(settings: Settings, env: string): string {
  return toYaml(
    {
      apiVersion: API.source,
      kind: 'GitRepository',
      metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: {
        interval: '1m0s',
        ref: { branch: settings.repository.branch },
        secretRef: { name: 'flux-system' },
        url: settings.repository.url,
      },
    },
    {
      apiVersion: API.fluxKustomization,
      kind: 'Kustomization',
      metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: {
        interval: '10m0s',
        path: `./envs/${env}`,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      },
    },
  );
}

const jsonPatch = (ops: unknown[]) => toYaml(ops);

/**
 * Whether an env's root Kustomization decrypts (Platter's `spec.decryption` patch, key in
 * Secret flux-system/sops-age): when the env has age recipients or secrets. Not otherwise:
 * kustomize-controller fails the whole reconciliation when the decryption Secret does not
 * exist (ImportKeys), and a cluster that adopt took over without recipients has none. The one
 * rule render (what validate compares, ManagedFieldEdited) and adopt (what it writes) follow.
 */
export const envDecrypts = (env: {
  readonly ageRecipients: readonly string[];
  readonly secrets: readonly unknown[];
}): boolean => env.ageRecipients.length > 0 || env.secrets.length > 0;

/** The decryption patch of the root Kustomization (see {@link envDecrypts}). */
export const DECRYPTION_PATCH = {
  target: { kind: 'Kustomization', name: 'flux-system' },
  patch: jsonPatch([
    { op: 'add', path: '/spec/decryption', value: { provider: 'sops', secretRef: { name: 'sops-age' } } },
  ]),
} as const;

/** The patches Platter owns in flux-system/kustomization.yaml. */
export function platterFluxPatches(
  lockdown: boolean,
  decrypts: boolean,
): { target: Record<string, string>; patch: string }[] {
  const decryption = decrypts ? [DECRYPTION_PATCH] : [];
  if (!lockdown) return decryption;
  const addArg = (value: string) => jsonPatch([{ op: 'add', path: '/spec/template/spec/containers/0/args/-', value }]);
  return [
    ...decryption,
    // Lockdown (Flux multi-tenancy): no cross-namespace references, no remote bases, and
    // tenants' reconcilers run as an unprivileged default service account.
    {
      target: {
        kind: 'Deployment',
        name: '(kustomize-controller|helm-controller|notification-controller|image-reflector-controller|image-automation-controller)',
      },
      patch: addArg('--no-cross-namespace-refs=true'),
    },
    { target: { kind: 'Deployment', name: 'kustomize-controller' }, patch: addArg('--no-remote-bases=true') },
    {
      target: { kind: 'Deployment', name: '(kustomize-controller|helm-controller)' },
      patch: addArg('--default-service-account=default'),
    },
    // The root Kustomization keeps cluster-admin through the controller's own account.
    {
      target: { kind: 'Kustomization', name: 'flux-system' },
      patch: jsonPatch([{ op: 'add', path: '/spec/serviceAccountName', value: 'kustomize-controller' }]),
    },
  ];
}

/** Recognises a patch entry Platter wrote (so lockdown can be switched off cleanly). */
export function isPlatterFluxPatch(entry: unknown): boolean {
  const p = (entry ?? {}) as { patch?: unknown };
  return (
    typeof p.patch === 'string' &&
    /(--no-cross-namespace-refs|--no-remote-bases|--default-service-account|\/spec\/decryption|path: \/spec\/serviceAccountName\n\s+value: kustomize-controller)/.test(
      p.patch,
    )
  );
}
