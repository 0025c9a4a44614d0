import { isRequestRejected } from '../errors';
import type { ComponentVersion } from '../fleet';
import { componentSource, componentSourceText } from '../fleet';
import { parseRequest } from '../requests';
import { componentFileSchema, parseWithSchema } from '../schemas';
import { checkComponentVersion } from './checkMenu';

// A component version is a Helm chart or a directory of plain manifests (issue 14): the
// component.yaml schema, the requests that make one and the menu rule, case by case.

const componentFile = (spec: Record<string, unknown>) => ({
  apiVersion: 'platter.dev/v1alpha1',
  kind: 'ComponentVersion',
  metadata: { name: 'agent' },
  spec: { version: '1.0.0', namespace: 'monitoring', ...spec },
});
const chart = { repository: 'https://charts.example.com', name: 'agent', version: '1.2.3' };

describe('component.yaml: spec.source and spec.chart', () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['a chart, source left out (every file before plain manifests)', { chart }, undefined],
    ['a chart, source helm', { source: 'helm', chart }, undefined],
    ['plain manifests', { source: 'manifests' }, undefined],
    ['neither chart nor source', {}, 'test.yaml#spec.chart'],
    ['source helm without a chart', { source: 'helm' }, 'test.yaml#spec.chart'],
    ['plain manifests with a chart', { source: 'manifests', chart }, 'test.yaml#spec.chart'],
    ['an unknown source', { source: 'kustomize', chart }, 'test.yaml#spec.source'],
  ])('%s', (_name, spec, path) => {
    const { diagnostics } = parseWithSchema(componentFileSchema, componentFile(spec), 'test.yaml', 'InvalidManifest');
    expect(diagnostics.map((d) => d.path)).toEqual(path ? [path] : []);
    if (path) expect(diagnostics[0]!.code).toBe('InvalidManifest');
  });
});

const daemonset = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n';
const add = (extra: Record<string, unknown>) => ({ kind: 'AddRuntimeService', name: 'agent', ...extra });

describe('AddRuntimeService: a chart or manifests', () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['a chart', { chart }, undefined],
    ['a chart with Helm addons', { chart, addons: [{ name: 'ha', values: { replicas: 2 } }] }, undefined],
    ['manifests', { manifests: { 'daemonset.yaml': daemonset } }, undefined],
    [
      'manifests with an addon directory',
      { manifests: { 'daemonset.yaml': daemonset }, addons: [{ name: 'ha', manifests: { 'p.yaml': daemonset } }] },
      undefined,
    ],
    ['neither', {}, 'chart'],
    ['both', { chart, manifests: { 'daemonset.yaml': daemonset } }, 'chart'],
    ['manifests with Helm values', { manifests: { 'daemonset.yaml': daemonset }, values: { a: 1 } }, 'values'],
    [
      'manifests with an addon of Helm values',
      { manifests: { 'daemonset.yaml': daemonset }, addons: [{ name: 'ha', values: { a: 1 } }] },
      'addons',
    ],
    ['a chart with an addon of manifests', { chart, addons: [{ name: 'ha', manifests: {} }] }, 'addons'],
  ])('%s', (_name, extra, path) => {
    let error: unknown;
    try {
      parseRequest(add(extra));
    } catch (e) {
      error = e;
    }
    if (path === undefined) return expect(error).toBeUndefined();
    expect(isRequestRejected(error)).toBe(true);
    expect(error).toMatchObject({ code: 'InvalidRequest', path });
  });
});

const common = {
  service: 'agent',
  version: '1.0.0',
  namespace: 'monitoring',
  dependsOn: [],
  addons: [],
  requires: { config: [], secrets: [] },
  lifecycle: { status: 'stable' },
} as const;
const helm: ComponentVersion = { ...common, chart };
const manifests: ComponentVersion = {
  ...common,
  source: 'manifests',
  files: { '_base/kustomization.yaml': 'resources: [daemonset.yaml]\n', '_base/daemonset.yaml': daemonset },
};

describe('checkComponentVersion by source', () => {
  it.each<[string, ComponentVersion, string[]]>([
    ['a chart', helm, []],
    [
      'a chart from a repository Flux cannot use',
      { ...helm, chart: { ...chart, repository: 'none' } },
      ['InvalidManifest'],
    ],
    ['a chart version that is not SemVer', { ...helm, chart: { ...chart, version: 'latest' } }, ['InvalidSemVer']],
    // The finding of the issue: plain manifests have no chart repository to refuse.
    ['plain manifests', manifests, []],
    ['plain manifests without a _base kustomization', { ...manifests, files: {} }, ['MissingFile']],
  ])('%s', (_name, v, codes) => {
    expect(checkComponentVersion(v, new Set(['agent'])).map((d) => d.code)).toEqual(codes);
  });

  it('says where the objects come from', () => {
    expect([componentSource(helm), componentSourceText(helm)]).toEqual(['helm', 'chart agent 1.2.3']);
    expect([componentSource(manifests), componentSourceText(manifests)]).toEqual(['manifests', 'manifests']);
  });
});
