import { diagnostic, type ErrorCode } from '@platter/model';
import semver from 'semver';
import { describeObject } from './diffObjects';
import type { DangerFinding, ObjectChange, ObjectRef, RenderedEnvironment, RenderedObject } from './types';

/**
 * Immutable fields by kind: changing one makes the API server refuse the apply
 * (Flux's reconciliation fails until the object is recreated by hand or with
 * `kustomize.toolkit.fluxcd.io/force: enabled`, which deletes it first).
 */
export const IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.serviceName', 'spec.volumeClaimTemplates', 'spec.podManagementPolicy'],
  Job: ['spec.selector', 'spec.template', 'spec.completionMode'],
  Service: ['spec.clusterIP', 'spec.clusterIPs'],
  PersistentVolumeClaim: [
    'spec.storageClassName',
    'spec.volumeName',
    'spec.accessModes',
    'spec.selector',
    'spec.dataSource',
  ],
  StorageClass: ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'],
};

/**
 * The danger findings of one env's object changes (DANGER_CODES): a Namespace or
 * CRD removed (its contents deleted, or it is left behind when pruning is disabled),
 * another object removed that Flux does not prune (left on the cluster), an
 * immutable field changed, `spec.suspend` flipped, a HelmRelease's chart major
 * version changed, a Secret key removed that a postBuild substitution uses.
 * Messages name no env, so identical envs group.
 */
export function findDangers(
  before: RenderedEnvironment | undefined,
  after: RenderedEnvironment | undefined,
  changes: readonly ObjectChange[],
  /** The objects the changes were found in (compareObjects); default every object of each side. */
  compared: {
    readonly before: ReadonlyMap<string, RenderedObject>;
    readonly after: ReadonlyMap<string, RenderedObject>;
  } = { before: before?.objects ?? new Map(), after: after?.objects ?? new Map() },
): DangerFinding[] {
  const out: DangerFinding[] = [];
  const finding = (code: ErrorCode, object: ObjectRef, message: string, path: string): DangerFinding => ({
    ...diagnostic(code, message, path),
    object,
  });
  for (const c of changes) {
    const what = describeObject(c.object);
    if (c.op === 'remove') {
      const b = compared.before.get(c.id)!;
      if (c.object.kind === 'Namespace') {
        out.push(
          finding(
            'NamespaceRemoved',
            c.object,
            b.prune
              ? `${what} is removed: Flux deletes it and every object in it`
              : `${what} is removed from the build, but Flux does not prune it: it stays on the cluster, unmanaged`,
            c.file,
          ),
        );
      } else if (c.object.kind === 'CustomResourceDefinition') {
        out.push(
          finding(
            'CrdRemoved',
            c.object,
            b.prune
              ? `${what} is removed: Flux deletes it and every custom resource of it`
              : `${what} is removed from the build, but Flux does not prune it: it stays on the cluster, unmanaged`,
            c.file,
          ),
        );
      } else if (!b.prune) {
        out.push(
          finding(
            'PruneDisabledRemoved',
            c.object,
            `${what} is removed from the build, but pruning is disabled for it (applied by Kustomization ${b.appliedBy}): it stays on the cluster, unmanaged`,
            c.file,
          ),
        );
      }
      continue;
    }
    if (c.op !== 'change') continue;
    const b = compared.before.get(c.id)!;
    const a = compared.after.get(c.id)!;
    const immutable = [
      ...(IMMUTABLE_FIELDS[c.object.kind] ?? []),
      ...((b.value as any).immutable === true && (c.object.kind === 'ConfigMap' || c.object.kind === 'Secret')
        ? ['data', 'stringData', 'binaryData']
        : []),
    ];
    const hit = new Set<string>();
    for (const f of c.fields) {
      const field = immutable.find((p) => f.path === p || f.path.startsWith(`${p}.`) || f.path.startsWith(`${p}[`));
      if (field && !hit.has(field)) {
        hit.add(field);
        out.push(
          finding(
            'ImmutableFieldChanged',
            c.object,
            `${what}: ${field} is immutable; the API server refuses the change and Flux's apply fails until the object is recreated`,
            `${c.file}#${field}`,
          ),
        );
      }
    }
    const suspended = (o: RenderedObject) => (o.value.spec as any)?.suspend === true;
    if (suspended(b) !== suspended(a)) {
      out.push(
        finding(
          'SuspendFlipped',
          c.object,
          `${what}: spec.suspend ${suspended(a) ? 'set: Flux stops reconciling it' : 'cleared: Flux resumes reconciling it'}`,
          `${c.file}#spec.suspend`,
        ),
      );
    }
    if (c.object.kind === 'HelmRelease') {
      const major = (o: RenderedObject) => {
        const v = (o.value.spec as any)?.chart?.spec?.version;
        return typeof v === 'string' ? semver.coerce(v)?.major : undefined;
      };
      const [from, to] = [major(b), major(a)];
      if (from !== undefined && to !== undefined && from !== to) {
        const versions = [(b.value.spec as any).chart.spec.version, (a.value.spec as any).chart.spec.version];
        out.push(
          finding(
            'ChartMajorVersionChanged',
            c.object,
            `${what}: chart version ${versions[0]} -> ${versions[1]} changes the major version (read the chart's upgrade notes)`,
            `${c.file}#spec.chart.spec.version`,
          ),
        );
      }
    }
  }
  // A key can only be lost with a Secret that changes or goes.
  if (!changes.some((c) => c.object.kind === 'Secret' && c.op !== 'add')) return out;
  for (const s of after?.substitutions ?? []) {
    const keys = (env: RenderedEnvironment | undefined) => {
      const secret = findObject(env, 'Secret', s.secret.namespace, s.secret.name);
      return new Set(['data', 'stringData'].flatMap((k) => Object.keys(((secret?.value as any)?.[k] ?? {}) as object)));
    };
    const [had, has] = [keys(before), keys(after)];
    for (const key of s.used) {
      if (had.has(key) && !has.has(key)) {
        const object: ObjectRef = {
          apiVersion: 'v1',
          kind: 'Secret',
          namespace: s.secret.namespace,
          name: s.secret.name,
        };
        out.push(
          finding(
            'SubstitutedSecretKeyRemoved',
            object,
            `${describeObject(object)} loses key "${key}", which Kustomization ${s.kustomization} substitutes (\${${key}} becomes "")`,
            s.file,
          ),
        );
      }
    }
  }
  return out;
}

function findObject(
  env: RenderedEnvironment | undefined,
  kind: string,
  namespace: string,
  name: string,
): RenderedObject | undefined {
  if (!env) return undefined;
  for (const o of env.objects.values())
    if (o.kind === kind && o.name === name && (o.namespace ?? '') === namespace) return o;
  return undefined;
}
