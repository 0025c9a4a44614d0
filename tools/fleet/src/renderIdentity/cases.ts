import { createHash } from 'node:crypto';
import { MemoryFileTree, type FileChange, type Fleet } from '@platter/model';
import {
  DEMO_AGE_RECIPIENT,
  EXAMPLE_SECRET_FILES,
  exampleFleet,
  exampleRepository,
  parseRepository,
  render,
  renderChanges,
} from '@platter/render';
import { generateFleet, REFERENCE_SHAPE, type FleetShape } from '../generateFleet';
import { generateRepository } from '../generateRepository';

/**
 * What render writes, pinned (issue 17: render at scale must write the same
 * bytes as before). Each case renders a fleet (the example, generated ones of
 * several shapes and seeds, lockdown on and off) onto an empty tree, and onto
 * a tree with hand edits, and a request's change (renderChanges with `before`);
 * its digest is sha256 over every path and sha256 of its content, in path order,
 * so one changed byte anywhere changes it. `__golden__/render-digests.json`
 * holds the digests the render before the speed-up wrote
 * (`UPDATE_GOLDEN=1 npx jest src/renderIdentity` rewrites it from the code checked out; `goldenBefore.sh` from the render before the speed-up on today's features: review either like code).
 */
export interface Digest {
  readonly files: number;
  readonly bytes: number;
  readonly sha256: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Digest of files by path (content `null`: deleted). */
export function digestOf(files: Iterable<readonly [string, string | null]>): Digest {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const h = createHash('sha256');
  let bytes = 0;
  for (const [path, content] of sorted) {
    h.update(`${path}\0${content === null ? '-' : sha256(content)}\n`);
    bytes += content?.length ?? 0;
  }
  return { files: sorted.length, bytes, sha256: h.digest('hex') };
}

const changesDigest = (changes: readonly FileChange[]) =>
  digestOf(changes.map((c) => [`${c.op} ${c.path}`, c.op === 'delete' ? null : c.after!] as const));

const SMALL: FleetShape = {
  envs: 40,
  stages: 4,
  tenants: 6,
  apps: 25,
  services: 8,
  versionsPerService: 3,
  addonsPerService: 3,
  seed: 7,
};

/** The generated shapes: small, one stage, many stages, and the reference shape cut down (overrides, env-only apps). */
export const SHAPES: Record<string, FleetShape> = {
  small: SMALL,
  'one stage': { ...SMALL, stages: 1, envs: 3, seed: 3 },
  'many stages': { ...SMALL, stages: 10, envs: 30, seed: 11 },
  reference: { ...REFERENCE_SHAPE, envs: 60, apps: 60, tenants: 12, services: 12 },
  'reference seed 5': { ...REFERENCE_SHAPE, envs: 40, stages: 6, apps: 40, tenants: 10, services: 10, seed: 5 },
};

const withLockdown = (fleet: Fleet, lockdown: boolean): Fleet => ({
  ...fleet,
  settings: { ...fleet.settings, lockdown },
});

/** A model change that reaches many kinds of files: an env gone, env config, an addon override, a stage's config. */
function changed(fleet: Fleet): Fleet {
  const [gone, edited, overridden] = fleet.environments;
  const stage = fleet.stages.find((s) => s.components.some((c) => c.addons.length))!;
  const component = stage.components.find((c) => c.addons.length)!;
  return {
    ...fleet,
    environments: fleet.environments
      .filter((e) => e !== gone)
      .map((e) =>
        e === edited
          ? { ...e, config: { ...e.config, zone: 'b', 'quoted-1': '1.10', yes: 'on' } }
          : e === overridden
            ? {
                ...e,
                stage: stage.name,
                addonOverrides: [
                  { service: component.service, addon: component.addons[0]!, action: 'disable' as const },
                ],
              }
            : e,
      ),
    stages: fleet.stages.map((s) => (s === stage ? { ...s, config: { ...s.config, tier: 'gold' } } : s)),
  };
}

/** Apps deployed to single envs too (env-only): a third of them, envs spread, tenants in and out of the env's stage. */
function withEnvOnlyApps(fleet: Fleet): Fleet {
  const envs = fleet.environments;
  return {
    ...fleet,
    apps: fleet.apps.map((a, i) =>
      i % 3 === 0
        ? { ...a, deployments: [...a.deployments, { env: envs[(i * 7) % envs.length]!.name, version: '2.0.0' }] }
        : a,
    ),
  };
}

/** Hand edits render must keep: a comment on every kustomization and config file, an unmanaged file. */
function handEdited(tree: MemoryFileTree): MemoryFileTree {
  const out = MemoryFileTree.from(tree);
  for (const [path, content] of tree.entries())
    if (/(kustomization|config)\.yaml$/.test(path)) out.write(path, `# kept by hand\n${content}`);
  out.write('docs/runbook.md', '# runbook\n');
  return out;
}

/** Every case: name -> the files (or changes) render writes, as a digest. */
export function renderCases(): [string, () => Digest][] {
  const cases: [string, () => Digest][] = [];
  const example = () => exampleFleet(DEMO_AGE_RECIPIENT);
  cases.push(['example: render', () => digestOf(render(example()).entries())]);
  cases.push(['example: render without lockdown', () => digestOf(render(withLockdown(example(), false)).entries())]);
  cases.push([
    'example: render onto its repository, changed',
    () => {
      const tree = exampleRepository();
      const before = parseRepository(tree).model!;
      return digestOf(render(changed(before), handEdited(tree)).entries());
    },
  ]);
  cases.push([
    'example: a change (before, after)',
    () => {
      const tree = exampleRepository();
      const before = parseRepository(tree).model!;
      return changesDigest(renderChanges(changed(before), handEdited(tree), { before }));
    },
  ]);
  cases.push([
    'example: round trip of the secrets fixtures',
    () => digestOf(render(example(), new MemoryFileTree(EXAMPLE_SECRET_FILES)).entries()),
  ]);
  for (const [name, shape] of Object.entries(SHAPES)) {
    cases.push([`${name}: render`, () => digestOf(render(generateFleet(shape)).entries())]);
    cases.push([
      `${name}: render with lockdown ${'toggled'}`,
      () => {
        const fleet = generateFleet(shape);
        return digestOf(render(withLockdown(fleet, !fleet.settings.lockdown)).entries());
      },
    ]);
    cases.push([
      `${name}: render onto the hand-edited repository, changed`,
      () => {
        const { fleet, tree } = generateRepository(shape);
        return digestOf(render(changed(fleet), handEdited(tree)).entries());
      },
    ]);
    cases.push([
      `${name}: render with env-only apps`,
      () => digestOf(render(withEnvOnlyApps(generateFleet(shape))).entries()),
    ]);
    cases.push([
      `${name}: a change adding env-only apps (before, after)`,
      () => {
        const { fleet, tree } = generateRepository(shape);
        return changesDigest(renderChanges(withEnvOnlyApps(fleet), tree, { before: fleet }));
      },
    ]);
    cases.push([
      `${name}: a change (before, after)`,
      () => {
        const { fleet, tree } = generateRepository(shape);
        return changesDigest(renderChanges(changed(fleet), handEdited(tree), { before: fleet }));
      },
    ]);
  }
  return cases;
}
