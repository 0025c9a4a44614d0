import {
  compareVersions,
  diagnostic,
  isValidVersion,
  requireComponentVersion,
  requireService,
  validate,
  type Diagnostic,
  type Fleet,
  type RequestOf,
  type RuleOptions,
  type Stage,
} from '@platter/model';

/** One stage's step of an upgrade: the request, and whether it would plan. */
export interface UpgradeStep {
  readonly stage: string;
  /** The version the stage runs now. */
  readonly from: string;
  /** The nearest stage this one is promoted from (through `promotesFrom`) that is an earlier step. */
  readonly after?: string;
  readonly request: RequestOf<'UpgradeComponent'>;
  /** Errors that would reject this step (the same rules the planner applies); empty when it would plan. */
  readonly problems: readonly Diagnostic[];
  /** Warnings the step would carry (DeprecatedVersion). */
  readonly warnings: readonly Diagnostic[];
}

export interface UpgradePlan {
  readonly service: string;
  readonly version: string;
  /** In promotion order: a stage comes after the stage it promotes from. */
  readonly steps: readonly UpgradeStep[];
  /** Stages with no step: not running the service, or already on the version. */
  readonly skipped: readonly { readonly stage: string; readonly reason: 'not-running' | 'current' }[];
  /** The first step that would be rejected, if any. */
  readonly blockedAt?: string;
}

/**
 * Plans an upgrade of a service to a version across the fleet as an ordered list of
 * UpgradeComponent requests, one per stage that runs the service, following
 * `promotesFrom` (staging before prod). Each step is checked on its own against
 * the model rules (addons the version lacks, env overrides that no longer fit,
 * prereleases, sunsets, dependencies, config keys) and Downgrade, so the plan
 * says which step would be rejected and why instead of throwing.
 * Throws UnknownRuntimeService / UnknownComponentVersion for the service and version.
 */
export function upgradePlan(fleet: Fleet, service: string, version: string, options: RuleOptions = {}): UpgradePlan {
  requireService(fleet, service, 'service');
  requireComponentVersion(fleet, service, version, 'version');
  const opts = { now: options.now ?? new Date() };
  const baseline = new Set(validate(fleet, opts).map(key));
  const steps: UpgradeStep[] = [];
  const skipped: { stage: string; reason: 'not-running' | 'current' }[] = [];
  for (const stage of promotionOrder(fleet.stages)) {
    const c = stage.components.find((x) => x.service === service);
    if (!c) {
      skipped.push({ stage: stage.name, reason: 'not-running' });
      continue;
    }
    if (c.version === version) {
      skipped.push({ stage: stage.name, reason: 'current' });
      continue;
    }
    const request: RequestOf<'UpgradeComponent'> = { kind: 'UpgradeComponent', stage: stage.name, service, version };
    const previous = ancestors(fleet.stages, stage).find((s) => steps.some((x) => x.stage === s));
    let findings: Diagnostic[];
    if (isValidVersion(c.version) && compareVersions(version, c.version) < 0) {
      findings = [
        diagnostic(
          'Downgrade',
          `stage "${stage.name}" runs ${service} ${c.version}; ${version} is older and components are not rolled back`,
          `stages/${stage.name}/runtime/${service}.yaml`,
        ),
      ];
    } else {
      const after: Fleet = {
        ...fleet,
        stages: fleet.stages.map((s) =>
          s.name !== stage.name
            ? s
            : { ...s, components: s.components.map((x) => (x.service === service ? { ...x, version } : x)) },
        ),
      };
      findings = validate(after, opts).filter((d) => !baseline.has(key(d)));
    }
    steps.push({
      stage: stage.name,
      from: c.version,
      ...(previous ? { after: previous } : {}),
      request,
      problems: findings.filter((d) => d.severity === 'error'),
      warnings: findings.filter((d) => d.severity === 'warning'),
    });
  }
  const blocked = steps.find((s) => s.problems.length > 0);
  return { service, version, steps, skipped, ...(blocked ? { blockedAt: blocked.stage } : {}) };
}

const key = (d: Diagnostic) => `${d.code}\0${d.path ?? ''}\0${d.message}`;

/** Stages with each after the stage it promotes from (fleet order otherwise; cycles broken at the first repeat). */
export function promotionOrder(stages: readonly Stage[]): Stage[] {
  const out: Stage[] = [];
  const placed = new Set<string>();
  const visit = (s: Stage, path: Set<string>) => {
    if (placed.has(s.name) || path.has(s.name)) return;
    path.add(s.name);
    const source = s.promotesFrom === undefined ? undefined : stages.find((x) => x.name === s.promotesFrom);
    if (source) visit(source, path);
    placed.add(s.name);
    out.push(s);
  };
  for (const s of stages) visit(s, new Set());
  return out;
}

/** The stages a stage is promoted from, nearest first. */
function ancestors(stages: readonly Stage[], stage: Stage): string[] {
  const out: string[] = [];
  let s: Stage | undefined = stage;
  while (s?.promotesFrom !== undefined && !out.includes(s.promotesFrom)) {
    out.push(s.promotesFrom);
    s = stages.find((x) => x.name === s!.promotesFrom);
  }
  return out;
}
