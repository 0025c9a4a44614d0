import { CLOUD_LABELS, PlatterError, type ChangeRequest, type FileChange } from '@platter/model';
import { deletionPolicyOf } from '../cloud';
import { parseYamlValues } from '../yaml';

/**
 * A cloud resource's object whose deletionPolicy is Delete takes the cloud resource
 * (a bucket, a database) with it when Flux prunes it. RemoveCloudResource makes its
 * requester confirm that policy; every other request that deletes such an object
 * along the way (OffboardApp, DeleteEnvironment, DeleteStage, OffboardTenant: they
 * delete whole directories) is refused here, once for every kind, naming what it
 * would destroy and how to remove it knowingly first. Orphan objects leave the
 * cloud resource in place, so deleting them is not refused.
 */
export function refuseUnconfirmedCloudDeletions(request: ChangeRequest, changes: readonly FileChange[]): void {
  if (request.kind === 'RemoveCloudResource') return; // confirms the policy itself
  const destroyed: { path: string; name: string }[] = [];
  for (const c of changes) {
    if (c.op !== 'delete' || c.before === undefined || !c.path.includes('/cloud/')) continue;
    let objects: any[];
    try {
      objects = parseYamlValues(c.before);
    } catch {
      continue; // not YAML Platter can read: not a resource it wrote
    }
    for (const obj of objects) {
      if (typeof obj?.metadata?.labels?.[CLOUD_LABELS.class] !== 'string') continue;
      if (deletionPolicyOf(obj) === 'Delete') destroyed.push({ path: c.path, name: String(obj.metadata.name) });
    }
  }
  if (!destroyed.length) return;
  throw new PlatterError(
    'DeletionPolicyNotConfirmed',
    `this ${request.kind} would delete cloud resource${destroyed.length > 1 ? 's' : ''} ${destroyed
      .map((d) => `"${d.name}" (${d.path})`)
      .join(', ')} whose deletionPolicy is Delete: the cloud resource would be destroyed. ` +
      `Remove ${destroyed.length > 1 ? 'each' : 'it'} first with RemoveCloudResource ` +
      `(platter cloud remove ... --confirm-deletion-policy Delete), then run this request again`,
    destroyed[0]!.path,
  );
}
