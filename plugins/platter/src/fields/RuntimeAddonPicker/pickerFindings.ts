import {
  checkAddonSelection,
  diagnostic,
  known,
  type ComponentVersion,
  type Diagnostic,
  type RuntimeService,
  type Stage,
} from '@platter/model';
import type { RuntimeAddonPickerValue } from '@platter/plugin-platter-common';
import { versionFindings } from '../../internal/lifecycle';
import type { PickerData } from './pickerData';

/**
 * What the picker asks the model (DESIGN §1: the rules run in the browser, not
 * re-implemented). Versions: checkVersionAllowed (sunset; prereleases in a stage
 * that forbids them). Addons: checkAddonSelection (unknown, incompatible,
 * twice, conflicting). This file only chooses what to ask and where to show it.
 */

/** Where findings say they apply: the stage, when known. */
export const selectionWhere = (stage?: Stage): string => (stage ? `stage "${stage.name}"` : 'this selection');

/** A version as the picker offers it, with the model's warnings (DeprecatedVersion). */
export interface OfferedVersion {
  readonly version: ComponentVersion;
  readonly warnings: readonly Diagnostic[];
}

/**
 * Versions the model allows (no error finding), newest first; sunset versions are hidden.
 * With a target, only the version running there (whatever its lifecycle: it runs).
 */
export function offeredVersions(
  service: RuntimeService,
  now: Date,
  stage?: Stage,
  target?: PickerData['target'],
): OfferedVersion[] {
  const running = target?.running[service.name];
  if (target) {
    const v = service.versions.find((x) => x.version === running);
    return v ? [{ version: v, warnings: versionFindings(v, now, stage).filter((d) => d.severity === 'warning') }] : [];
  }
  return service.versions
    .map((version) => ({ version, findings: versionFindings(version, now, stage) }))
    .filter((v) => !v.findings.some((d) => d.severity === 'error'))
    .map((v) => ({ version: v.version, warnings: v.findings }))
    .reverse();
}

/** Every finding on a picker value (errors block the form; warnings are shown). */
export function pickerFindings(
  services: readonly RuntimeService[],
  value: Partial<RuntimeAddonPickerValue> | undefined,
  now: Date,
  stage?: Stage,
  target?: PickerData['target'],
): Diagnostic[] {
  if (!value?.service) return [];
  const running = target?.running[value.service];
  if (target && !running) {
    return [diagnostic('UnknownRuntimeService', `${value.service} does not run in ${target.label}`)];
  }
  if (target && value.version && value.version !== running) {
    return [
      diagnostic(
        'UnknownComponentVersion',
        `${target.label} runs ${value.service} ${running}, not ${value.version}: the addon is enabled on ${running}`,
      ),
    ];
  }
  const service = services.find((s) => s.name === value.service);
  if (!service) {
    return [
      diagnostic(
        'UnknownRuntimeService',
        `runtime service "${value.service}" is not on the menu (known: ${known(services.map((s) => s.name))})`,
      ),
    ];
  }
  if (!value.version) return [];
  const version = service.versions.find((v) => v.version === value.version);
  if (!version) {
    return [
      diagnostic(
        'UnknownComponentVersion',
        `${service.name} has no version "${value.version}" (released: ${known(service.versions.map((v) => v.version))})`,
      ),
    ];
  }
  return [
    ...versionFindings(version, now, stage),
    ...checkAddonSelection(service, version, value.addons ?? [], selectionWhere(stage), ''),
  ];
}

/**
 * Checking `addon` on top of `addons`: the model's findings that involve the
 * new addon. Any error means the picker refuses the click.
 */
export function addonRefusal(
  service: RuntimeService,
  version: ComponentVersion,
  addons: readonly string[],
  addon: string,
  stage?: Stage,
): Diagnostic[] {
  return checkAddonSelection(service, version, [...addons, addon], selectionWhere(stage), '', new Set([addon])).filter(
    (d) => d.severity === 'error',
  );
}
