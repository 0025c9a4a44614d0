import { diagnostic, type Diagnostic } from '../errors';
import type { ComponentVersion, Fleet, ResourceRef, RuntimeService } from '../fleet';
import { layout } from '../layout';
import { checkChartRepository, checkName, checkVariableName, explainInvalidName, isValidName } from '../names';
import { checkVersion, isValidIsoDate } from '../versions';
import { at } from './context';
import { duplicates } from './duplicates';

/**
 * The menu (runtime/): names and versions, addon declarations against the files
 * that implement them, patch targets against `_base`, and the release digest.
 */
export function checkMenu(fleet: Fleet): Diagnostic[] {
  const out: Diagnostic[] = [];
  const serviceNames = new Set(fleet.services.map((s) => s.name));
  for (const name of duplicates(fleet.services.map((s) => s.name))) {
    out.push(diagnostic('DuplicateName', `runtime service "${name}" appears more than once`, layout.serviceDir(name)));
  }
  const names = [...serviceNames].join('\0');
  for (const service of fleet.services) {
    if (CLEAN.get(service) === names) continue;
    const found: Diagnostic[] = [];
    const nameIssue = checkName('runtime service', service.name, at(service, layout.serviceDir(service.name)));
    if (nameIssue) found.push(nameIssue);
    for (const v of service.versions) found.push(...checkComponentVersion(v, serviceNames));
    if (found.length) out.push(...found);
    else CLEAN.set(service, names);
  }
  return out;
}

/**
 * Services found clean, with the menu's service names they were checked against
 * (a version's dependsOn is checked against them; nothing else outside the
 * service is read). Entities are never mutated, so a service met again, as every
 * plan on a parsed commit meets the menu, is clean again. Only clean results are
 * kept, as in checkApps.
 */
const CLEAN = new WeakMap<RuntimeService, string>();

const refText = (r: ResourceRef) => `${r.kind}/${r.name}`;
const sameObject = (a: ResourceRef, b: ResourceRef) =>
  a.kind === b.kind &&
  a.name === b.name &&
  (a.namespace === undefined || b.namespace === undefined || a.namespace === b.namespace);

export function checkComponentVersion(v: ComponentVersion, serviceNames: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const path = at(v, layout.componentFile(v.service, v.version));
  const push = (d: Diagnostic | undefined) => d && out.push(d);
  push(checkVersion(v.version, `${v.service} version`, path));
  if (v.source === 'manifests') {
    // A manifests version is its files: without a _base kustomization there is nothing for Flux to build.
    if (v.files['_base/kustomization.yaml'] === undefined)
      out.push(
        diagnostic(
          'MissingFile',
          `${v.service} ${v.version} is a component of plain manifests but ${layout.baseDir(v.service, v.version)}/kustomization.yaml does not exist`,
          path,
        ),
      );
  } else {
    // Helm accepts a leading "v" in chart versions (cert-manager's charts use it).
    push(
      checkVersion(
        v.chart.version.replace(/^v(?=\d)/, ''),
        `${v.service} ${v.version} chart version`,
        `${path}#chart.version`,
      ),
    );
    push(
      checkChartRepository(
        v.chart.repository,
        `${v.service} ${v.version}: chart.repository`,
        `${path}#chart.repository`,
      ),
    );
  }
  // Runtime components may install into kube-system (metrics-server does), so only the form is checked here.
  if (!isValidName(v.namespace)) {
    out.push(
      diagnostic(
        'InvalidName',
        `${v.service} ${v.version}: namespace ${JSON.stringify(v.namespace)} is invalid: ${explainInvalidName(v.namespace)}`,
        `${path}#namespace`,
      ),
    );
  }
  if (v.namespace === 'flux-system') {
    out.push(
      diagnostic(
        'ReservedNamespace',
        `${v.service} ${v.version} installs into flux-system, which belongs to Flux; choose its own namespace`,
        `${path}#namespace`,
      ),
    );
  }
  if (v.lifecycle.status !== 'stable' && v.lifecycle.status !== 'deprecated') {
    out.push(
      diagnostic(
        'InvalidManifest',
        `${v.service} ${v.version}: lifecycle.status must be stable or deprecated, not ${JSON.stringify(v.lifecycle.status)}`,
        path,
      ),
    );
  }
  if (v.lifecycle.sunset !== undefined && !isValidIsoDate(v.lifecycle.sunset)) {
    out.push(
      diagnostic(
        'InvalidManifest',
        `${v.service} ${v.version}: lifecycle.sunset ${JSON.stringify(v.lifecycle.sunset)} must be a date like 2027-01-31`,
        path,
      ),
    );
  }
  for (const dep of v.dependsOn) {
    if (dep === v.service) out.push(diagnostic('DependencyCycle', `${v.service} ${v.version} depends on itself`, path));
    else if (!serviceNames.has(dep))
      out.push(
        diagnostic(
          'UnknownDependency',
          `${v.service} ${v.version} depends on "${dep}", which is not on the menu`,
          path,
        ),
      );
  }
  for (const key of [...v.requires.config, ...v.requires.secrets]) push(checkVariableName(key, `${path}#requires`));

  const addonNames = v.addons.map((a) => a.name);
  for (const name of duplicates(addonNames))
    out.push(diagnostic('DuplicateName', `${v.service} ${v.version} declares addon "${name}" twice`, path));
  for (const addon of v.addons) {
    push(checkName('addon', addon.name, path));
    for (const other of addon.conflictsWith) {
      if (!addonNames.includes(other)) {
        out.push(
          diagnostic(
            'UnknownAddon',
            `addon "${addon.name}" of ${v.service} ${v.version} conflicts with "${other}", which this version does not have`,
            path,
          ),
        );
      }
    }
  }

  const facts = v.facts;
  if (!facts) return out;
  if (v.digest !== undefined && v.digest !== facts.computedDigest) {
    out.push(
      diagnostic(
        'ComponentVersionImmutable',
        `${v.service} ${v.version} was changed after its release (digest ${v.digest}, files now hash to ${facts.computedDigest}); released versions are immutable: release a new version instead`,
        layout.versionDir(v.service, v.version),
      ),
    );
  }
  for (const file of facts.plaintextSecrets ?? []) {
    out.push(
      diagnostic(
        'PlaintextSecret',
        `${file} holds a Secret with values in plaintext: keep them in each env's SOPS-encrypted Secret runtime-${v.service} (declare the keys in requires.secrets) and write them as \${KEY}`,
        file,
      ),
    );
  }
  for (const addon of v.addons) {
    if (!facts.addonDirs.includes(addon.name)) {
      out.push(
        diagnostic(
          'MissingFile',
          `addon "${addon.name}" is declared but ${layout.addonDir(v.service, v.version, addon.name)}/ does not exist`,
          path,
        ),
      );
      continue;
    }
    const targets = [...addon.patchTargets, ...(facts.addonPatchTargets[addon.name] ?? [])];
    for (const target of targets) {
      if (!facts.baseObjects.some((o) => sameObject(o, target))) {
        out.push(
          diagnostic(
            'MissingPatchTarget',
            `addon "${addon.name}" patches ${refText(target)}, which ${v.service} ${v.version}/_base does not define (Kustomize would silently skip the patch)`,
            `${layout.addonDir(v.service, v.version, addon.name)}/kustomization.yaml`,
          ),
        );
      }
    }
  }
  for (const dir of facts.addonDirs) {
    if (!addonNames.includes(dir)) {
      out.push(
        diagnostic(
          'UnknownAddon',
          `directory ${layout.addonDir(v.service, v.version, dir)}/ is not declared as an addon in component.yaml`,
          path,
        ),
      );
    }
  }
  return out;
}
