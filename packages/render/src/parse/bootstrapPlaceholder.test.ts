import { MemoryFileTree } from '@platter/model';
import { KustomizeWalker } from './kustomizeWalk';

// One rule for a flux-system kustomization whose patches aim at the controllers of a
// gotk-components.yaml that `flux bootstrap` has not written yet: the walker sets such
// misses apart (awaitingBootstrap), so `platter check` (info) and `platter validate`
// (nothing) read the same answer. Any other miss stays a MissingPatchTarget.

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gotk-components.yaml
  - gotk-sync.yaml
patches:
  - patch: |
      - op: add
        path: /spec/template/spec/containers/0/args/-
        value: --concurrent=20
    target:
      kind: Deployment
      name: "(kustomize-controller|helm-controller)"
`;
const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          args: []\n`;

describe('a patch on what flux bootstrap writes', () => {
  it.each([
    { name: 'placeholder (a comment only)', components: '# flux bootstrap writes this file.\n', awaiting: 1, found: 0 },
    { name: 'placeholder (empty)', components: '', awaiting: 1, found: 0 },
    { name: 'bootstrapped (the controllers)', components: deployment('kustomize-controller'), awaiting: 0, found: 0 },
    {
      name: 'bootstrapped, the patch names none of them',
      components: deployment('source-controller'),
      awaiting: 0,
      found: 1,
    },
    { name: 'no gotk-components.yaml', components: undefined, awaiting: 0, found: 1 },
  ])('$name: $awaiting awaiting bootstrap, $found MissingPatchTarget', ({ components, awaiting, found }) => {
    const tree = new MemoryFileTree([
      ['clusters/lab/flux-system/kustomization.yaml', kustomization],
      ['clusters/lab/flux-system/gotk-sync.yaml', '# flux bootstrap writes this file.\n'],
      ...(components !== undefined
        ? ([['clusters/lab/flux-system/gotk-components.yaml', components]] as [string, string][])
        : []),
      ['clusters/lab/kustomization.yaml', 'resources:\n  - flux-system\n'],
    ]);
    // The directory itself and a build that reaches it as a resource give the same answer.
    for (const dir of ['clusters/lab/flux-system', 'clusters/lab']) {
      const result = new KustomizeWalker(tree).build(dir);
      expect((result.awaitingBootstrap ?? []).map((d) => `${d.code} ${d.path}`)).toEqual(
        Array(awaiting).fill('MissingPatchTarget clusters/lab/flux-system/kustomization.yaml'),
      );
      expect(result.diagnostics.filter((d) => d.code === 'MissingPatchTarget')).toHaveLength(found);
    }
  });
});
