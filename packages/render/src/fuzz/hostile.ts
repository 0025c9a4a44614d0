import fc from 'fast-check';
import { DEMO_AGE_RECIPIENT } from '../example';
import { fakeSealedSecret } from '../testing/fakeSealedSecret';

/**
 * TEST-ONLY: hostile request inputs for the fuzz suite (requests.fuzz.test.ts).
 * Imported by path, never re-exported.
 *
 * Every generator mixes three sources: names and values the example fleet has
 * (so a request gets past the lookups and reaches render and validation), valid
 * but unusual values (a name that YAML 1.1 reads as a boolean, `1e3`, `null`),
 * and hostile ones (path escapes, YAML indicators, newlines, NUL, unicode,
 * over-long strings, injection payloads).
 *
 * Injection payloads carry the CANARY: a YAML injection shows up in the parsed
 * output as a key containing it, or as a string holding part of a payload
 * but not all of it. Keys generated here never contain the canary.
 */
export const CANARY = 'pwn';

/** A YAML alias bomb: `levels` anchors, each a list of `fanout` aliases of the one before (fanout^levels nodes). */
export function aliasBomb(levels: number, fanout: number): string {
  const lines = ['a0: &a0 [lol]'];
  for (let i = 1; i <= levels; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: fanout }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** What the example fleet has (exampleFleet.ts). */
export const EXAMPLE = {
  stages: ['staging', 'prod'],
  envs: ['prod-eu', 'prod-us', 'staging-eu'],
  tenants: ['team-a', 'team-b'],
  apps: ['shop', 'billing'],
  services: ['cert-manager', 'external-dns', 'ingress-nginx'],
  addons: ['nodeport', 'metrics', 'internal-lb'],
  versions: ['1.0.0', '1.1.0'],
  configKeys: ['domain', 'cluster_name', 'region'],
} as const;

/** Valid DNS labels that other parsers read as something else, or that collide with the layout. */
const LOOKALIKE_NAMES = [
  'y',
  'n',
  'no',
  'yes',
  'on',
  'off',
  'true',
  'null',
  'nan',
  'inf',
  '1e3',
  '0o17',
  '0x1f',
  '0b1',
  '123',
  '007',
  '1-0',
  'base',
  'envs',
  'runtime',
  'platter',
  'default',
  'kube-system',
  'flux-system',
  'a'.repeat(63),
];

export const HOSTILE_NAMES = [
  '',
  ' ',
  'A',
  'Cart',
  'cArt',
  'CART',
  '.',
  '..',
  '...',
  '../x',
  '../../etc/passwd',
  'a/..',
  'a/../b',
  'a/b',
  '/abs',
  '/',
  'a\\b',
  '..\\x',
  'C:x',
  'c:\\x',
  '.git',
  'a/.git',
  '~',
  '~root',
  '*a',
  '&a',
  '*',
  '&',
  'a: b',
  ': ',
  'a:',
  '#x',
  'a #x',
  '!tag',
  '!!str',
  '!!binary',
  '{',
  '}',
  '{a: b}',
  '[a]',
  '|',
  '>',
  '%',
  '@',
  '`',
  '"',
  "'",
  '---',
  '...',
  '- a',
  '? a',
  '<<',
  '=',
  'a\nb',
  '\nkind: Secret',
  'a\rb',
  'a\tb',
  'a\0b',
  '\0',
  '\u2028',
  '\u0085',
  '\ufeffa',
  'ü',
  'café',
  'ℌ',
  '日本',
  'a\u200bb',
  'ǅ',
  'ß',
  'İ',
  'ﬁ',
  'а' /* Cyrillic a */,
  '𝕒',
  'a'.repeat(64),
  'a'.repeat(300),
  '-a',
  'a-',
  '-',
  '_a',
  'a_b',
  'a.b',
  'a b',
  ' a',
  'a ',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '${x}',
  '$(x)',
  '{{x}}',
  '_base',
  'component.yaml',
  'kustomization.yaml',
  'a.yaml',
];

const hostileName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 70 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][-a-z0-9]{62,80}[a-z0-9]$/) },
);

/** A name: mostly one the fleet has, else new valid, lookalike or hostile. */
export const name = (...existing: readonly string[]) =>
  fc.oneof(
    ...(existing.length ? [{ weight: 5, arbitrary: fc.constantFrom(...existing) }] : []),
    { weight: 2, arbitrary: fc.constantFrom('cart', 'x', 'a-b', 'team-c', 'new-1') },
    { weight: 1, arbitrary: fc.constantFrom(...LOOKALIKE_NAMES) },
    { weight: 3, arbitrary: hostileName },
  );

export const HOSTILE_VERSIONS = [
  '',
  'v1.2.3',
  'V1.0.0',
  '1',
  '1.2',
  '1.2.3.4',
  '01.2.3',
  '1.02.3',
  '1.2.3-',
  '1.2.3-+',
  '1.2.3+',
  '1.2.3-rc..1',
  '1.2.3-01',
  '1.2.3-ü',
  '1.2.3-rc.1\n',
  ' 1.2.3',
  '1.2.3 ',
  '99999999999999999999.0.0',
  '9007199254740993.0.0',
  '1.2.3-' + 'a'.repeat(300),
  '1.2.3+build.1',
  '1.2.3-rc.1+build',
  'latest',
  '*',
  'x',
  '^1.0.0',
  '~1.0.0',
  '>=1.0.0',
  '1.0.0 || 2.0.0',
  '1.0.0 - 2.0.0',
  '1.x',
  '../1.0.0',
  '1.0.0/..',
  '1.0.0/x',
  '1.0.0\\x',
  '1.0.0\0',
  '1.0.0\nkind: Secret',
  '*a',
  '&a',
  '!tag',
  '{',
  '1e3',
  '0o17',
  'null',
  'true',
  'NaN',
];

/** A version: one the menu has, a new valid one, a prerelease, or garbage. */
export const version = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EXAMPLE.versions) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('1.2.0', '0.1.0', '2.0.0', '1.3.0-rc.1', '1.0.1', '1.2.0-alpha.0.beta', '10.20.30'),
  },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 1e6 }), fc.nat(), fc.nat()).map(([a, b, c]) => `${a}.${b}.${c}`) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_VERSIONS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** Injection payloads (they carry the canary) and YAML indicators. */
export const PAYLOADS = [
  `x\n${CANARY}: 1`,
  `x\n---\n${CANARY}: 1`,
  `\n${CANARY}: 1`,
  `a: b\n${CANARY}: 1`,
  `"\n${CANARY}: 1`,
  `'\n${CANARY}: 1`,
  `|\n${CANARY}: 1`,
  `>\n  ${CANARY}: 1`,
  `x\nkind: Secret\nmetadata: {name: ${CANARY}}`,
  `x\r\n${CANARY}: 1`,
  `x\r${CANARY}: 1`,
  `x\u2028${CANARY}: 1`,
  `x\u0085${CANARY}: 1`,
  `x\n  ${CANARY}: 1`,
  `x\n\t${CANARY}: 1`,
  `{${CANARY}: 1}`,
  `[${CANARY}]`,
  `*${CANARY}`,
  `&${CANARY} x`,
  `!${CANARY} x`,
  `!!binary ${CANARY}`,
  `!!python/object ${CANARY}`,
  `%YAML 1.1\n---\n${CANARY}: 1`,
  `...\n${CANARY}: 1`,
  `#${CANARY}`,
  `x #${CANARY}`,
  `- ${CANARY}`,
  `? ${CANARY}`,
  `<<: {${CANARY}: 1}`,
  `${CANARY}: \${${CANARY}}`,
  `\${${CANARY}}`,
  `$(${CANARY})`,
  `x\0${CANARY}`,
  `${CANARY}\n`,
  ` ${CANARY} `,
  `"${CANARY}"`,
  `'${CANARY}'`,
  `${CANARY}: |\n  x`,
  `- ${CANARY}\n- x`,
  `${CANARY}:`,
  `@${CANARY}`,
  '`' + CANARY,
];
const YAML_SPECIALS = [
  '*a',
  '&a',
  '&a b',
  ': ',
  'a: b',
  '#',
  '# c',
  '!tag',
  '!!str x',
  '{',
  '}',
  '[',
  ']',
  '{a: b}',
  ',',
  '|',
  '>',
  '%',
  '@',
  '`',
  '"',
  "'",
  '---',
  '...',
  '- ',
  '? ',
  '<<',
  '~',
  'null',
  'Null',
  'true',
  'yes',
  'no',
  'y',
  'on',
  'off',
  '0o17',
  '0x1F',
  '1e3',
  '.inf',
  '.nan',
  '-.inf',
  '1:20',
  '2001-12-14',
  '0755',
  '+1',
  '.5',
  '=',
  '',
  ' ',
  '\n',
  '\t',
  '\0',
  '\r\n',
  '\u2028',
  '\ufeff',
];

/** Free text: a payload, a YAML special, random text, or text wrapped around a payload. */
export const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 2, arbitrary: fc.constantFrom(...YAML_SPECIALS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes(CANARY)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...YAML_SPECIALS), fc.constantFrom(...PAYLOADS), fc.constantFrom('', ' ', '\n', ' #'))
      .map(([a, b, c]) => a + b + c),
  },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), `${'a\n'.repeat(500)}${CANARY}: 1`) },
);

/** Map keys: prototype names, path and YAML characters, lookalikes. Never the canary. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'a.b',
  'a/b',
  '../x',
  '/a',
  'a\\b',
  'a\nb',
  '\nkind: Secret',
  'a\rb',
  '${x}',
  '$(x)',
  '{{x}}',
  '<<',
  '',
  ' ',
  ' a',
  'a ',
  '-',
  '?',
  '? a',
  '- a',
  'a: b',
  ': ',
  'a:',
  '#',
  '#a',
  'a #b',
  '*a',
  '&a',
  '!!str',
  '!tag',
  '{',
  '}',
  '[',
  ']',
  ',',
  '=',
  'y',
  'n',
  'no',
  'yes',
  'on',
  'Off',
  '1',
  '-1',
  '0o17',
  '1e3',
  '0x10',
  'true',
  'null',
  '~',
  '.inf',
  '.nan',
  '2001-12-14',
  '1:20',
  '|',
  '>',
  '%',
  '@',
  '`',
  '"',
  "'",
  '\t',
  '\0',
  'ü',
  '日本',
  'a'.repeat(300),
  'kind',
  'apiVersion',
  'metadata',
  'spec',
];
export const key = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
    { weight: 2, arbitrary: fc.constantFrom('replicaCount', 'image', 'ingress', 'enabled', 'host') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  )
  .filter((k) => !k.includes(CANARY));

/** An object whose keys are own, enumerable data properties, `__proto__` included (as JSON.parse makes them). */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const leaf = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() }, // NaN, ±Infinity and -0 included
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, 2 ** 53 + 2, 1e21, 1e-7, -0, Number.MAX_VALUE, Number.MIN_VALUE) },
);

const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 3 }),
  object: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map(ownObject),
}));

/** A chain `{k: {k: ... leaf}}` `depth` levels deep. */
export const nested = (depth: number, k: string, bottom: unknown): Record<string, unknown> => {
  let v: unknown = bottom;
  for (let i = 0; i < depth; i++) v = ownObject([[k, v]]);
  return v as Record<string, unknown>;
};

/** Helm values: a small hostile tree, or a deep chain (past what a file can hold, past what a recursive walk survives). */
export const values = fc.oneof(
  { weight: 5, arbitrary: tree.object },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(fc.integer({ min: 20, max: 120 }), fc.constantFrom(3000, 100_000)), key, leaf)
      .map(([d, k, b]) => nested(d, k, b)),
  },
);

/** Flux-substitution config: hostile keys (most rejected) and hostile values. */
export const config = fc
  .array(
    fc.tuple(
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom('color', 'region', 'team_id', '_x', 'A1', 'domain', 'cluster_name', 'tier'),
        },
        { weight: 1, arbitrary: key },
      ),
      text,
    ),
    { maxLength: 4 },
  )
  .map(ownObject);

/**
 * What a request's names, versions and config keys are drawn from. The hostile
 * pool mixes in every kind of bad value; the plausible pool keeps to valid ones
 * (the fleet's own, new, lookalikes), so that requests get past the lookups and
 * their free text, Helm values and handles reach render. Free text and Helm
 * values are hostile in both.
 */
interface Pools {
  readonly name: (...existing: readonly string[]) => fc.Arbitrary<string>;
  readonly version: fc.Arbitrary<string>;
  readonly configKey: fc.Arbitrary<string>;
  readonly handle: fc.Arbitrary<string>;
}

const VALID_NEW_NAMES = ['cart', 'x', 'a-b', 'team-c', 'new-1'];
const VALID_VERSIONS = ['1.2.0', '0.1.0', '2.0.0', '1.3.0-rc.1', '1.0.1', '1.2.0-alpha.0.beta', '10.20.30'];
const VALID_HANDLES = ['@example-org/team-c', '@jane', 'jane@example.com', '@example-org/team-a', '@a.b/c_d'];

const HOSTILE_POOLS: Pools = {
  name,
  version,
  configKey: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('color', 'region', 'team_id', '_x', 'A1', 'domain', 'cluster_name', 'tier'),
    },
    { weight: 1, arbitrary: key },
  ),
  handle: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...VALID_HANDLES) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '@x\n* @evil',
        '@x #',
        '#@x',
        '@x @y',
        '* @evil',
        '/apps/shop/ @evil',
        '',
        ' ',
        '@',
        '@x\r\n/tenants/ @evil',
        'x',
        '!@x',
        '@x\0',
        '@x/../y',
        '@@x',
        `@${'a'.repeat(300)}`,
      ),
    },
    { weight: 1, arbitrary: text },
  ),
};

const PLAUSIBLE_POOLS: Pools = {
  name: (...existing) =>
    fc.oneof(
      ...(existing.length ? [{ weight: 6, arbitrary: fc.constantFrom(...existing) }] : []),
      { weight: 2, arbitrary: fc.constantFrom(...VALID_NEW_NAMES) },
      { weight: 1, arbitrary: fc.constantFrom(...LOOKALIKE_NAMES) },
    ),
  version: fc.oneof(fc.constantFrom(...EXAMPLE.versions), fc.constantFrom(...VALID_VERSIONS)),
  configKey: fc.constantFrom('color', 'region', 'team_id', '_x', 'A1', 'tier', 'domain'),
  handle: fc.constantFrom(...VALID_HANDLES),
};

/** A stage or an env target, or a malformed one. */
const targetFrom = (p: Pools, malformed: boolean) =>
  fc.oneof(
    { weight: 4, arbitrary: p.name(...EXAMPLE.stages).map((stage): unknown => ({ stage })) },
    { weight: 3, arbitrary: p.name(...EXAMPLE.envs).map((env): unknown => ({ env })) },
    ...(malformed
      ? [
          {
            weight: 1,
            arbitrary: fc.constantFrom<unknown>({}, { stage: 'prod', env: 'prod-eu' }, { stage: 1 }, null, 'prod', [
              { stage: 'prod' },
            ]),
          },
        ]
      : []),
  );

const sealed = (secretName: fc.Arbitrary<string>) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          secretName,
          fc.array(fc.oneof(fc.constantFrom('PASSWORD', 'API_TOKEN', 'EXTERNAL_DNS_API_TOKEN'), key), {
            minLength: 1,
            maxLength: 3,
          }),
        )
        .map(([n, keys]) => ({
          name: n,
          sealed: fakeSealedSecret({ name: n, keys, recipients: [DEMO_AGE_RECIPIENT] }),
        })),
    },
    { weight: 1, arbitrary: fc.tuple(secretName, text).map(([n, s]) => ({ name: n, sealed: s })) },
    {
      weight: 1,
      arbitrary: secretName.map((n) => ({
        name: n,
        sealed: fakeSealedSecret({ name: n, keys: ['A'], recipients: [DEMO_AGE_RECIPIENT], plaintext: true }),
      })),
    },
    {
      weight: 1,
      arbitrary: secretName.map((n) => ({
        name: n,
        sealed: fakeSealedSecret({ name: n, keys: ['A'], recipients: [DEMO_AGE_RECIPIENT], kind: 'ConfigMap' }),
      })),
    },
    { weight: 1, arbitrary: fc.tuple(secretName, config).map(([n, v]) => ({ name: n, values: v })) }, // plaintext: NotEncrypted
  );

/** A service no stage runs yet, with conflicting addons: the base tree of AddComponentToStage (see the test). */
export const METRICS_SERVER = {
  kind: 'AddRuntimeService',
  name: 'metrics-server',
  version: '0.7.0',
  chart: { repository: 'https://kubernetes-sigs.github.io/metrics-server/', name: 'metrics-server', version: '3.12.1' },
  values: { replicas: 1 },
  addons: [
    { name: 'ha', conflictsWith: ['single'], values: { replicas: 2 } },
    { name: 'single', values: { replicas: 1 } },
    { name: 'verbose', values: { args: ['--v=4'] } },
  ],
} as const;

function requestsFrom(p: Pools, malformed: boolean): Record<string, fc.Arbitrary<Record<string, unknown>>> {
  const names = (...existing: readonly string[]) => fc.array(p.name(...existing), { maxLength: 3 });
  const target = targetFrom(p, malformed);
  const stageOrEnv = fc.oneof(
    { weight: 5, arbitrary: p.name(...EXAMPLE.stages).map((stage): Record<string, unknown> => ({ stage })) },
    { weight: 4, arbitrary: p.name(...EXAMPLE.envs).map((env): Record<string, unknown> => ({ env })) },
    ...(malformed
      ? [{ weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>>({}, { stage: 'prod', env: 'prod-eu' }) }]
      : []),
  );
  const cfg = fc.array(fc.tuple(p.configKey, text), { maxLength: 4 }).map(ownObject);
  const addonSpec = fc.record(
    {
      name: p.name('nodeport', 'metrics', 'waf', 'ha'),
      description: text,
      conflictsWith: names('nodeport', 'metrics', 'internal-lb', 'waf'),
      values,
    },
    { requiredKeys: ['name'] },
  );
  const chart = fc.record({
    repository: fc.oneof(
      fc.constantFrom('https://charts.example.com', 'oci://ghcr.io/example-org/charts'),
      ...(malformed ? [text] : []),
    ),
    name: fc.oneof(fc.constantFrom('metrics-server', 'x'), text),
    version: fc.oneof(p.version, text),
  });
  const requestId = fc.oneof(fc.constantFrom('task-1'), text);
  return {
    OnboardApp: fc.record(
      {
        kind: fc.constant('OnboardApp'),
        name: p.name(...EXAMPLE.apps),
        tenant: p.name(...EXAMPLE.tenants),
        namespace: p.name('team-a', 'team-b'),
        source: fc.oneof(
          fc.record(
            {
              type: fc.constant('helm'),
              repository: fc.oneof(fc.constant('oci://ghcr.io/example-org/charts'), text),
              chart: fc.oneof(fc.constant('cart'), text),
              values,
            },
            { requiredKeys: ['type', 'repository', 'chart'] },
          ),
          fc.record(
            {
              type: fc.constant('image'),
              image: fc.oneof(fc.constant('ghcr.io/example-org/cart'), text),
              port: fc.oneof(fc.constantFrom(8080, 1, 65535), fc.integer()),
            },
            { requiredKeys: ['type', 'image'] },
          ),
        ),
        dependsOn: names(...EXAMPLE.services),
        targets: fc.array(target, { minLength: 1, maxLength: 3 }),
        version: p.version,
        values: fc.array(fc.tuple(p.name(...EXAMPLE.stages, ...EXAMPLE.envs), values), { maxLength: 3 }).map(ownObject),
        requestId,
      },
      { requiredKeys: ['kind', 'name', 'tenant', 'source', 'targets', 'version'] },
    ),
    OnboardTenant: fc.record(
      {
        kind: fc.constant('OnboardTenant'),
        name: p.name(...EXAMPLE.tenants),
        owner: fc.oneof(
          fc.constantFrom('group:default/team-c', 'group:team-c', 'user:jane', 'group:default/team-a'),
          ...(malformed ? [text] : []),
        ),
        codeowners: fc.array(p.handle, { maxLength: 3 }),
        namespaces: names('team-c', 'team-a', 'ingress-nginx', 'kube-system', 'default'),
        stages: fc.array(p.name(...EXAMPLE.stages), { minLength: 1, maxLength: 3 }),
        requestId,
      },
      { requiredKeys: ['kind', 'name', 'owner', 'stages'] },
    ),
    CreateEnvironment: fc.record(
      {
        kind: fc.constant('CreateEnvironment'),
        name: p.name(...EXAMPLE.envs),
        stage: p.name(...EXAMPLE.stages),
        owner: fc.oneof(fc.constant('group:default/platform-team'), ...(malformed ? [text] : [])),
        ageRecipients: fc.array(
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(DEMO_AGE_RECIPIENT) },
            ...(malformed
              ? [
                  {
                    weight: 1,
                    arbitrary: fc.constantFrom(
                      `${DEMO_AGE_RECIPIENT},age1evil`,
                      `${DEMO_AGE_RECIPIENT}\n- age1evil`,
                      'age1',
                      '',
                    ),
                  },
                  { weight: 1, arbitrary: text },
                ]
              : []),
          ),
          { minLength: 1, maxLength: 2 },
        ),
        config: fc
          .tuple(cfg, fc.constantFrom('a', 'b'))
          .map(([c, domain]) =>
            ownObject([['cluster_name', 'c1'], ['domain', `${domain}.example.com`], ...Object.entries(c)]),
          ),
        secrets: fc.array(sealed(p.name('runtime-external-dns', 'db')), { maxLength: 2 }),
        requestId,
      },
      { requiredKeys: ['kind', 'name', 'stage', 'ageRecipients'] },
    ),
    SetConfig: fc
      .tuple(
        stageOrEnv,
        fc.record(
          {
            set: cfg,
            unset: fc.array(fc.oneof(fc.constantFrom(...EXAMPLE.configKeys, 'color'), p.configKey), { maxLength: 2 }),
            requestId,
          },
          { requiredKeys: ['set'] },
        ),
      )
      .map(([where, rest]) => ({ kind: 'SetConfig', ...where, ...rest })),
    EnableAddon: fc
      .tuple(stageOrEnv, p.name(...EXAMPLE.services), p.name(...EXAMPLE.addons))
      .map(([where, service, addon]) => ({ kind: 'EnableAddon', service, addon, ...where })),
    DisableAddon: fc
      .tuple(stageOrEnv, p.name(...EXAMPLE.services), p.name(...EXAMPLE.addons))
      .map(([where, service, addon]) => ({ kind: 'DisableAddon', service, addon, ...where })),
    AddComponentToStage: fc.record(
      {
        kind: fc.constant('AddComponentToStage'),
        stage: p.name(...EXAMPLE.stages),
        service: p.name(METRICS_SERVER.name, METRICS_SERVER.name, ...EXAMPLE.services),
        version: fc.oneof(fc.constant(METRICS_SERVER.version), p.version),
        addons: fc.array(p.name('ha', 'single', 'verbose', 'ha', ...EXAMPLE.addons), { maxLength: 4 }), // dupes, unknown, conflicting
        values,
      },
      { requiredKeys: ['kind', 'stage', 'service'] },
    ),
    AddRuntimeService: fc.record(
      {
        kind: fc.constant('AddRuntimeService'),
        name: p.name('metrics-server', ...EXAMPLE.services),
        version: p.version,
        description: text,
        namespace: p.name('metrics-server', 'team-a', 'kube-system'),
        chart,
        values,
        dependsOn: names(...EXAMPLE.services),
        requires: fc.record(
          {
            config: fc.array(fc.oneof(fc.constantFrom('domain', 'cluster_name', 'color'), p.configKey), {
              maxLength: 2,
            }),
            secrets: fc.array(fc.oneof(fc.constantFrom('API_TOKEN'), p.configKey), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
        addons: fc.array(addonSpec, { maxLength: 3 }),
      },
      { requiredKeys: ['kind', 'name', 'chart'] },
    ),
    ReleaseComponentVersion: fc.record(
      {
        kind: fc.constant('ReleaseComponentVersion'),
        service: p.name(...EXAMPLE.services),
        version: p.version,
        from: fc.oneof(fc.constantFrom(...EXAMPLE.versions), p.version),
        chartVersion: fc.oneof(fc.constantFrom('4.12.1', 'v1.17.0'), text),
        description: text,
        values,
        addAddons: fc.array(addonSpec, { maxLength: 3 }),
        removeAddons: names(...EXAMPLE.addons),
      },
      { requiredKeys: ['kind', 'service', 'version', 'from'] },
    ),
    UpgradeComponent: fc.record({
      kind: fc.constant('UpgradeComponent'),
      stage: p.name(...EXAMPLE.stages),
      service: p.name(...EXAMPLE.services),
      version: p.version,
    }),
    DeprecateComponentVersion: fc.record(
      {
        kind: fc.constant('DeprecateComponentVersion'),
        service: p.name(...EXAMPLE.services),
        version: p.version,
        sunset: fc.oneof(fc.constantFrom('2027-01-01', '2026-01-01', '2026-02-30', '2026-1-1', '9999-12-31'), text),
        message: text,
      },
      { requiredKeys: ['kind', 'service', 'version'] },
    ),
    RemoveComponentVersion: fc.record({
      kind: fc.constant('RemoveComponentVersion'),
      service: p.name(...EXAMPLE.services),
      version: p.version,
    }),
    RemoveComponentFromStage: fc.record({
      kind: fc.constant('RemoveComponentFromStage'),
      stage: p.name(...EXAMPLE.stages),
      service: p.name(...EXAMPLE.services),
    }),
    PromoteApp: fc.record(
      {
        kind: fc.constant('PromoteApp'),
        app: p.name(...EXAMPLE.apps),
        from: target,
        to: fc.array(target, { minLength: 1, maxLength: 2 }),
        version: p.version,
      },
      { requiredKeys: ['kind', 'app', 'to'] },
    ),
    Rollback: fc.record({ kind: fc.constant('Rollback'), app: p.name(...EXAMPLE.apps), target, version: p.version }),
    AddCloudResource: fc.record(
      {
        kind: fc.constant('AddCloudResource'),
        app: p.name(...EXAMPLE.apps),
        target,
        name: p.name('uploads', 'db'),
        class: p.name('s3-bucket', 'postgres'),
        version: p.version,
        parameters: fc.dictionary(
          fc.constantFrom('backups', 'retentionDays', 'region', 'storageGb'),
          fc.oneof(text, fc.integer(), fc.boolean()),
        ),
        deletionPolicy: fc.constantFrom('Orphan', 'Delete'),
      },
      { requiredKeys: ['kind', 'app', 'target', 'name', 'class'] },
    ),
    RemoveCloudResource: fc.record(
      {
        kind: fc.constant('RemoveCloudResource'),
        app: p.name(...EXAMPLE.apps),
        target,
        name: p.name('uploads', 'db'),
        confirmDeletionPolicy: fc.constantFrom('Orphan', 'Delete'),
      },
      { requiredKeys: ['kind', 'app', 'target', 'name'] },
    ),
    OffboardApp: fc.record(
      { kind: fc.constant('OffboardApp'), name: p.name(...EXAMPLE.apps), targets: fc.array(target, { maxLength: 2 }) },
      { requiredKeys: ['kind', 'name'] },
    ),
    OffboardTenant: fc.record(
      {
        kind: fc.constant('OffboardTenant'),
        name: p.name(...EXAMPLE.tenants),
        stages: names(...EXAMPLE.stages),
        cascade: fc.boolean(),
      },
      { requiredKeys: ['kind', 'name'] },
    ),
    DeleteEnvironment: fc.record({ kind: fc.constant('DeleteEnvironment'), name: p.name(...EXAMPLE.envs) }),
    CreateStage: fc.record(
      {
        kind: fc.constant('CreateStage'),
        name: p.name(...EXAMPLE.stages),
        after: p.name(...EXAMPLE.stages),
        position: malformed ? fc.oneof(fc.integer(), fc.double()) : fc.integer({ min: 1, max: 4 }),
        promotesFrom: p.name(...EXAMPLE.stages),
        promotesTo: names(...EXAMPLE.stages),
        allowPrerelease: fc.boolean(),
        copyComponentsFrom: p.name(...EXAMPLE.stages),
        config: cfg,
      },
      { requiredKeys: ['kind', 'name'] },
    ),
    DeleteStage: fc.record(
      { kind: fc.constant('DeleteStage'), name: p.name(...EXAMPLE.stages), relink: fc.boolean() },
      { requiredKeys: ['kind', 'name'] },
    ),
    UpgradeCampaign: fc.record(
      {
        kind: fc.constant('UpgradeCampaign'),
        service: p.name(...EXAMPLE.services),
        version: p.version,
        waves: names(...EXAMPLE.stages),
        wave: p.name(...EXAMPLE.stages),
      },
      { requiredKeys: ['kind', 'service', 'version'] },
    ),
    SetSecret: fc.record(
      {
        kind: fc.constant('SetSecret'),
        env: p.name(...EXAMPLE.envs),
        secret: sealed(p.name('runtime-external-dns', 'shop-db')),
        rotate: fc.boolean(),
      },
      { requiredKeys: ['kind', 'env', 'secret'] },
    ),
  };
}

/** Where names must fit together to be accepted (a service and one of its addons or versions), plausible pairs. */
const INGRESS_ADDON = fc.constantFrom(...EXAMPLE.addons);
const SERVICE_VERSION = fc.constantFrom(
  ['ingress-nginx', '1.0.0'],
  ['ingress-nginx', '1.1.0'],
  ['cert-manager', '1.0.0'],
  ['external-dns', '1.0.0'],
);
const PLACE = fc.oneof(
  fc.constantFrom(...EXAMPLE.stages).map((stage): Record<string, string> => ({ stage })),
  fc.constantFrom(...EXAMPLE.envs).map((env): Record<string, string> => ({ env })),
);
const PLAUSIBLE_PAIRS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  EnableAddon: fc
    .tuple(PLACE, INGRESS_ADDON)
    .map(([where, addon]) => ({ kind: 'EnableAddon', service: 'ingress-nginx', addon, ...where })),
  DisableAddon: fc
    .tuple(PLACE, INGRESS_ADDON)
    .map(([where, addon]) => ({ kind: 'DisableAddon', service: 'ingress-nginx', addon, ...where })),
  AddComponentToStage: fc.record(
    {
      kind: fc.constant('AddComponentToStage'),
      stage: fc.constantFrom(...EXAMPLE.stages),
      service: fc.constant(METRICS_SERVER.name),
      version: fc.constant(METRICS_SERVER.version),
      addons: fc.array(fc.constantFrom('ha', 'single', 'verbose'), { maxLength: 3 }), // dupes and conflicts included
      values,
    },
    { requiredKeys: ['kind', 'stage', 'service'] },
  ),
  ReleaseComponentVersion: fc
    .tuple(
      SERVICE_VERSION,
      fc.constantFrom('1.2.0', '2.0.0', '1.3.0-rc.1', '1.0.1'),
      fc.record(
        {
          chartVersion: fc.oneof(fc.constantFrom('4.12.1', 'v1.17.0'), text),
          description: text,
          values,
          addAddons: fc.array(
            fc.record(
              { name: fc.constantFrom('waf', 'ha', 'x'), description: text, values },
              { requiredKeys: ['name'] },
            ),
            { maxLength: 2 },
          ),
          removeAddons: fc.array(fc.constantFrom(...EXAMPLE.addons), { maxLength: 1 }),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([[service, from], v, rest]) => ({ kind: 'ReleaseComponentVersion', service, from, version: v, ...rest })),
  UpgradeComponent: fc
    .tuple(fc.constantFrom(...EXAMPLE.stages), SERVICE_VERSION)
    .map(([stage, [service, v]]) => ({ kind: 'UpgradeComponent', stage, service, version: v })),
  DeprecateComponentVersion: fc
    .tuple(
      SERVICE_VERSION,
      fc.record(
        { sunset: fc.constantFrom('2027-01-01', '2026-01-01', '2026-02-30'), message: text },
        { requiredKeys: [] },
      ),
    )
    .map(([[service, v], rest]) => ({ kind: 'DeprecateComponentVersion', service, version: v, ...rest })),
  PromoteApp: fc
    .tuple(
      fc.constantFrom(...EXAMPLE.apps),
      fc.array(PLACE, { minLength: 1, maxLength: 2 }),
      fc.constantFrom(undefined, '1.2.1', '1.3.0', '1.3.0-rc.1', '2.0.1'),
    )
    .map(([app, to, v]) => ({ kind: 'PromoteApp', app, to, ...(v ? { version: v } : {}) })),
};

/** Requests whose names all fit the example (new where they must be), with hostile free text, values and handles. */
const NEW_NAME = fc.constantFrom(
  ...VALID_NEW_NAMES,
  ...LOOKALIKE_NAMES.filter(
    (n) => !['base', 'envs', 'runtime', 'platter', 'default', 'kube-system', 'flux-system'].includes(n),
  ),
);
const PLAUSIBLE_NEW: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  CreateStage: fc
    .tuple(
      NEW_NAME,
      fc.constantFrom(...EXAMPLE.stages),
      fc.constantFrom(undefined, ...EXAMPLE.stages),
      fc.boolean(),
      fc.constantFrom(undefined, ...EXAMPLE.stages),
    )
    .map(([n, after, promotesFrom, allowPrerelease, copyComponentsFrom]) => ({
      kind: 'CreateStage',
      name: n,
      after,
      ...(promotesFrom ? { promotesFrom } : {}),
      allowPrerelease,
      ...(copyComponentsFrom ? { copyComponentsFrom, config: { domain: `${n}.example.com` } } : {}),
    })),
  OnboardApp: fc
    .tuple(
      NEW_NAME,
      fc.array(PLACE, { minLength: 1, maxLength: 3 }),
      fc.oneof(
        fc.record(
          {
            type: fc.constant('helm'),
            repository: fc.oneof(fc.constant('oci://ghcr.io/example-org/charts'), text),
            chart: fc.oneof(fc.constant('cart'), text),
            values,
          },
          { requiredKeys: ['type', 'repository', 'chart'] },
        ),
        fc.record(
          {
            type: fc.constant('image'),
            image: fc.oneof(fc.constant('ghcr.io/example-org/cart'), text),
            port: fc.constantFrom(8080, 1, 65535),
          },
          { requiredKeys: ['type', 'image'] },
        ),
      ),
      fc.array(fc.tuple(fc.constantFrom(...EXAMPLE.stages, ...EXAMPLE.envs), values), { maxLength: 3 }).map(ownObject),
      fc.constantFrom('1.0.0', '0.1.0', '2.0.0-rc.1'),
    )
    .map(([n, targets, source, vals, v]) => ({
      kind: 'OnboardApp',
      name: n,
      tenant: 'team-a',
      source,
      targets,
      version: v,
      ...(source.type === 'helm' ? { values: vals } : {}),
      dependsOn: ['ingress-nginx'],
    })),
  OnboardTenant: fc
    .tuple(
      NEW_NAME,
      fc.array(PLAUSIBLE_POOLS.handle, { maxLength: 2 }),
      fc.subarray([...EXAMPLE.stages], { minLength: 1 }),
    )
    .map(([n, codeowners, stages]) => ({
      kind: 'OnboardTenant',
      name: n,
      owner: `group:default/${n}`,
      codeowners,
      stages,
    })),
  CreateEnvironment: fc
    .tuple(
      NEW_NAME,
      fc.constantFrom(...EXAMPLE.stages),
      fc
        .array(fc.tuple(fc.constantFrom('color', 'tier', 'A1', '_x', 'constructor'), text), { maxLength: 3 })
        .map(ownObject),
      fc.array(sealed(fc.constantFrom('runtime-external-dns', 'db')), { maxLength: 1 }),
    )
    .map(([n, stage, extra, secrets]) => ({
      kind: 'CreateEnvironment',
      name: n,
      stage,
      ageRecipients: [DEMO_AGE_RECIPIENT],
      config: { cluster_name: n, region: 'eu-west-1', ...extra },
      secrets,
    })),
  AddRuntimeService: fc
    .tuple(
      NEW_NAME,
      fc.constantFrom('0.1.0', '1.0.0', '3.0.0-rc.1'),
      fc.record(
        {
          description: text,
          values,
          chart: fc.record({
            repository: fc.constantFrom('https://charts.example.com', 'oci://ghcr.io/x'),
            name: fc.oneof(fc.constant('x'), text),
            version: fc.oneof(fc.constant('1.0.0'), text),
          }),
          addons: fc.array(
            fc.record(
              { name: fc.constantFrom('ha', 'waf', 'x'), description: text, values },
              { requiredKeys: ['name'] },
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: ['chart'] },
      ),
    )
    .map(([n, v, rest]) => ({ kind: 'AddRuntimeService', name: n, version: v, ...rest })),
  SetSecret: fc
    .tuple(fc.constantFrom(...EXAMPLE.envs), sealed(fc.constantFrom('runtime-external-dns', 'shop-db')), fc.boolean())
    .map(([env, secret, rotate]) => ({ kind: 'SetSecret', env, secret, rotate })),
};

const hostileRequests = requestsFrom(HOSTILE_POOLS, true);
const plausibleRequests = { ...requestsFrom(PLAUSIBLE_POOLS, false), ...PLAUSIBLE_PAIRS };

/**
 * One generator per request kind: hostile everywhere, or plausible names with
 * hostile free text and values (and, for the kinds that create something, names
 * that fit the example exactly). Fields not in `requiredKeys` are sometimes left out.
 */
export const REQUESTS: Record<string, fc.Arbitrary<Record<string, unknown>>> = Object.fromEntries(
  Object.keys(hostileRequests).map((kind) => [
    kind,
    fc.oneof(hostileRequests[kind]!, plausibleRequests[kind]!, ...(PLAUSIBLE_NEW[kind] ? [PLAUSIBLE_NEW[kind]] : [])),
  ]),
);

/** Inputs that are not requests at all, or a kind with fields of any type. */
export const shapeless = fc.oneof(
  fc.anything({
    withNullPrototype: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withBoxedValues: true,
  }),
  fc
    .record({
      kind: fc.constantFrom(...Object.keys(REQUESTS), '__proto__', 'constructor', 'toString', ''),
      x: fc.anything(),
    })
    .chain((base) =>
      fc
        .dictionary(
          fc.constantFrom(
            'name',
            'stage',
            'env',
            'tenant',
            'app',
            'service',
            'addon',
            'version',
            'targets',
            'source',
            'values',
            'set',
            'unset',
            'secret',
            'secrets',
            'stages',
            'codeowners',
            'chart',
            'addons',
            'to',
            'from',
            'target',
          ),
          fc.anything({ withBigInt: true, withNullPrototype: true }),
          { maxKeys: 6 },
        )
        .map((d) => ({ ...d, kind: base.kind })),
    ),
);
