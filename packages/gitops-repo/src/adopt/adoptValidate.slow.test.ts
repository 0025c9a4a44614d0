import { MemoryFileTree, type Diagnostic } from '@platter/model';
import { planAdoption, validateRepository, type AdoptOptions } from '@platter/render';
import { fluxFixtureTree } from '@platter/render/testing';
import { sealAdoption } from './sealAdoption';

// A freshly adopted repository is a Platter repository: `platter validate` on adopt's result (the
// sealed files, as `platter adopt --commit` writes them) finds no error, and no ManagedFieldEdited
// (which blames a person for a hand edit: nobody has edited anything yet). One row per Flux fixture
// layout and adopt's options. Slow: age encryption and a whole validate per row.
//
// `left` is what validate still says about a layout, each with its reason: the table pins it, so a
// fix (or a new finding) shows here. Lines are `severity code file` and how many fields of that file.
jest.setTimeout(120_000);

const RECIPIENT = 'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t';

/** Errors and ManagedFieldEdited, one line per code and file (`xN`: N fields of it). */
function summary(diagnostics: readonly Diagnostic[]): string[] {
  const counts = new Map<string, number>();
  for (const d of diagnostics) {
    if (d.severity !== 'error' && d.code !== 'ManagedFieldEdited') continue;
    const key = `${d.severity} ${d.code} ${(d.path ?? '').split('#')[0]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => (n > 1 ? `${key} x${n}` : key)).sort();
}

/** What adopt deliberately leaves to a tenant binding of its own (docs/adopt.md, "Apps -> tenant apps"). */
const TENANT_BINDING_LEFT = [
  // The app's Namespace stays where Flux applies it from today, until the binding moves it to tenants/<t>/.
  'error ClusterScopedInTenantPath apps/podinfo/base/namespace.yaml',
  'error ClusterScopedInTenantPath apps/web/base/namespace.yaml',
  // An existing CODEOWNERS is kept as it is (it may say more than Platter generates).
  'error ManagedFileEdited CODEOWNERS',
  // The release and source keep the intervals and remediation Flux applies today.
  'warning ManagedFieldEdited apps/podinfo/base/release.yaml x3',
  'warning ManagedFieldEdited apps/podinfo/base/source.yaml',
  'warning ManagedFieldEdited apps/web/base/release.yaml x2',
  // tenant-config.yaml and tenants/<t>/envs/<env> would be objects Flux does not apply today.
  'warning ManagedFieldEdited envs/production/kustomization.yaml x2',
  'warning ManagedFieldEdited envs/staging/kustomization.yaml x2',
];

const rows: { layout: string; options: AdoptOptions; left: string[] }[] = [
  // fluxcd/flux2-kustomize-helm-example as it is (Flux 2.7: ArtifactGenerator copies, bootstrap
  // placeholders, a .sourceignore): nothing left.
  { layout: 'helm-example-layout', options: { tenant: 'team-a' }, left: [] },
  { layout: 'helm-example-layout', options: {}, left: [] },
  // Its production cluster reads cluster-vars from a configMapGenerator (envs/production/vars): validate
  // builds what generators emit, as `platter check` does.
  { layout: 'helm-layout', options: { tenant: 'team-a' }, left: [] },
  { layout: 'helm-apps-layout', options: {}, left: TENANT_BINDING_LEFT },
  { layout: 'helm-apps-layout', options: { tenant: 'shop' }, left: TENANT_BINDING_LEFT },
  {
    layout: 'profiles-layout',
    options: { ageRecipients: { lab: [RECIPIENT] } },
    left: [
      // The repository's own fault, as `platter check` reported it before: a variable with no value.
      'error UnresolvedVariable stages/home/runtime/monitoring-agent.yaml',
      // A bound runtime-<svc> keeps the fields Flux applied (docs/adopt.md): each field Platter
      // would write differently is reported until someone reconciles it.
      'warning ManagedFieldEdited stages/home/runtime/monitoring-agent.yaml x10',
      'warning ManagedFieldEdited stages/home/runtime/monitoring-operator.yaml x8',
    ],
  },
];

describe('platter adopt, then platter validate', () => {
  it.each(rows)('$layout $options', async ({ layout, options, left }) => {
    const tree = fluxFixtureTree(layout);
    const sealed = await sealAdoption(tree, planAdoption(tree, options));
    expect(sealed.changes.length).toBeGreaterThan(0);
    const adopted = MemoryFileTree.from(tree).apply(sealed.changes);
    const { model, diagnostics } = validateRepository(adopted);
    expect(model?.environments.length).toBeGreaterThan(0);
    expect(summary(diagnostics)).toEqual([...left].sort());
    // Never a patch of bootstrap's flux-system, nor a top-level directory of another layout.
    expect(diagnostics.filter((d) => d.path?.includes('/flux-system/') || d.code === 'NotPlatterShaped')).toEqual([]);
  });
});
