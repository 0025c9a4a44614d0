import {
  byteOrder,
  compareVersions,
  effectiveComponent,
  isValidVersion,
  requireComponentVersion,
  requireService,
  versionUsage,
  type Fleet,
  type Lifecycle,
  type VersionUsage,
} from '@platter/model';

/** Where one version runs: a stage's addon choice and what each of its envs really runs. */
export interface VersionPlacement {
  readonly stage: string;
  /** The stage's ordered addon list. */
  readonly addons: readonly string[];
  /** Each env of the stage with its effective addons (stage list plus its overrides). */
  readonly environments: readonly { readonly env: string; readonly addons: readonly string[] }[];
}

/** Who uses one version of a service (model `versionUsage`), with its lifecycle and addons per stage and env. */
export interface VersionUse extends VersionUsage {
  readonly lifecycle: Lifecycle;
  readonly placements: readonly VersionPlacement[];
}

export interface MenuUsage {
  readonly service: string;
  /** Ascending SemVer order; only the asked version when one was named. */
  readonly versions: readonly VersionUse[];
  /** Versions no stage (and so no env) runs: these can be removed (RemoveComponentVersion). */
  readonly unused: readonly string[];
}

/**
 * Menu usage: which stages, envs and apps use a service, version by version (or
 * one version). Apps count when they depend on the service and are deployed
 * where that version runs. Throws UnknownRuntimeService / UnknownComponentVersion.
 */
export function menuUsage(fleet: Fleet, service: string, version?: string): MenuUsage {
  const svc = requireService(fleet, service, 'service');
  const versions =
    version !== undefined ? [requireComponentVersion(fleet, service, version, 'version')] : [...svc.versions];
  versions.sort((a, b) =>
    isValidVersion(a.version) && isValidVersion(b.version)
      ? compareVersions(a.version, b.version)
      : byteOrder(a.version, b.version),
  );
  const uses = versions.map((v): VersionUse => {
    const usage = versionUsage(fleet, service, v.version);
    const placements = fleet.stages.flatMap((stage) => {
      const c = stage.components.find((x) => x.service === service && x.version === v.version);
      if (!c) return [];
      const environments = fleet.environments
        .filter((e) => e.stage === stage.name)
        .map((e) => ({ env: e.name, addons: [...effectiveComponent(c, e).addons] }));
      return [{ stage: stage.name, addons: [...c.addons], environments }];
    });
    return { ...usage, lifecycle: v.lifecycle, placements };
  });
  return { service, versions: uses, unused: uses.filter((u) => u.stages.length === 0).map((u) => u.version) };
}
