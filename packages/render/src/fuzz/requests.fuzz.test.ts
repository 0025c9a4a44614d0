import fc from 'fast-check';
import {
  isErrorCode,
  isPlatterError,
  layout,
  MemoryFileTree,
  normalizeRepoPath,
  parseRequest,
  type ChangeRequest,
  type Diagnostic,
  type Fleet,
} from '@platter/model';
import { exampleRepository } from '../example';
import { parseRepository } from '../parse';
import { plan, type Plan } from '../plan';
import { render, renderChanges } from '../render';
import { TEST_NOW } from '../testing';
import { validateRepository } from '../validate';
import { parseDocuments, parseYamlValues } from '../yaml';
import { CANARY, EXAMPLE, METRICS_SERVER, REQUESTS, shapeless, text, config, name, nested } from './hostile';

/**
 * Fuzzes plan() with hostile request inputs (hostile.ts) on the example fleet.
 * For every input, plan() either throws a PlatterError with a known code, or
 * returns a plan such that:
 *
 * - every change's path is a canonical repository path (normalizeRepoPath
 *   returns it unchanged) under a top-level entry Platter owns;
 * - the repository after the plan has no validation error it did not have
 *   before (secrets the plan says it needs aside);
 * - every YAML file it writes parses (with both YAML libraries), holds only
 *   mapping documents, and no input string got out of its scalar: no key holds
 *   the canary, and every string holding the canary holds a whole input string
 *   (a split payload would not);
 * - CODEOWNERS holds only `<pattern> <declared handles>` lines;
 * - what the request says is what the repository says afterwards (config,
 *   Helm values, descriptions, handles read back equal: the writer did not
 *   change a type or a key);
 * - planning the same request again on the result is empty.
 *
 * Anything else a planner throws (TypeError, RangeError...) fails with the input.
 * Seeded: a failure reproduces; fast-check prints the seed and the shrunk input.
 */
const SEED = 20261127;
const RUNS: Record<string, number> = {
  OnboardApp: 50,
  OnboardTenant: 40,
  CreateEnvironment: 40,
  SetConfig: 50,
  EnableAddon: 20,
  DisableAddon: 15,
  AddComponentToStage: 25,
  AddRuntimeService: 30,
  ReleaseComponentVersion: 30,
  UpgradeComponent: 10,
  DeprecateComponentVersion: 15,
  RemoveComponentVersion: 10,
  RemoveComponentFromStage: 10,
  PromoteApp: 15,
  Rollback: 10,
  OffboardApp: 10,
  OffboardTenant: 10,
  DeleteEnvironment: 10,
  CreateStage: 30,
  DeleteStage: 10,
  UpgradeCampaign: 15,
  SetSecret: 20,
};
/** Kinds whose generators must get some requests accepted (else the suite would only test rejections). */
const MUST_ACCEPT = [
  'OnboardApp',
  'OnboardTenant',
  'CreateEnvironment',
  'CreateStage',
  'SetConfig',
  'EnableAddon',
  'AddComponentToStage',
  'AddRuntimeService',
  'ReleaseComponentVersion',
  'SetSecret',
];

const TOP_LEVEL_FILES = [layout.settings, layout.sopsConfig, layout.codeowners];
const TOP_LEVEL_DIRS = [layout.runtimeDir, layout.stagesDir, layout.envsDir, layout.tenantsDir, layout.appsDir];

jest.setTimeout(120_000);

/** A repository to plan on, with the validation findings it starts with. */
interface Base {
  readonly tree: MemoryFileTree;
  readonly known: ReadonlySet<string>;
}
const baseOf = (tree: MemoryFileTree): Base => ({
  tree,
  known: new Set(validateRepository(tree, { now: TEST_NOW }).diagnostics.map(key)),
});
const example = baseOf(exampleRepository());
/** AddComponentToStage needs a service some stage does not run yet: the example plus metrics-server. */
const withMetricsServer = baseOf(
  exampleRepository().apply(plan(exampleRepository(), parseRequest(METRICS_SERVER), { now: TEST_NOW }).changes),
);
const baseFor = (kind: string): Base => (kind === 'AddComponentToStage' ? withMetricsServer : example);
const stats = new Map<string, { accepted: number; rejected: Map<string, number> }>();

afterAll(() => {
  // One line per kind: how many plans were accepted, and the codes of the rejections.
  const lines = [...stats].map(
    ([kind, s]) => `${kind}: ${s.accepted} accepted; ${[...s.rejected].map(([c, n]) => `${c} ${n}`).join(', ')}`,
  );
  if (process.env.PLATTER_FUZZ_STATS) console.log(lines.join('\n'));
});

const onboardCart = {
  kind: 'OnboardApp',
  name: 'cart',
  tenant: 'team-a',
  source: { type: 'helm', repository: 'oci://ghcr.io/x', chart: 'cart' },
  targets: [{ stage: 'staging' }],
  version: '1.0.0',
};
const onboardTeamC = {
  kind: 'OnboardTenant',
  name: 'team-c',
  owner: 'group:default/team-c',
  codeowners: ['@example-org/team-c'],
  stages: ['staging'],
};

describe('plan() on hostile requests', () => {
  it.each(Object.keys(RUNS))('%s: a typed error or a valid, injection-free plan', (kind) => {
    fc.assert(
      fc.property(REQUESTS[kind]!, (input) => {
        checkRequest(kind, input);
      }),
      { seed: SEED, numRuns: RUNS[kind]! },
    );
    if (MUST_ACCEPT.includes(kind)) expect(stats.get(kind)?.accepted ?? 0).toBeGreaterThan(0);
  });

  it('inputs that are not requests: InvalidRequest, never a crash', () => {
    fc.assert(
      fc.property(shapeless, (input) => {
        // A random shape almost never parses; when it does, every check runs on its plan.
        checkRequest('shapeless', input);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  // Cases this suite found (and their neighbours), kept as fixed cases: `accepted`, or the rejection's code.
  it.each([
    [
      'a Helm values key "<<" stays a key (not a YAML merge)',
      { ...METRICS_SERVER, values: { a: { '<<': { x: 1 }, b: 2 } } },
      'accepted',
    ],
    [
      'a "<<" key holding a scalar does not make the repository unreadable',
      { ...onboardCart, values: { staging: { '<<': 5 } } },
      'accepted',
    ],
    [
      'a config value YAML 1.2 reads as a number ("0o17") stays a string',
      { kind: 'SetConfig', stage: 'prod', set: { color: '0o17' } },
      'accepted',
    ],
    ['an app named like a YAML 1.2 octal ("0o17")', { ...onboardCart, name: '0o17' }, 'accepted'],
    ['an injected CODEOWNERS rule in a handle', { ...onboardTeamC, codeowners: ['@x\n* @evil'] }, 'InvalidName'],
    ['a handle that comments out the rest of its line', { ...onboardTeamC, codeowners: ['@x #'] }, 'InvalidName'],
    ['two owners in one handle', { ...onboardTeamC, codeowners: ['@x @y'] }, 'InvalidName'],
    [
      'a config value with a document marker and a Secret',
      { kind: 'SetConfig', env: 'prod-eu', set: { note: `x\n---\nkind: Secret\n${CANARY}: 1` } },
      'accepted',
    ],
    [
      'Helm values deeper than a file can be read back',
      { ...onboardCart, values: { staging: nested(100, 'host', 1) } },
      'InvalidRequest',
    ],
    [
      'Helm values deep enough to overflow the stack (was a RangeError)',
      { ...METRICS_SERVER, values: nested(3000, 'a', 1) },
      'InvalidRequest',
    ],
    [
      'Helm values for an image app (were dropped)',
      { ...onboardCart, source: { type: 'image', image: 'ghcr.io/x/cart' }, values: { staging: { replicaCount: 2 } } },
      'InvalidRequest',
    ],
    [
      'Helm values with prototype keys',
      {
        ...onboardCart,
        values: {
          staging: JSON.parse(
            '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}, "a.b": {"${x}": "\\n"}}',
          ),
        },
      },
      'accepted',
    ],
  ])('hostile case: %s', (_name, input, outcome) => {
    expect(checkRequest('regressions', input)).toBe(outcome === 'accepted' ? 'accepted' : `rejected ${outcome}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('quotes strings a YAML 1.2 core reader (kyaml, go-yaml v3) would take for numbers, not only what js-yaml would', () => {
    const p = plan(
      example.tree,
      parseRequest({ kind: 'SetConfig', env: 'prod-eu', set: { a: '08', b: '+12', c: '0o17', d: '1e3' } }),
      { now: TEST_NOW },
    );
    expect(p.changes[0]!.after).toContain('a: "08"\n  b: "+12"\n  c: "0o17"\n  d: "1e3"\n');
  });
});

describe('the injection check itself', () => {
  // What a renderer writing YAML with template strings would produce: the check must catch each.
  const fleet = modelOf(example.tree);
  const value = `x\n${CANARY}: 1`;
  it.each([
    ['a payload that became a key', `data:\n  note: ${value}\n`],
    ['a payload that became a document', `data:\n  note: x\n---\n${CANARY}: 1\n`],
    ['a payload split across scalars', `data:\n  note: "x"\n  other: "${CANARY}: 1"\n`],
    ['a document that is not a mapping', `- ${CANARY}\n`],
    ['a CODEOWNERS rule out of a handle', `* @example-org/platform-team\n/tenants/t/*/ @x\n* @evil\n`],
  ])('catches %s', (_name, after) => {
    const path = after.startsWith('*') ? layout.codeowners : 'stages/prod/stage-config.yaml';
    expect(() =>
      checkNoInjection([{ path, op: 'modify', before: '', after }], [value, '@x\n* @evil'], fleet),
    ).toThrow();
  });

  it('passes what the writer makes of the same payload', () => {
    const p = plan(example.tree, parseRequest({ kind: 'SetConfig', stage: 'prod', set: { note: value } }), {
      now: TEST_NOW,
    });
    expect(() => checkNoInjection(p.changes, [value], fleet)).not.toThrow();
  });
});

describe('render(parse(tree)) after SetConfig/EnableAddon/DisableAddon sequences', () => {
  // Keys named like Object members are valid Flux variables: set them, then unset them.
  const protoKeys = fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty');
  const setKeys = fc
    .array(fc.tuple(fc.oneof(protoKeys, fc.constantFrom('color', 'tier', 'region')), text), {
      minLength: 1,
      maxLength: 2,
    })
    .map((e) => Object.fromEntries(e));
  const unsetKeys = fc.array(fc.oneof(protoKeys, fc.constantFrom('color', 'region')), { minLength: 1, maxLength: 2 });
  // Few places, so that later steps often undo earlier ones.
  const place = fc.constantFrom<Record<string, string>>({ stage: 'prod' }, { env: 'prod-eu' });
  const step = fc.oneof(
    fc.tuple(place, setKeys).map(([where, set]) => ({ kind: 'SetConfig', ...where, set })),
    fc.tuple(place, unsetKeys).map(([where, unset]) => ({ kind: 'SetConfig', ...where, unset })),
    fc
      .tuple(
        fc.constantFrom<Record<string, string>>(
          ...EXAMPLE.stages.map((stage) => ({ stage })),
          ...EXAMPLE.envs.map((env) => ({ env })),
        ),
        fc.constantFrom('EnableAddon', 'DisableAddon'),
        fc.constantFrom(...EXAMPLE.addons),
      )
      .map(([where, kind, addon]) => ({ kind, service: 'ingress-nginx', addon, ...where })),
    fc.tuple(fc.oneof(name(...EXAMPLE.stages)), config).map(([stage, set]) => ({ kind: 'SetConfig', stage, set })),
  );

  it('each step reads back as asked; rendering twice gives the same bytes; rendering the result changes nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 5 }), (steps) => {
        const t = exampleRepository();
        let before = modelOf(t);
        for (const s of steps) {
          let p: Plan;
          try {
            p = plan(t, parseRequest(s), { now: TEST_NOW });
          } catch (e) {
            if (isPlatterError(e)) continue;
            throw new Error(
              `plan() threw a non-Platter error for ${show(s)} after ${show(steps)}: ${(e as Error)?.stack ?? String(e)}`,
            );
          }
          t.apply(p.changes);
          const after = modelOf(t);
          checkRoundTrip(parseRequest(s), before, after);
          before = after;
        }
        const once = render(before);
        expect(render(before).entries()).toEqual(once.entries());
        // The planners' scoped renders agree with a full render: nothing is left to change.
        expect(renderChanges(before, t).map((c) => c.path)).toEqual([]);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});

/** Plans `input` on the example and checks every property; returns the outcome. */
function checkRequest(kind: string, input: unknown, base: Base = baseFor(kind)): string {
  const s = stats.get(kind) ?? { accepted: 0, rejected: new Map<string, number>() };
  stats.set(kind, s);
  let p: Plan;
  try {
    p = plan(base.tree, parseRequest(input), { now: TEST_NOW });
  } catch (e) {
    if (isPlatterError(e) && isErrorCode(e.code)) {
      s.rejected.set(e.code, (s.rejected.get(e.code) ?? 0) + 1);
      return `rejected ${e.code}`;
    }
    throw new Error(`plan() threw a non-Platter error for ${show(input)}:\n${(e as Error)?.stack ?? String(e)}`);
  }
  s.accepted++;
  try {
    checkPlan(input, p, base);
  } catch (e) {
    throw new Error(`plan of ${show(input)} breaks a property:\n${(e as Error).message}`);
  }
  return 'accepted';
}

function checkPlan(input: unknown, p: Plan, base: Base): void {
  // Paths: canonical, under what Platter owns.
  for (const c of p.changes) {
    expect(normalizeRepoPath(c.path)).toBe(c.path);
    expect(
      (TOP_LEVEL_FILES as readonly string[]).includes(c.path) || TOP_LEVEL_DIRS.some((d) => c.path.startsWith(`${d}/`)),
    ).toBe(true);
  }
  const after = base.tree.clone().apply(p.changes);

  // No new validation errors (a secret the plan says is needed aside).
  const needed = new Set(p.needsSecrets.map((n) => n.env));
  const introduced = validateRepository(after, { now: TEST_NOW }).diagnostics.filter(
    (d) =>
      d.severity === 'error' &&
      !base.known.has(key(d)) &&
      !(
        d.code === 'MissingSecretKey' &&
        [...needed].some((env) => d.path?.startsWith(`envs/${env}/`) || d.message.includes(`"${env}"`))
      ),
  );
  expect(introduced.map((d) => `${d.code} ${d.path}: ${d.message}`)).toEqual([]);

  // No injection: the files parse, every input string stayed in its scalar.
  const fleetAfter = modelOf(after);
  checkNoInjection(p.changes, stringsOf(input), fleetAfter);

  // What the request says, the repository says.
  checkRoundTrip(parseRequest(input), modelOf(base.tree), fleetAfter);

  // Applied once, planned again: nothing to do.
  expect(plan(after, parseRequest(input), { now: TEST_NOW }).changes.map((c) => c.path)).toEqual([]);
}

/**
 * The files written parse with both YAML libraries into mapping documents, and no
 * input string left its scalar: no key holds the canary, and every string that
 * holds it holds a whole input string (an injection splits a payload).
 */
function checkNoInjection(changes: Plan['changes'], inputs: readonly string[], fleetAfter: Fleet): void {
  const tainted = inputs.filter((x) => x.includes(CANARY));
  for (const c of changes) {
    if (c.op === 'delete') continue;
    const content = c.after ?? '';
    if (c.path === layout.codeowners) {
      checkCodeowners(content, fleetAfter);
      continue;
    }
    if (!c.path.endsWith('.yaml') && !c.path.endsWith('.yaml.encrypted')) continue;
    const docs = parseYamlValues(content);
    expect(parseDocuments(content).filter((d) => d.contents !== null)).toHaveLength(docs.length);
    for (const doc of docs) {
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw new Error(`${c.path}: a document that is not a mapping: ${JSON.stringify(doc)}`);
      walk(
        doc,
        (k) => {
          if (k.includes(CANARY)) throw new Error(`${c.path}: key ${JSON.stringify(k)} came out of an input string`);
        },
        (v) => {
          if (v.includes(CANARY) && !tainted.some((t) => v.includes(t)))
            throw new Error(`${c.path}: ${JSON.stringify(v)} holds part of an input string, not all of it`);
        },
      );
    }
  }
}

/** CODEOWNERS lines are `<pattern> <handles>`, each handle one that platter.yaml declares. */
function checkCodeowners(content: string, fleet: Fleet): void {
  const handles = new Set([...fleet.settings.platformCodeowners, ...fleet.tenants.flatMap((t) => t.codeowners)]);
  for (const line of content.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [pattern, ...owners] = line.trim().split(/\s+/);
    expect(pattern).toMatch(/^(\*|\/apps\/[a-z0-9-]+\/|\/tenants\/[a-z0-9-]+\/(\*|base)\/)$/);
    for (const o of owners) expect(handles.has(o)).toBe(true);
  }
}

function checkRoundTrip(r: ChangeRequest, before: Fleet, after: Fleet): void {
  switch (r.kind) {
    case 'SetConfig': {
      const cfg =
        r.stage !== undefined
          ? after.stages.find((s) => s.name === r.stage)!.config
          : after.environments.find((e) => e.name === r.env)!.config;
      expect(pick(cfg, Object.keys(r.set))).toEqual(r.set);
      for (const k of r.unset) expect(Object.hasOwn(cfg, k)).toBe(false);
      return;
    }
    case 'CreateEnvironment': {
      const env = after.environments.find((e) => e.name === r.name)!;
      expect(pick(env.config, Object.keys(r.config))).toEqual(r.config);
      return;
    }
    case 'CreateStage': {
      // The stage reads back as asked: config (hostile values included), promotion and its place in the order.
      const stage = after.stages.find((s) => s.name === r.name)!;
      expect(stage.config).toEqual(r.config);
      expect([stage.promotesFrom, stage.allowPrerelease]).toEqual([r.promotesFrom, r.allowPrerelease]);
      if (r.after !== undefined) expect(after.stages[after.stages.indexOf(stage) - 1]!.name).toBe(r.after);
      return;
    }
    case 'OnboardApp': {
      const old = before.apps.find((a) => a.name === r.name);
      const app = after.apps.find((a) => a.name === r.name)!;
      if (!old) expect(plain(app.source)).toEqual(plain(r.source));
      for (const d of app.deployments) {
        const where = d.stage ?? d.env!;
        const existed = old?.deployments.some((o) => (o.stage ?? o.env) === where);
        if (!existed) expect(plain(d.values ?? {})).toEqual(plain(r.values[where] ?? {}));
      }
      return;
    }
    case 'OnboardTenant': {
      if (before.tenants.some((t) => t.name === r.name)) return;
      expect(after.tenants.find((t) => t.name === r.name)!.codeowners).toEqual(r.codeowners);
      return;
    }
    case 'AddComponentToStage': {
      const c = after.stages.find((s) => s.name === r.stage)!.components.find((x) => x.service === r.service)!;
      if (r.values) expect(plain(c.values ?? {})).toEqual(plain(r.values));
      return;
    }
    case 'AddRuntimeService': {
      const v = after.services.find((s) => s.name === r.name)!.versions.find((x) => x.version === r.version)!;
      expect(plain(v.values ?? {})).toEqual(plain(r.values));
      expect(v.description).toBe(r.description);
      for (const a of r.addons) {
        const got = v.addons.find((x) => x.name === a.name)!;
        expect(plain(got.values ?? {})).toEqual(plain(a.values));
        expect(got.description).toBe(a.description);
      }
      return;
    }
    case 'ReleaseComponentVersion': {
      const v = after.services.find((s) => s.name === r.service)!.versions.find((x) => x.version === r.version)!;
      if (r.values) expect(plain(v.values ?? {})).toEqual(plain(r.values));
      if (r.description !== undefined) expect(v.description).toBe(r.description);
      if (r.chartVersion !== undefined) expect(v.chart?.version).toBe(r.chartVersion);
      for (const a of r.addAddons) {
        const got = v.addons.find((x) => x.name === a.name)!;
        expect(plain(got.values ?? {})).toEqual(plain(a.values));
        expect(got.description).toBe(a.description);
      }
      return;
    }
    case 'DeprecateComponentVersion': {
      const v = after.services.find((s) => s.name === r.service)!.versions.find((x) => x.version === r.version)!;
      if (r.message !== undefined) expect(v.lifecycle.message).toBe(r.message);
      if (r.sunset !== undefined) expect(v.lifecycle.sunset).toBe(r.sunset);
      return;
    }
    default:
      return;
  }
}

function modelOf(t: MemoryFileTree): Fleet {
  const { model, diagnostics } = parseRepository(t);
  if (!model)
    throw new Error(`the repository does not parse: ${diagnostics.map((d) => `${d.code} ${d.path}`).join('; ')}`);
  return model;
}

function key(d: Diagnostic): string {
  return `${d.code}\0${d.path ?? ''}\0${d.message}`;
}

const pick = (o: Readonly<Record<string, string>>, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k]]));

/** Plain data for comparison: -0 is 0, undefined object fields are absent, parse origins dropped. */
function plain(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || k === 'origin') continue;
      Object.defineProperty(out, k, { value: plain(x), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** Every string in a value: object keys and string leaves. */
function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      stringsOf(x, out);
    }
  }
  return out;
}

function walk(v: unknown, onKey: (k: string) => void, onString: (s: string) => void): void {
  if (typeof v === 'string') onString(v);
  else if (Array.isArray(v)) for (const x of v) walk(x, onKey, onString);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      onKey(k);
      walk(x, onKey, onString);
    }
  }
}

/** The input as a reader can reproduce it (JSON, with what JSON cannot say spelled out). */
function show(input: unknown): string {
  try {
    const json = JSON.stringify(input, (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v)
        ? `<${v}>`
        : typeof v === 'bigint'
          ? `<${v}n>`
          : Object.is(v, -0)
            ? '<-0>'
            : v,
    );
    return json && json.length > 4000 ? `${json.slice(0, 4000)}…` : (json ?? String(input));
  } catch {
    return fc.stringify(input);
  }
}
