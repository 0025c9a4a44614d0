import { MemoryFileTree, normalizeFleet, type Fleet } from '@platter/model';
import { exampleRepository } from '../example';
import { parseRepository } from '../parse';
import { parseYamlValues } from '../yaml';
import { renderSettingsFile } from './renderSettings';

/**
 * platter.yaml is rendered by every plan that may change it, for the model
 * before and after the change, and the last texts are kept by what they were
 * rendered from. Whatever was rendered before, a fleet gets its own text: each
 * row changes one thing the file says (or the file it is written onto), and
 * must render what a first render of it does.
 */
describe('renderSettingsFile: the text of its own fleet and file, whatever was rendered before', () => {
  const tree = exampleRepository();
  const fleet = normalizeFleet(parseRepository(tree).model!);
  const spec = (text: string) => (parseYamlValues(text)[0] as { spec: Record<string, any> }).spec;
  const onto = (f: Fleet, previous = tree) => renderSettingsFile({ fleet: f, previous });
  const env = fleet.environments[0]!.name;
  const tenant = fleet.tenants[0]!.name;

  it.each<[string, () => { fleet: Fleet; previous?: MemoryFileTree }, (s: Record<string, any>) => unknown]>([
    [
      'a setting',
      () => ({ fleet: { ...fleet, settings: { ...fleet.settings, lockdown: !fleet.settings.lockdown } } }),
      (s) => s.lockdown ?? true,
    ],
    [
      "an env's owner",
      () => ({
        fleet: {
          ...fleet,
          environments: fleet.environments.map((e) => (e.name === env ? { ...e, owner: 'group:default/other' } : e)),
        },
      }),
      (s) => s.environments.find((e: any) => e.name === env).owner,
    ],
    [
      'an env less',
      () => ({ fleet: { ...fleet, environments: fleet.environments.filter((e) => e.name !== env) } }),
      (s) => s.environments.map((e: any) => e.name),
    ],
    [
      "a stage's prerelease setting",
      () => ({
        fleet: {
          ...fleet,
          stages: fleet.stages.map((st, i) => (i === 0 ? { ...st, allowPrerelease: !st.allowPrerelease } : st)),
        },
      }),
      (s) => s.stages[0].allowPrerelease ?? false,
    ],
    [
      "a tenant's namespaces",
      () => ({
        fleet: {
          ...fleet,
          tenants: fleet.tenants.map((t) =>
            t.name === tenant ? { ...t, namespaces: [...t.namespaces, 'extra-ns'] } : t,
          ),
        },
      }),
      (s) => s.tenants.find((t: any) => t.name === tenant).namespaces,
    ],
    [
      'the file as it is (a comment a person added)',
      () => {
        const previous = tree.clone();
        previous.write('platter.yaml', `# kept by hand\n${tree.read('platter.yaml')}`);
        return { fleet, previous };
      },
      () => undefined,
    ],
  ])('%s', (_name, change, read) => {
    const before = onto(fleet);
    const { fleet: changed, previous = tree } = change();
    const fresh = renderSettingsFile({ fleet: changed, previous: previous.clone() });
    // Rendered after the fleet it differs from: the same text as rendered on a tree of its own.
    expect(onto(fleet)).toBe(before);
    expect(onto(changed, previous)).toBe(fresh);
    expect(fresh).not.toBe(before);
    expect(read(spec(fresh))).not.toEqual(read(spec(before)) ?? null);
  });
});
