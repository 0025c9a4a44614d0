import { diagnostic, known, type Diagnostic } from '../errors';
import type { Fleet, RuntimeService, Stage, VersionRuleFacts } from '../fleet';
import { findService } from '../fleet';
import { layout } from '../layout';
import { checkVariableName } from '../names';
import { isoDate, isPrerelease } from '../versions';
import { checkCycles } from './checkDependencies';
import { at, type RuleOptions } from './context';
import { duplicates } from './duplicates';
import { sameReads } from './kept';

/** Stages: components exist on the menu, addons fit the version, dependencies resolve, lifecycle allows it. */
export function checkStages(fleet: Fleet, options: Required<RuleOptions>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const day = isoDate(options.now);
  for (const stage of fleet.stages) {
    const reads = [day, ...stage.components.map((c) => findService(fleet, c.service))];
    const clean = CLEAN.get(stage);
    if (clean && sameReads(clean, reads)) continue;
    const found = checkStage(fleet, stage, options);
    if (found.length) {
      CLEAN.delete(stage);
      out.push(...found);
    } else CLEAN.set(stage, reads);
  }
  return out;
}

/**
 * Stages found clean, with what their check read besides the stage: the day
 * (sunsets) and the services they run. Entities are never mutated, so a stage
 * met again with the same services, as every plan on a parsed commit meets
 * them, is clean again. Only clean results are kept, as in checkApps.
 */
const CLEAN = new WeakMap<Stage, readonly unknown[]>();

function checkStage(fleet: Fleet, stage: Stage, options: Required<RuleOptions>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stagePath = at(stage, layout.stageKustomization(stage.name));
  for (const key of Object.keys(stage.config)) {
    const d = checkVariableName(key, layout.stageConfig(stage.name));
    if (d) out.push(d);
  }
  for (const svc of duplicates(stage.components.map((c) => c.service))) {
    out.push(diagnostic('DuplicateName', `stage "${stage.name}" runs ${svc} more than once`, stagePath));
  }
  const graph = new Map<string, readonly string[]>();
  for (const c of stage.components) {
    const path = at(c, layout.stageRuntime(stage.name, c.service));
    const service = findService(fleet, c.service);
    if (!service) {
      out.push(
        diagnostic(
          'UnknownRuntimeService',
          `stage "${stage.name}" runs "${c.service}", which is not on the menu (known: ${known(fleet.services.map((s) => s.name))})`,
          path,
        ),
      );
      continue;
    }
    const version = service.versions.find((v) => v.version === c.version);
    if (!version) {
      out.push(
        diagnostic(
          'UnknownComponentVersion',
          `stage "${stage.name}" runs ${c.service} ${c.version}, which is not released (released: ${known(service.versions.map((v) => v.version))})`,
          path,
        ),
      );
      continue;
    }
    graph.set(c.service, version.dependsOn);
    // Stage values patch the HelmRelease; a component of plain manifests has none to patch.
    if (version.source === 'manifests' && c.values && Object.keys(c.values).length)
      out.push(
        diagnostic(
          'InvalidManifest',
          `stage "${stage.name}" gives Helm values to ${c.service} ${c.version}, a component of plain manifests (no HelmRelease to patch): change it with an addon instead`,
          path,
        ),
      );
    out.push(...checkAddonSelection(service, version, c.addons, `stage "${stage.name}"`, path));
    out.push(...checkVersionAllowed(stage, version, path, options));
    for (const dep of version.dependsOn) {
      if (!stage.components.some((x) => x.service === dep)) {
        out.push(
          diagnostic(
            'UnknownDependency',
            `${c.service} ${c.version} depends on ${dep}, which stage "${stage.name}" does not run: add ${dep} to the stage first`,
            path,
          ),
        );
      }
    }
  }
  out.push(...checkCycles(graph, `runtime components of stage "${stage.name}"`, stagePath));
  return out;
}

/**
 * An addon list for one component version: every addon exists in this version
 * (AddonIncompatible when only other versions have it), none twice, no two that conflict.
 */
export function checkAddonSelection(
  service: Pick<RuntimeService, 'name'> & { readonly versions: readonly VersionRuleFacts[] },
  version: VersionRuleFacts,
  addons: readonly string[],
  where: string,
  path: string,
  /** Report only findings that involve these addons (an env's overrides); default all. */
  focus?: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inFocus = (...names: string[]) => !focus || names.some((n) => focus.has(n));
  for (const name of duplicates(addons).filter((n) => inFocus(n)))
    out.push(diagnostic('DuplicateName', `${where} lists addon "${name}" of ${service.name} twice`, path));
  for (const name of addons) {
    if (!inFocus(name) || version.addons.some((a) => a.name === name)) continue;
    const elsewhere = service.versions.filter((v) => v.addons.some((a) => a.name === name)).map((v) => v.version);
    out.push(
      elsewhere.length
        ? diagnostic(
            'AddonIncompatible',
            `${where}: addon "${name}" is not available in ${service.name} ${version.version} (only in ${elsewhere.join(', ')})`,
            path,
          )
        : diagnostic(
            'UnknownAddon',
            `${where}: ${service.name} has no addon "${name}" (${service.name} ${version.version} offers: ${known(version.addons.map((a) => a.name))})`,
            path,
          ),
    );
  }
  const reported = new Set<string>();
  for (const name of addons) {
    const addon = version.addons.find((a) => a.name === name);
    for (const other of addons) {
      const otherAddon = version.addons.find((a) => a.name === other);
      const conflict = addon?.conflictsWith.includes(other) || otherAddon?.conflictsWith.includes(name);
      if (other === name || !conflict) continue; // the pair's key only for a conflict: this runs for every pair
      const key = [name, other].sort().join('|');
      if (!reported.has(key) && inFocus(name, other)) {
        reported.add(key);
        out.push(
          diagnostic(
            'AddonConflict',
            `${where}: addons "${[name, other].sort().join('" and "')}" of ${service.name} conflict; choose one`,
            path,
          ),
        );
      }
    }
  }
  return out;
}

/** Prerelease and lifecycle rules for running a version in a stage. */
export function checkVersionAllowed(
  stage: Stage,
  version: VersionRuleFacts,
  path: string,
  options: Required<RuleOptions>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const label = `${version.service} ${version.version}`;
  if (isPrerelease(version.version) && !stage.allowPrerelease) {
    out.push(
      diagnostic(
        'PrereleaseNotAllowed',
        `${label} is a prerelease and stage "${stage.name}" does not allow prereleases`,
        path,
      ),
    );
  }
  const { sunset, status, message } = version.lifecycle;
  if (sunset !== undefined && isoDate(options.now) > sunset) {
    out.push(
      diagnostic(
        'SunsetVersion',
        `${label} reached its sunset on ${sunset}; stage "${stage.name}" must upgrade${message ? ` (${message})` : ''}`,
        path,
      ),
    );
  } else if (status === 'deprecated') {
    out.push(
      diagnostic(
        'DeprecatedVersion',
        `${label} is deprecated${sunset ? ` (sunset ${sunset})` : ''}${message ? `: ${message}` : ''}`,
        path,
      ),
    );
  }
  return out;
}
