import {
  cloudLayout,
  cloudStagePolicy,
  daysUntil,
  describeTarget,
  diagnostic,
  layout,
  requireApp,
  requireAppAccess,
  requireEnvironment,
  resolveCloudParameters,
  RequestRejected,
  type Diagnostic,
} from '@platter/model';
import { cloudResourceObject, pickCloudClass, readCloudClasses } from '../../cloud';
import { cloudDependsOnEdit } from '../../cloud/cloudDependsOn';
import { appKustomization } from '../../render/renderTenant';
import { mergeObjectsFile, mergeSingleDocumentFile } from '../../yaml';
import { sharedList } from '../../render/lists';
import { fail, loadFleet, NOTHING } from '../support';
import type { Planner } from '../types';

/**
 * Plans AddCloudResource (issue 21): a resource of a menu class for an app in
 * a stage or one env. The object (a Crossplane claim or a tf-controller
 * Terraform) lands in the app's own overlay, in the app's namespace, writing
 * its outputs to the Secret `<name>-connection`; the model is not changed.
 * Asking again with other parameters updates the object in place (a person's
 * edits of other fields are kept); asking again with the same is empty.
 *
 * Touches apps/<app>/<stage|envs/env>/cloud/<name>.yaml and that overlay's
 * kustomization.yaml (one `resources` entry, everything else kept); for the
 * overlay's first Crossplane claim, the app's Flux Kustomization
 * (tenants/<tenant>/<stage|envs/env>/<app>.yaml) gets `dependsOn: cloud-classes`.
 *
 * A tenant's request lands directly when the class lists the stage without
 * `review: true`; otherwise it goes to platform review (CloudResourceNeedsReview).
 *
 * Rejects UnknownApp, Forbidden (another tenant's app), AppNotDeployed (no
 * overlay there), UnknownCloudClass, SunsetVersion, InvalidCloudClass,
 * InvalidCloudParameters (the class's schema) and CloudParameterOutOfLimits
 * (the stage's limits), all parameter findings at once.
 */
export const planAddCloudResource: Planner<'AddCloudResource'> = (r, ctx) => {
  const before = loadFleet(ctx);
  requireAppAccess(before, ctx.actor, r.app);
  const app = requireApp(before, r.app, 'app');
  const deployed = app.deployments.some((d) =>
    r.target.stage !== undefined ? d.stage === r.target.stage : d.env === r.target.env,
  );
  if (!deployed)
    fail(
      'AppNotDeployed',
      `app "${app.name}" is not deployed to ${describeTarget(r.target)}: deploy it there first (platter app deploy)`,
      'target',
    );
  const stage = r.target.stage ?? requireEnvironment(before, r.target.env!, 'target.env').stage;

  const { classes, diagnostics: classFindings } = readCloudClasses(ctx.reader.tree);
  const cls = pickCloudClass(classes, r.class, r.version);
  if (!cls) {
    const broken = classFindings.filter((d) => d.path?.startsWith(`${cloudLayout.classDir(r.class)}/`));
    if (broken.length) throw new RequestRejected(broken);
    const known = [
      ...new Set(classes.filter((c) => c.name === r.class || !r.version).map((c) => `${c.name} ${c.version}`)),
    ];
    fail(
      'UnknownCloudClass',
      `cloud class "${r.class}"${r.version ? ` ${r.version}` : ''} is not on the menu (known: ${known.join(', ') || 'none'})`,
      r.version ? 'version' : 'class',
    );
  }
  const warnings: Diagnostic[] = [];
  if (cls.lifecycle.sunset !== undefined && daysUntil(cls.lifecycle.sunset, ctx.now) < 0)
    fail(
      'SunsetVersion',
      `cloud class ${cls.name} ${cls.version} was sunset on ${cls.lifecycle.sunset}: pick a newer version`,
      'version',
    );
  if (cls.lifecycle.status === 'deprecated')
    warnings.push(
      diagnostic(
        'DeprecatedVersion',
        `cloud class ${cls.name} ${cls.version} is deprecated${cls.lifecycle.message ? `: ${cls.lifecycle.message}` : ''}`,
        'version',
      ),
    );

  const { values, diagnostics } = resolveCloudParameters(cls, stage, r.parameters);
  if (diagnostics.length) throw new RequestRejected(diagnostics);
  const policy = cloudStagePolicy(cls, stage);
  const object = cloudResourceObject(cls, app, r.name, values, r.deletionPolicy ?? policy.deletionPolicy);

  const tree = ctx.reader.tree;
  const file = cloudLayout.resourceFile(app.name, r.target, r.name);
  const entry = cloudLayout.resourceEntry(r.name);
  const kustomization = layout.appOverlayKustomization(app.name, r.target);
  const files = [
    { path: file, op: 'add' as const, after: mergeObjectsFile(tree.read(file), [object]) },
    {
      path: kustomization,
      op: 'modify' as const,
      after: mergeSingleDocumentFile(tree.read(kustomization), {
        resources: sharedList([entry], (e) => e === entry),
      }),
    },
  ];
  // The app's Kustomization waits for the stage's cloud-classes install once its overlay holds a claim.
  const dependency = cloudDependsOnEdit(tree, before, app, r.target, (d) => appKustomization(before, app, d), {
    path: file,
    claim: cls.backend.type === 'crossplane',
  });
  if (dependency) files.push({ path: dependency.path, op: 'modify' as const, after: dependency.after });
  const reviewReasons = policy.review
    ? [
        diagnostic(
          'CloudResourceNeedsReview',
          cls.stages[stage]
            ? `cloud class ${cls.name} ${cls.version} needs platform review in stage ${stage}`
            : `cloud class ${cls.name} ${cls.version} does not list stage ${stage}: the platform team reviews it`,
          'class',
        ),
      ]
    : [];
  return { before, after: before, scope: NOTHING, files, diagnostics: [...warnings, ...reviewReasons], reviewReasons };
};
