import {
  canonicalJson,
  layout,
  objectNames,
  relativePath,
  type Environment,
  type Fleet,
  type Stage,
  type StageComponent,
} from '@platter/model';
import { exact, mergeObjectsFile, mergeSingleDocumentFile, parseYamlValues, toYaml } from '../yaml';
import { renderIndex, type RenderContext, type RenderedFiles } from './context';
import {
  envDecrypts,
  fluxComponentsPlaceholder,
  fluxSyncFile,
  isPlatterFluxPatch,
  platterFluxPatches,
} from './fluxSystem';
import { sharedList } from './lists';
import { API, configMap } from './objects';
import { PIN_CARRIES, readOverridePatch } from './overridePatch';
import { runtimeKustomization, stageConfigData } from './renderStage';

/**
 * An environment: `envs/<env>/`, the path `flux bootstrap` points at. It includes
 * its stage as a Component and adds only what is its own: cluster config, the
 * tenant config copies, encrypted secrets, env-only tenant apps, and addon
 * overrides as JSON6902 patches on the stage's runtime Kustomizations.
 */
export function renderEnvironment(ctx: RenderContext, env: Environment, out: RenderedFiles): void {
  const { fleet, previous } = ctx;
  const dir = layout.envDir(env.name);
  const index = renderIndex(fleet);
  const stage = index.stages.get(env.stage);
  const tenantConfig = tenantConfigMaps(fleet, env, stage);
  const envOnlyHere = index.envOnlyTenants.get(env.name);
  const envOnly = fleet.tenants
    .filter((t) => envOnlyHere?.has(t.name))
    .map((t) => relativePath(dir, layout.tenantEnvDir(t.name, env.name)))
    .sort();
  const resources = [
    'flux-system',
    'env-config.yaml',
    ...(tenantConfig.length ? ['tenant-config.yaml'] : []),
    ...env.secrets.map((s) => `secrets/${s.name}.yaml.encrypted`).sort(),
    ...envOnly,
  ];
  const isOurResource = (e: unknown) =>
    typeof e === 'string' &&
    (e === 'flux-system' ||
      e === 'env-config.yaml' ||
      e === 'tenant-config.yaml' ||
      /^secrets\/[^/]+\.yaml\.encrypted$/.test(e) ||
      /^\.\.\/\.\.\/tenants\/[^/]+\/envs\/[^/]+$/.test(e));
  const isOurComponent = (e: unknown) => typeof e === 'string' && /^\.\.\/\.\.\/stages\/[^/]+$/.test(e);
  out.set(
    layout.envKustomization(env.name),
    mergeSingleDocumentFile(previous.read(layout.envKustomization(env.name)), {
      apiVersion: API.kustomization,
      kind: 'Kustomization',
      resources: sharedList(resources, isOurResource),
      components: sharedList([relativePath(dir, layout.stageDir(env.stage))], isOurComponent),
      patches: sharedList(overridePatches(fleet, stage, env), isOverridePatch, sameOverridePatch),
    }),
  );
  out.set(
    layout.envConfig(env.name),
    mergeObjectsFile(previous.read(layout.envConfig(env.name)), [
      { ...configMap(objectNames.envConfig, 'flux-system', {}), data: exact(envConfigData(env)) },
    ]),
  );
  const tenantConfigPath = layout.tenantConfig(env.name);
  if (tenantConfig.length) {
    out.set(
      tenantConfigPath,
      mergeObjectsFile(
        previous.read(tenantConfigPath),
        tenantConfig,
        (v: any) => v?.metadata?.name === objectNames.tenantConfig,
      ),
    );
  } else if (previous.read(tenantConfigPath) !== undefined) out.set(tenantConfigPath, null);

  if (
    previous.read(layout.fluxComponents(env.name)) === undefined &&
    previous.list(layout.fluxSystemDir(env.name)).length === 0
  ) {
    out.set(layout.fluxComponents(env.name), fluxComponentsPlaceholder());
    out.set(layout.fluxSync(env.name), fluxSyncFile(fleet.settings, env.name));
  }
  const fluxKustomization = layout.fluxSystemKustomization(env.name);
  const fluxPrevious = previous.read(fluxKustomization);
  const decrypts = envDecrypts(env);
  out.set(
    fluxKustomization,
    fluxPrevious === undefined
      ? newFluxKustomization(fleet.settings.lockdown, decrypts)
      : mergeSingleDocumentFile(fluxPrevious, fluxKustomizationOf(fleet.settings.lockdown, decrypts, false)),
  );
}

/** envs/<env>/flux-system/kustomization.yaml as Platter wants it (the resources only when it writes the placeholder). */
const fluxKustomizationOf = (lockdown: boolean, decrypts: boolean, placeholder: boolean) => ({
  apiVersion: API.kustomization,
  kind: 'Kustomization',
  // Its resources belong to bootstrap: set only when Platter writes the placeholder.
  ...(placeholder ? { resources: ['gotk-components.yaml', 'gotk-sync.yaml'] } : {}),
  patches: sharedList(platterFluxPatches(lockdown, decrypts), isPlatterFluxPatch, samePatch),
});

/** A new env's flux-system kustomization is the same for every env: written once per lockdown and decryption setting. */
const newFluxKustomizations = new Map<string, string>();
function newFluxKustomization(lockdown: boolean, decrypts: boolean): string {
  const key = `${lockdown}/${decrypts}`;
  let text = newFluxKustomizations.get(key);
  if (text === undefined)
    newFluxKustomizations.set(
      key,
      (text = mergeSingleDocumentFile(undefined, fluxKustomizationOf(lockdown, decrypts, true))),
    );
  return text;
}

/** env-config data: the env's name (as `${env}`) and its cluster facts. */
export const envConfigData = (env: Environment): Record<string, string> => ({ env: env.name, ...env.config });

/**
 * ConfigMap `platter-env` in each tenant namespace present in the env: the
 * allow-listed keys of stage + env config (env wins), because a tenant
 * Kustomization's substituteFrom can only read its own namespace.
 */
export function tenantConfigMaps(fleet: Fleet, env: Environment, stage: Stage | undefined): Record<string, unknown>[] {
  const merged: Record<string, string> = { ...(stage ? stageConfigData(stage) : {}), ...envConfigData(env) };
  const data: Record<string, string> = {};
  for (const key of [...fleet.settings.tenantConfigKeys].sort())
    if (Object.hasOwn(merged, key)) data[key] = merged[key]!;
  // The tenants in the env (tenantsInEnvironment), from the index: asked for every env.
  const envOnly = renderIndex(fleet).envOnlyTenants.get(env.name);
  const namespaces = fleet.tenants
    .filter((t) => t.stages.includes(env.stage) || envOnly?.has(t.name))
    .flatMap((t) => t.namespaces);
  return [...new Set(namespaces)]
    .sort()
    .map((ns) => ({ ...configMap(objectNames.tenantConfig, ns, {}), data: exact(data) }));
}

/**
 * Env addon overrides and version pins (DESIGN §2) as one JSON6902 patch per
 * runtime Kustomization. A pin replaces `spec.path` with the pinned version's
 * `_base` (the addons' `../<addon>` then resolve in that version) and sets what
 * the pinned version says differently from the stage's (PIN_CARRIES); it has no
 * `test` op: a stage that moves on must not break the env's whole build, and
 * validate reports a pin the stage has caught up with (StaleOverride).
 * Disabling tests the addon is at its stage index before removing it (so a
 * stage change makes a stale override fail the build loudly), enabling appends.
 */
export function overridePatches(
  fleet: Fleet,
  stage: Stage | undefined,
  env: Environment,
): { target: Record<string, string>; patch: string }[] {
  const pins = env.versionOverrides ?? [];
  const services = [...new Set([...env.addonOverrides, ...pins].map((o) => o.service))].sort();
  const out: { target: Record<string, string>; patch: string }[] = [];
  for (const service of services) {
    const component = stage?.components.find((c) => c.service === service);
    const stageAddons = component?.addons ?? [];
    const mine = env.addonOverrides.filter((o) => o.service === service);
    const ops: Record<string, unknown>[] = [];
    const pin = pins.find((p) => p.service === service);
    if (pin) {
      ops.push({ op: 'replace', path: '/spec/path', value: `./${layout.baseDir(service, pin.version)}` });
      if (component) ops.push(...pinCarries(fleet, component, pin.version));
    }
    const disabled = mine
      .filter((o) => o.action === 'disable')
      .map((o) => ({ addon: o.addon, index: stageAddons.indexOf(o.addon) }))
      .sort((a, b) => b.index - a.index);
    for (const { addon, index } of disabled) {
      const path = `/spec/components/${index < 0 ? 0 : index}`;
      ops.push({ op: 'test', path, value: `../${addon}` }, { op: 'remove', path });
    }
    for (const o of mine.filter((x) => x.action === 'enable'))
      ops.push({ op: 'add', path: '/spec/components/-', value: `../${o.addon}` });
    out.push({
      target: { kind: 'Kustomization', name: objectNames.runtimeKustomization(service) },
      patch: toYaml(ops),
    });
  }
  return out;
}

/** The `add` ops of what the pinned version's runtime Kustomization has differently from the stage's (PIN_CARRIES). */
function pinCarries(fleet: Fleet, component: StageComponent, version: string): Record<string, unknown>[] {
  const stageSpec = runtimeKustomization(fleet, component).spec as Record<string, unknown>;
  const pinnedSpec = runtimeKustomization(fleet, { ...component, version }).spec as Record<string, unknown>;
  // A field the Kustomization leaves out is an empty list (Flux reads both alike).
  const at = (spec: Record<string, unknown>, path: string): unknown =>
    path
      .split('/')
      .slice(2)
      .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], spec) ?? [];
  const differs = (path: string) => canonicalJson(at(stageSpec, path)) !== canonicalJson(at(pinnedSpec, path));
  return PIN_CARRIES.filter(differs).map((path) => ({ op: 'add', path, value: at(pinnedSpec, path) }));
}

/**
 * A patch entry on a runtime Kustomization that is an addon override or a
 * version pin (readOverridePatch): Platter's, kept in step with the model.
 */
export function isOverridePatch(entry: unknown): boolean {
  const e = (entry ?? {}) as { target?: { kind?: unknown; name?: unknown }; patch?: unknown };
  if (e.target?.kind !== 'Kustomization' || typeof e.target.name !== 'string' || !e.target.name.startsWith('runtime-'))
    return false;
  if (typeof e.patch !== 'string') return false;
  try {
    return readOverridePatch(e.target.name.slice('runtime-'.length), parseYamlValues(e.patch)[0]) !== undefined;
  } catch {
    return false;
  }
}

const sameOverridePatch = (a: unknown, b: { target: Record<string, string>; patch: string }) => samePatch(a, b);

function samePatch(a: unknown, b: { target: Record<string, string>; patch: string }): boolean {
  const e = (a ?? {}) as { target?: Record<string, unknown>; patch?: unknown };
  return JSON.stringify(e.target) === JSON.stringify(b.target) && typeof e.patch === 'string' && e.patch === b.patch;
}
