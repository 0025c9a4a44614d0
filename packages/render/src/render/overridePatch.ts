import { versionOfBasePath, type AddonOverride } from '@platter/model';

/**
 * What a version pin carries over from the pinned version, beside `spec.path`:
 * the fields of a runtime Kustomization that renderStage derives from the
 * version (its dependencies, the Secret it substitutes from, the values patch
 * on its HelmRelease). An `add` of each that differs from the stage's version:
 * a canary of a version that needs cert-manager waits for it, and one that
 * needs a Secret reads it. `add`, not `replace`: it works whether the stage's
 * Kustomization has the field or not, so a stage that moves on never breaks the
 * env's build.
 */
export const PIN_CARRIES = ['/spec/dependsOn', '/spec/postBuild/substituteFrom', '/spec/patches'] as const;

/**
 * The one reading of an env's patch of a runtime Kustomization (renderEnvironment
 * writes it, the parser reads it back, render keeps it as Platter's): addon
 * overrides (`/spec/components` ops: a `test` names a disabled addon, an `add`
 * to the end an enabled one), a version pin (`replace` of `/spec/path` with a
 * version's `_base`) and what the pin carries ({@link PIN_CARRIES}).
 * undefined: a patch with any other op, or carried fields without a pin, is
 * someone else's and is left alone.
 */
export function readOverridePatch(
  service: string,
  ops: unknown,
): { readonly pin?: string; readonly addons: AddonOverride[] } | undefined {
  if (!Array.isArray(ops)) return undefined;
  let pin: string | undefined;
  let carries = false;
  const addons: AddonOverride[] = [];
  for (const op of ops as { op?: unknown; path?: unknown; value?: unknown }[]) {
    const version = op?.op === 'replace' && op.path === '/spec/path' ? versionOfBasePath(service, op.value) : undefined;
    if (version) pin = version;
    else if (op?.op === 'add' && (PIN_CARRIES as readonly unknown[]).includes(op.path)) carries = true;
    else if (typeof op?.path === 'string' && op.path.startsWith('/spec/components')) {
      const addon = typeof op.value === 'string' ? op.value.replace(/^\.\.\//, '') : undefined;
      if (op.op === 'test' && addon) addons.push({ service, addon, action: 'disable' });
      else if (op.op === 'add' && op.path === '/spec/components/-' && addon)
        addons.push({ service, addon, action: 'enable' });
    } else return undefined;
  }
  if (carries && !pin) return undefined;
  return { ...(pin ? { pin } : {}), addons };
}
