import fc from 'fast-check';
import { MemoryFileTree, normalizeFleet, stripOrigins, type Fleet } from '@platter/model';
import { DEMO_AGE_RECIPIENT, EXAMPLE_SECRET_FILES, emptyFleet, exampleFleet, exampleRepository } from '../example';
import { parseRepository } from '../parse';
import { comparable, roundTrip } from '../testing';
import { render, renderChanges } from './render';

const example = () => exampleFleet(DEMO_AGE_RECIPIENT);

describe('render', () => {
  it.each([
    ['example', example, () => exampleRepository()],
    ['empty', emptyFleet, () => render(emptyFleet())],
  ])('%s: byte-identical twice, and a re-render of its own output changes nothing', (_name, fleet, repository) => {
    expect(render(fleet()).entries()).toEqual(render(fleet()).entries());
    const tree = repository();
    const { model } = parseRepository(tree);
    expect(renderChanges(model!, tree)).toEqual([]);
  });

  it('parse(render(m)) equals m, apart from the release digests render seals', () => {
    const m = example();
    // Secrets are not rendered from the model (they are written encrypted): start from the fixtures.
    const back = roundTrip(m, new MemoryFileTree(EXAMPLE_SECRET_FILES));
    const withoutDigests = (f: Fleet) =>
      comparable({
        ...f,
        services: f.services.map((s) => ({ ...s, versions: s.versions.map(({ digest: _d, ...v }) => v) })),
      });
    expect(withoutDigests(back)).toEqual(withoutDigests(m));
    // Once sealed, the round trip is exact.
    expect(comparable(roundTrip(back, new MemoryFileTree(EXAMPLE_SECRET_FILES)))).toEqual(comparable(back));
  });

  it('keeps comments, unknown fields and unmanaged files when it re-renders', () => {
    const tree = exampleRepository();
    tree.write(
      'envs/prod-eu/env-config.yaml',
      `# cluster facts from terraform\n${tree.read('envs/prod-eu/env-config.yaml')}`.replace(
        'region: eu-west-1',
        'region: eu-west-1 # from tf output',
      ),
    );
    tree.write(
      'stages/prod/runtime/ingress-nginx.yaml',
      tree
        .read('stages/prod/runtime/ingress-nginx.yaml')!
        .replace('  timeout: 5m\n', '  timeout: 5m\n  retryInterval: 2m\n'),
    );
    tree.write('docs/runbook.md', '# runbook\n');
    const { model } = parseRepository(tree);
    const m = model!;
    const changed: Fleet = {
      ...m,
      environments: m.environments.map((e) =>
        e.name === 'prod-eu' ? { ...e, config: { ...e.config, zone: 'b' } } : e,
      ),
    };
    const changes = renderChanges(changed, tree);
    expect(changes.map((c) => c.path)).toEqual(
      ['envs/prod-eu/env-config.yaml', 'envs/prod-eu/tenant-config.yaml'].filter(
        (p) => p !== 'envs/prod-eu/tenant-config.yaml' || changes.some((c) => c.path === p),
      ),
    );
    const after = changes[0]!.after!;
    expect(after).toContain('# cluster facts from terraform');
    expect(after).toContain('region: eu-west-1 # from tf output');
    expect(after).toContain('zone: b');
    const full = render(changed, tree);
    expect(full.read('docs/runbook.md')).toBe('# runbook\n');
    expect(full.read('stages/prod/runtime/ingress-nginx.yaml')).toContain('retryInterval: 2m');
  });

  it('deletes only what the previous model had and the new one does not', () => {
    const tree = exampleRepository();
    const before = parseRepository(tree).model!;
    const after: Fleet = { ...before, environments: before.environments.filter((e) => e.name !== 'prod-us') };
    const changes = renderChanges(after, tree, { before });
    expect(changes.filter((c) => c.op === 'delete').every((c) => c.path.startsWith('envs/prod-us/'))).toBe(true);
    expect(changes.filter((c) => c.op === 'delete')).toHaveLength(tree.list('envs/prod-us').length);
    // Without `before`, render never deletes: a directory the parser missed is never lost.
    expect(renderChanges(after, tree).filter((c) => c.op === 'delete')).toEqual([]);
  });

  it('is stable under reordering of sets (not of addons)', () => {
    const base = example();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const shuffled = shuffleSets(base, seed);
        expect(render(shuffled).entries()).toEqual(render(base).entries());
      }),
      { numRuns: 25 },
    );
  });

  it('changes the output when the addon order changes (it carries meaning)', () => {
    const base = example();
    const reordered: Fleet = {
      ...base,
      stages: base.stages.map((s) => ({
        ...s,
        components: s.components.map((c) =>
          c.service === 'ingress-nginx'
            ? { ...c, addons: ['metrics', 'nodeport'].filter((a) => a !== 'nodeport' || s.name === 'staging') }
            : c,
        ),
      })),
    };
    const swapped: Fleet = {
      ...reordered,
      stages: reordered.stages.map((s) => ({
        ...s,
        components: s.components.map((c) => ({ ...c, addons: [...c.addons].reverse() })),
      })),
    };
    expect(render(swapped).read('stages/staging/runtime/ingress-nginx.yaml')).not.toBe(
      render(reordered).read('stages/staging/runtime/ingress-nginx.yaml'),
    );
  });

  it('renders onto an empty tree and onto a previous one alike for new entities', () => {
    const m = example();
    const previous = new MemoryFileTree({ ...EXAMPLE_SECRET_FILES, 'README.md': 'hello\n' });
    const out = render(m, previous);
    expect(out.read('README.md')).toBe('hello\n');
    expect(stripOrigins(normalizeFleet(parseRepository(out).model!))).toEqual(
      stripOrigins(normalizeFleet(roundTrip(m, new MemoryFileTree(EXAMPLE_SECRET_FILES)))),
    );
  });
});

/** Shuffles every set-like array of a fleet with a seeded generator. */
function shuffleSets(f: Fleet, seed: number): Fleet {
  let s = seed || 1;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  const shuffleRecord = (r: Readonly<Record<string, string>>) => Object.fromEntries(shuffle(Object.entries(r)));
  return {
    settings: { ...f.settings, tenantConfigKeys: shuffle(f.settings.tenantConfigKeys) },
    stages: f.stages.map((st) => ({ ...st, config: shuffleRecord(st.config), components: shuffle(st.components) })),
    environments: shuffle(f.environments).map((e) => ({
      ...e,
      config: shuffleRecord(e.config),
      secrets: shuffle(e.secrets),
    })),
    services: shuffle(f.services).map((svc) => ({ ...svc, versions: shuffle(svc.versions) })),
    tenants: shuffle(f.tenants).map((t) => ({ ...t, namespaces: shuffle(t.namespaces), stages: shuffle(t.stages) })),
    apps: shuffle(f.apps).map((a) => ({ ...a, deployments: shuffle(a.deployments), dependsOn: shuffle(a.dependsOn) })),
  };
}
