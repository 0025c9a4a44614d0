import { diagnostic, type Diagnostic } from '../errors';
import type { Fleet } from '../fleet';
import { layout } from '../layout';
import { compareVersions, isPrerelease } from '../versions';
import type { PromotionPolicy } from './schema';

/** What a promotion moves: an app (PromoteApp) or a runtime component (UpgradeComponent). */
export type PromotionSubject = { readonly app: string; readonly tenant: string } | { readonly component: string };

/**
 * A version that runs in a stage's source stage and is newer than what the
 * stage runs: what `platter ci promote` may propose, once it has soaked.
 */
export interface PromotionCandidate {
  readonly subject: PromotionSubject;
  readonly policy: PromotionPolicy;
  /** The version in the source stage, to promote. */
  readonly version: string;
  /** The version the stage runs now. */
  readonly current: string;
  /** Whether the policy's `auto` lets CI propose it (else it is listed, for people). */
  readonly auto: boolean;
  /** The request that promotes it. */
  readonly request: Record<string, unknown>;
}

/** Whether CI may promote the subject into the policy's stage on its own. */
export function mayAutoPromote(policy: PromotionPolicy, subject: PromotionSubject): boolean {
  if ('component' in subject) return policy.auto.includes('components');
  return policy.auto.includes('apps') || policy.auto.includes(subject.tenant);
}

/**
 * The promotions the fleet has waiting, per policy: each app bound to both
 * stages whose source-stage pin is newer than the stage's (a stage an app is
 * not bound to yet is a person's decision), and each runtime component whose
 * source-stage version is newer; in policy order, then apps before components,
 * by name. A prerelease is no candidate for a stage that does not allow them
 * (the request would be rejected). Soak time is not checked here: it needs git
 * history (gitops-repo).
 */
export function promotionCandidates(fleet: Fleet, policies: readonly PromotionPolicy[]): PromotionCandidate[] {
  const out: PromotionCandidate[] = [];
  for (const policy of policies) {
    const allowPrerelease = fleet.stages.find((s) => s.name === policy.stage)?.allowPrerelease ?? false;
    const newer = (version: string, current: string | undefined): current is string =>
      current !== undefined && compareVersions(version, current) > 0 && (allowPrerelease || !isPrerelease(version));
    const apps = [...fleet.apps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const app of apps) {
      const pin = (stage: string) => app.deployments.find((d) => d.stage === stage)?.version;
      const [version, current] = [pin(policy.from), pin(policy.stage)];
      if (!version || !newer(version, current)) continue;
      const subject = { app: app.name, tenant: app.tenant };
      out.push({
        subject,
        policy,
        version,
        current,
        auto: mayAutoPromote(policy, subject),
        request: {
          kind: 'PromoteApp',
          app: app.name,
          from: { stage: policy.from },
          to: [{ stage: policy.stage }],
          version,
        },
      });
    }
    const stage = (name: string) => fleet.stages.find((s) => s.name === name);
    for (const c of stage(policy.from)?.components ?? []) {
      const current = stage(policy.stage)?.components.find((x) => x.service === c.service)?.version;
      if (!newer(c.version, current)) continue;
      const subject = { component: c.service };
      out.push({
        subject,
        policy,
        version: c.version,
        current,
        auto: mayAutoPromote(policy, subject),
        request: { kind: 'UpgradeComponent', stage: policy.stage, service: c.service, version: c.version },
      });
    }
  }
  return out;
}

/** Findings about the policies against the fleet: an `auto` entry that is neither apps, components nor a tenant. */
export function checkPromotionPolicies(fleet: Fleet, policies: readonly PromotionPolicy[]): Diagnostic[] {
  const tenants = new Set(fleet.tenants.map((t) => t.name));
  return policies.flatMap((p) =>
    p.auto
      .filter((a) => a !== 'apps' && a !== 'components' && !tenants.has(a))
      .map((a) =>
        diagnostic(
          'InvalidSettings',
          `stage "${p.stage}" promotion.auto: "${a}" is not apps, components or a tenant (tenants: ${[...tenants].join(', ') || 'none'})`,
          `${layout.settings}#spec.stages`,
        ),
      ),
  );
}
