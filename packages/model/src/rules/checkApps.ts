import { diagnostic, known, type Diagnostic } from '../errors';
import type { App, Fleet, Stage } from '../fleet';
import { deploymentStage, findEnvironment, findService, findStage, findTenant } from '../fleet';
import { layout, targetOf } from '../layout';
import { checkChartRepository, checkImage, checkName } from '../names';
import { checkVersion, isPrerelease } from '../versions';
import { at } from './context';
import { duplicates } from './duplicates';
import { sameReads } from './kept';

/** Apps: owned by a known tenant in its own namespace, deployed where the tenant is, with pins the stage allows. */
export function checkApps(fleet: Fleet): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const name of duplicates(fleet.apps.map((a) => a.name))) {
    out.push(diagnostic('DuplicateName', `app "${name}" appears more than once`, layout.appDir(name)));
  }
  for (const app of fleet.apps) out.push(...checkApp(fleet, app));
  return out;
}

/**
 * PrereleaseNotAllowed when a stage that does not allow prereleases would run
 * an app's prerelease: the rule checkApp applies to every pin, and the portal
 * asks before it offers a promotion (issue 23 item 5).
 */
export function checkAppVersionInStage(
  app: string,
  version: string,
  stage: Pick<Stage, 'name' | 'allowPrerelease'>,
  path?: string,
): Diagnostic | undefined {
  if (!isPrerelease(version) || stage.allowPrerelease) return undefined;
  return diagnostic(
    'PrereleaseNotAllowed',
    `app "${app}" ${version} is a prerelease and stage "${stage.name}" does not allow prereleases`,
    path,
  );
}

export function checkApp(fleet: Fleet, app: App): Diagnostic[] {
  const reads = readsOf(fleet, app);
  const clean = CLEAN.get(app);
  if (clean && sameReads(clean, reads)) return [];
  const out = findingsOf(fleet, app);
  if (out.length) CLEAN.delete(app);
  else CLEAN.set(app, reads);
  return out;
}

/**
 * What an app's check reads besides the app: its tenant, whether the services it
 * depends on are on the menu, and per deployment its env's stage (for a
 * deployment to one env) and what it reads of the stage ({@link stageFacts}).
 * Entities are never mutated (a change makes new ones), so a clean app whose
 * reads are the same is clean again: every plan checks the 300 apps of a fleet
 * whose model it changed, nearly all of them as they were, and a stage-wide
 * change (its config, an addon) leaves what they read of the stage as it was.
 * Only clean results are kept: a finding's message lists what the fleet has,
 * which these do not cover.
 */
function readsOf(fleet: Fleet, app: App): readonly unknown[] {
  const reads: unknown[] = [findTenant(fleet, app.tenant)];
  for (const dep of app.dependsOn) reads.push(findService(fleet, dep) !== undefined);
  for (const d of app.deployments) {
    const env = d.stage === undefined ? findEnvironment(fleet, d.env) : undefined;
    const stage = findStage(fleet, d.stage ?? env?.stage ?? '');
    reads.push(env?.stage, stage && stageFacts(stage));
  }
  return reads;
}

/** What findingsOf reads of a stage: its name, whether it allows prereleases, the services it runs (once per stage). */
function stageFacts(stage: Stage): string {
  let facts = STAGE_FACTS.get(stage);
  if (facts === undefined) {
    facts = [stage.name, String(!!stage.allowPrerelease), ...stage.components.map((c) => c.service)].join('\0');
    STAGE_FACTS.set(stage, facts);
  }
  return facts;
}
const STAGE_FACTS = new WeakMap<Stage, string>();
const CLEAN = new WeakMap<App, readonly unknown[]>();

function findingsOf(fleet: Fleet, app: App): Diagnostic[] {
  const out: Diagnostic[] = [];
  const path = at(app, layout.appBaseKustomization(app.name));
  const push = (d: Diagnostic | undefined) => d && out.push(d);
  push(checkName('app', app.name, path));
  const tenant = findTenant(fleet, app.tenant);
  if (!tenant) {
    out.push(
      diagnostic(
        'UnknownTenant',
        `app "${app.name}" belongs to tenant "${app.tenant}", which does not exist (known: ${known(fleet.tenants.map((t) => t.name))})`,
        path,
      ),
    );
  } else if (!tenant.namespaces.includes(app.namespace)) {
    out.push(
      diagnostic(
        'NamespaceNotOwned',
        `app "${app.name}" deploys into namespace "${app.namespace}", which tenant "${tenant.name}" does not own (its namespaces: ${known(tenant.namespaces)})`,
        path,
      ),
    );
  }
  // References with the rules Flux and the kubelet apply (issue 22 item 8), credentials refused (item 3).
  if (app.source.type === 'helm')
    push(checkChartRepository(app.source.repository, `app "${app.name}": chart repository`, path));
  else if (app.source.type === 'image') push(checkImage(app.source.image, `app "${app.name}": image`, path));
  for (const dep of app.dependsOn) {
    if (!findService(fleet, dep))
      out.push(
        diagnostic(
          'UnknownDependency',
          `app "${app.name}" depends on "${dep}", which is not on the menu (known: ${known(fleet.services.map((s) => s.name))})`,
          path,
        ),
      );
  }
  const boundStages = app.deployments.filter((d) => d.stage !== undefined).map((d) => d.stage as string);
  for (const key of duplicates(
    app.deployments.map((d) => (d.stage !== undefined ? `stage ${d.stage}` : `env ${d.env}`)),
  )) {
    out.push(diagnostic('DuplicateName', `app "${app.name}" is deployed to ${key} twice`, path));
  }
  for (const d of app.deployments) {
    const dPath = at(d, layout.appOverlayPin(app.name, targetOf(d)));
    push(checkVersion(d.version, `app "${app.name}" version`, dPath));
    if (d.stage !== undefined) {
      if (!findStage(fleet, d.stage)) {
        out.push(
          diagnostic(
            'UnknownStage',
            `app "${app.name}" is bound to stage "${d.stage}", which does not exist (known: ${known(fleet.stages.map((s) => s.name))})`,
            dPath,
          ),
        );
        continue;
      }
      if (tenant && !tenant.stages.includes(d.stage)) {
        out.push(
          diagnostic(
            'TenantNotInStage',
            `app "${app.name}" is bound to stage "${d.stage}" but tenant "${tenant.name}" is not onboarded there (its stages: ${known(tenant.stages)})`,
            dPath,
          ),
        );
      }
    } else {
      const env = findEnvironment(fleet, d.env);
      if (!env) {
        out.push(
          diagnostic(
            'UnknownEnvironment',
            `app "${app.name}" is deployed to environment "${d.env}", which does not exist (known: ${known(fleet.environments.map((e) => e.name))})`,
            dPath,
          ),
        );
        continue;
      }
      if (boundStages.includes(env.stage)) {
        out.push(
          diagnostic(
            'DuplicateResourceId',
            `app "${app.name}" is bound to stage "${env.stage}" and also deployed to its environment "${env.name}" alone: the two Kustomization ${app.namespace}/${app.name} would collide`,
            dPath,
          ),
        );
      }
    }
    const stageName = deploymentStage(fleet, d);
    const stage = stageName === undefined ? undefined : findStage(fleet, stageName);
    if (!stage) continue;
    const refused =
      typeof d.version === 'string' ? checkAppVersionInStage(app.name, d.version, stage, dPath) : undefined;
    if (refused) out.push(refused);
    for (const dep of app.dependsOn) {
      if (findService(fleet, dep) && !stage.components.some((c) => c.service === dep)) {
        out.push(
          diagnostic(
            'UnknownDependency',
            `app "${app.name}" needs ${dep}, which stage "${stage.name}" does not run`,
            dPath,
          ),
        );
      }
    }
  }
  return out;
}
