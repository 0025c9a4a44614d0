import { cloudLayout, describeTarget, diagnostic, layout, requireApp, requireAppAccess } from '@platter/model';
import { readCloudResource } from '../../cloud';
import { cloudDependsOnEdit } from '../../cloud/cloudDependsOn';
import { appKustomization } from '../../render/renderTenant';
import { mergeSingleDocumentFile } from '../../yaml';
import { sharedList } from '../../render/lists';
import { fail, loadFleet, NOTHING } from '../support';
import type { Planner } from '../types';

/**
 * Plans RemoveCloudResource (issue 21): deletes the resource's object from the
 * app's overlay and its `resources` entry. What happens in the cloud is the
 * object's deletionPolicy (Orphan keeps the resource), so the request must
 * confirm the one the object has: nobody deletes a database by a removal that
 * did not say so. Removing what is not there is empty (AlreadyAbsent).
 *
 * Touches apps/<app>/<stage|envs/env>/cloud/<name>.yaml (deleted) and that
 * overlay's kustomization.yaml; with the overlay's last Crossplane claim, the
 * `dependsOn: cloud-classes` of the app's Flux Kustomization.
 *
 * Rejects UnknownApp, Forbidden (another tenant's app), DeletionPolicyNotConfirmed.
 */
export const planRemoveCloudResource: Planner<'RemoveCloudResource'> = (r, ctx) => {
  const before = loadFleet(ctx);
  requireAppAccess(before, ctx.actor, r.app);
  const app = requireApp(before, r.app, 'app');
  const tree = ctx.reader.tree;
  const file = cloudLayout.resourceFile(app.name, r.target, r.name);
  const resource = readCloudResource(tree, file, app, r.target);
  if (!resource)
    return {
      before,
      after: before,
      scope: NOTHING,
      diagnostics: [
        diagnostic(
          'AlreadyAbsent',
          `app "${app.name}" has no cloud resource "${r.name}" in ${describeTarget(r.target)}`,
          'name',
        ),
      ],
    };
  if (r.confirmDeletionPolicy !== resource.deletionPolicy)
    fail(
      'DeletionPolicyNotConfirmed',
      `cloud resource "${r.name}" has deletionPolicy ${resource.deletionPolicy} (${
        resource.deletionPolicy === 'Delete' ? 'removing it destroys the cloud resource' : 'the cloud resource is kept'
      }): confirm it with confirmDeletionPolicy: ${resource.deletionPolicy} (--confirm-deletion-policy ${resource.deletionPolicy})`,
      'confirmDeletionPolicy',
    );
  const entry = cloudLayout.resourceEntry(r.name);
  const kustomization = layout.appOverlayKustomization(app.name, r.target);
  const files = [
    { path: file, op: 'delete' as const, before: tree.read(file) },
    {
      path: kustomization,
      op: 'modify' as const,
      after: mergeSingleDocumentFile(tree.read(kustomization), { resources: sharedList([], (e) => e === entry) }),
    },
  ];
  // The overlay's last Crossplane claim gone: the app's Kustomization no longer waits for the install.
  const dependency = cloudDependsOnEdit(tree, before, app, r.target, (d) => appKustomization(before, app, d), {
    path: file,
    claim: false,
  });
  return {
    before,
    after: before,
    scope: NOTHING,
    files: dependency ? [...files, { path: dependency.path, op: 'modify' as const, after: dependency.after }] : files,
  };
};
