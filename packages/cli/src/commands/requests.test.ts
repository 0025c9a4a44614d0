import fs from 'node:fs';
import path from 'node:path';
import { changedFiles, cli, DEMO_RECIPIENT, exampleFleet, readFiles, removeTempDirs } from '../internal/testCli';

// Every mutating command in-process against the example fleet (`platter init`):
// --dry-run writes nothing, a real run writes exactly the files its plan lists,
// --json prints that plan. Some planners of issue 3 are still being written: a
// case that fails with "cannot be planned yet" waits for its planner, not for the CLI.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

interface Case {
  readonly argv: readonly string[];
  readonly stdin?: string;
  /** Files the request must change, as `op path` (a subset: planners may touch more). */
  readonly touches?: readonly string[];
  /**
   * Re-applying plans empty (DESIGN §3), except for fresh encryption (secrets,
   * `differs`); a removal run again says what it removed is gone (`absent`:
   * AlreadyAbsent, exit 1, nothing written).
   */
  readonly reapply?: 'empty' | 'differs' | 'absent';
}

const cases: Record<string, Case> = {
  'env add': {
    argv: [
      'env',
      'add',
      'prod-ap',
      '--stage',
      'prod',
      '--age-recipient',
      DEMO_RECIPIENT,
      '--config',
      'cluster_name=prod-ap',
      '--config',
      'region=ap-southeast-1',
      '--secret',
      'runtime-external-dns',
    ],
    stdin: 'EXTERNAL_DNS_API_TOKEN=prod-ap-token\n',
    touches: [
      'modify platter.yaml',
      'add envs/prod-ap/kustomization.yaml',
      'add envs/prod-ap/secrets/runtime-external-dns.yaml.encrypted',
    ],
  },
  'env remove': {
    argv: ['env', 'remove', 'prod-us'],
    touches: ['modify platter.yaml', 'delete envs/prod-us/kustomization.yaml'],
    reapply: 'absent',
  },
  'tenant add': {
    argv: ['tenant', 'add', 'team-c', '--stage', 'staging', '--codeowner', '@example-org/team-c'],
    touches: ['modify platter.yaml'],
  },
  'tenant remove': {
    argv: ['tenant', 'remove', 'team-b', '--cascade'],
    touches: ['modify platter.yaml'],
    reapply: 'absent',
  },
  'app add': {
    argv: [
      'app',
      'add',
      'cart',
      '--tenant',
      'team-a',
      '--chart',
      'oci://ghcr.io/example-org/charts/cart',
      '--stage',
      'staging',
      '--version',
      '0.1.0',
      '--depends-on',
      'ingress-nginx',
    ],
    touches: ['add apps/cart/base/release.yaml', 'add tenants/team-a/staging/cart.yaml'],
  },
  'app add (image, env-only)': {
    argv: [
      'app',
      'add',
      'ledger',
      '--tenant',
      'team-b',
      '--image',
      'ghcr.io/example-org/ledger',
      '--port',
      '9090',
      '--env',
      'staging-eu',
      '--version',
      '1.0.0',
    ],
    touches: ['add tenants/team-b/envs/staging-eu/ledger.yaml'],
  },
  'app remove': {
    argv: ['app', 'remove', 'billing'],
    touches: ['delete apps/billing/base/kustomization.yaml'],
    reapply: 'absent',
  },
  'addon enable (stage)': {
    argv: ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging'],
    touches: ['modify stages/staging/runtime/ingress-nginx.yaml'],
  },
  'addon enable (env)': {
    argv: ['addon', 'enable', 'ingress-nginx', 'nodeport', '--env', 'prod-eu'],
    touches: ['modify envs/prod-eu/kustomization.yaml'],
  },
  'addon disable': {
    argv: ['addon', 'disable', 'ingress-nginx', 'metrics', '--stage', 'prod'],
    touches: ['modify stages/prod/runtime/ingress-nginx.yaml'],
  },
  'component remove': {
    argv: ['component', 'remove', 'external-dns', '--stage', 'staging'],
    touches: ['delete stages/staging/runtime/external-dns.yaml'],
  },
  promote: {
    argv: ['promote', 'shop', '--to', 'prod', '--version', '1.3.0'],
    touches: ['modify apps/shop/prod/release.yaml'],
  },
  rollback: { argv: ['rollback', 'shop', '1.1.0', '--stage', 'prod'], touches: ['modify apps/shop/prod/release.yaml'] },
  'config set': {
    argv: ['config', 'set', 'region=eu-central-1', 'owner_team=platform', '--env', 'prod-eu'],
    touches: ['modify envs/prod-eu/env-config.yaml'],
  },
  'secret set': {
    argv: ['secret', 'set', 'prod-eu', 'runtime-external-dns', '--rotate'],
    stdin: 'EXTERNAL_DNS_API_TOKEN=rotated-token\n',
    touches: ['modify envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted'],
    reapply: 'differs',
  },
  'menu add': {
    argv: [
      'menu',
      'add',
      'podinfo',
      '--chart',
      'oci://ghcr.io/stefanprodan/charts/podinfo',
      '--chart-version',
      '6.7.0',
      '--description',
      'A demo service',
    ],
    touches: ['add runtime/podinfo/1.0.0/component.yaml'],
  },
  'menu release': {
    argv: ['menu', 'release', 'ingress-nginx', '1.2.0', '--from', '1.1.0', '--chart-version', '4.12.1'],
    touches: ['add runtime/ingress-nginx/1.2.0/component.yaml'],
  },
  'menu deprecate': {
    argv: ['menu', 'deprecate', 'ingress-nginx', '1.0.0', '--sunset', '2099-12-31', '--message', 'move to 1.1.0'],
    touches: ['modify runtime/ingress-nginx/1.0.0/component.yaml'],
  },
  'menu upgrade': {
    argv: ['menu', 'upgrade', 'ingress-nginx', '1.1.0', '--stage', 'prod'],
    touches: ['modify stages/prod/runtime/ingress-nginx.yaml'],
  },
  'apply -f (YAML file)': {
    argv: ['apply', '-f', '@request.yaml'],
    touches: ['modify stages/staging/runtime/ingress-nginx.yaml'],
  },
  'apply -f - (JSON on stdin)': {
    argv: ['apply', '-f', '-'],
    stdin: JSON.stringify({ kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' }),
    touches: ['modify stages/staging/runtime/ingress-nginx.yaml'],
  },
};

const REQUEST_YAML =
  '# enable metrics in staging\nkind: EnableAddon\nservice: ingress-nginx\naddon: metrics\nstage: staging\n';

/** The repository and argv of a case: `@request.yaml` is a request file written next to the repository. */
async function setUp(c: Case): Promise<{ dir: string; argv: string[] }> {
  const dir = await exampleFleet();
  const file = path.join(path.dirname(dir), 'request.yaml');
  fs.writeFileSync(file, REQUEST_YAML);
  return { dir, argv: c.argv.map((a) => (a === '@request.yaml' ? file : a)) };
}

describe.each(Object.entries(cases))('%s', (_name, c) => {
  it('--dry-run prints the diff and the review path and writes nothing; a real run writes exactly the planned files', async () => {
    const { dir, argv } = await setUp(c);
    const before = readFiles(dir);

    const dry = await cli([...argv, '-C', dir, '--dry-run', '--json'], c.stdin !== undefined ? { stdin: c.stdin } : {});
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    const planned = dry.json();
    expect(readFiles(dir)).toEqual(before);
    expect(planned.result).toEqual({ outcome: 'planned' });
    const plannedChanges: string[] = planned.changes.map((ch: { op: string; path: string }) => `${ch.op} ${ch.path}`);
    expect(plannedChanges).toEqual(expect.arrayContaining([...(c.touches ?? [])]));

    const text = await cli([...argv, '-C', dir, '--dry-run'], c.stdin !== undefined ? { stdin: c.stdin } : {});
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Review: (direct|platform-review)/m);
    expect(text.out).toContain('dry run: nothing written');
    expect(readFiles(dir)).toEqual(before);

    const real = await cli([...argv, '-C', dir], c.stdin !== undefined ? { stdin: c.stdin } : {});
    expect(real.err).toBe('');
    expect(real.code).toBe(0);
    const written = changedFiles(before, readFiles(dir));
    expect(written).toEqual(plannedChanges);
    // Encryption is randomized: a secret is the same file, not the same bytes.
    if (c.stdin === undefined || c.argv[0] === 'apply') {
      const after = readFiles(dir);
      for (const ch of planned.changes) expect(after.get(ch.path)).toBe(ch.op === 'delete' ? undefined : ch.after);
    }
    for (const ch of planned.changes) expect(real.out).toContain(ch.path);
    expect(real.out).toMatch(/^Next: /m);

    // Re-applied, a request plans empty and writes nothing (DESIGN §3); removing what is gone says so (exit 1, issue 22 item 9).
    if (c.reapply !== 'differs') {
      const again = await cli([...argv, '-C', dir], c.stdin !== undefined ? { stdin: c.stdin } : {});
      const afterAgain = readFiles(dir);
      if (c.reapply === 'absent') {
        expect(again.code).toBe(1);
        expect(again.err).toMatch(/^AlreadyAbsent /);
      } else {
        expect(again.code).toBe(0);
        expect(again.out).toContain('nothing to change');
      }
      expect(changedFiles(afterAgain, readFiles(dir))).toEqual([]);
    }
  });
});

describe('output', () => {
  it('--json prints the plan with what was done', async () => {
    const dir = await exampleFleet();
    const r = await cli(['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', '-C', dir, '--json']);
    expect(r.code).toBe(0);
    const p = r.json();
    expect(Object.keys(p).sort()).toEqual(
      [
        'affected',
        'changes',
        'diagnostics',
        'diff',
        'needsSecrets',
        'renderedDiff',
        'request',
        'requestHash',
        'result',
        'review',
        'title',
      ]
        .concat(p.baseCommit ? ['baseCommit'] : [])
        .sort(),
    );
    expect(p.request).toEqual({ kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' });
    expect(p.changes).toEqual([
      expect.objectContaining({ op: 'modify', path: 'stages/staging/runtime/ingress-nginx.yaml' }),
    ]);
    expect(p.affected).toEqual({ stages: ['staging'], environments: ['staging-eu'] });
    expect(p.result).toEqual({ outcome: 'written' });
  });

  it('--dry-run colors the diff: added lines green, removed lines red', async () => {
    const dir = await exampleFleet();
    const r = await cli(['addon', 'disable', 'ingress-nginx', 'metrics', '--stage', 'prod', dir, '--dry-run'], {
      color: true,
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('\x1b[31m-    - ../metrics\x1b[39m');
    const add = await cli(['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', dir, '--dry-run'], {
      color: true,
    });
    expect(add.out).toContain('\x1b[32m+    - ../metrics\x1b[39m');
  });

  it('plan -f shows the plan and never writes', async () => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli(['plan', '-f', '-', dir], { stdin: REQUEST_YAML });
    expect(r.code).toBe(0);
    expect(r.out).toContain('+    - ../metrics');
    expect(r.out).toContain('dry run: nothing written');
    expect(readFiles(dir)).toEqual(before);
  });

  it('says where a change lands and what to do next', async () => {
    const dir = await exampleFleet();
    const r = await cli(['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', dir]);
    expect(r.out).toContain('Enable ingress-nginx addon metrics for stage staging');
    expect(r.out).toContain('~ modify stages/staging/runtime/ingress-nginx.yaml');
    expect(r.out).toContain('Affects: stage staging; env staging-eu');
    expect(r.out).toContain('Review: direct');
    expect(r.out).toMatch(/Next: check it: platter validate \S+ --kustomize/);
  });
});

describe('--as <tenant>', () => {
  const cart = [
    'app',
    'add',
    'cart',
    '--tenant',
    'team-a',
    '--chart',
    'oci://ghcr.io/example-org/charts/cart',
    '--stage',
    'staging',
    '--version',
    '0.1.0',
  ];
  it.each([
    ['its own app', 'direct', cart, 'team-a'],
    [
      'a platform path',
      'platform-review',
      ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging'],
      'team-a',
    ],
    [
      'as the platform team',
      'direct',
      ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging'],
      undefined,
    ],
  ])('%s -> %s', async (_name, review, argv, tenant) => {
    const dir = await exampleFleet();
    const r = await cli([...argv, dir, '--dry-run', '--json', ...(tenant ? ['--as', tenant] : [])]);
    expect(r.code).toBe(0);
    expect(r.json().review).toBe(review);
    const text = await cli([...argv, dir, '--dry-run', ...(tenant ? ['--as', tenant] : [])]);
    expect(text.out).toContain(`Review: ${review}`);
  });
});

describe('rejections', () => {
  // A rejected request exits 1, prints `CODE path: message` lines on stderr and writes nothing.
  it.each([
    ['unknown addon', 'UnknownAddon', ['addon', 'enable', 'ingress-nginx', 'nope', '--stage', 'staging']],
    [
      'unknown tenant',
      'UnknownTenant',
      [
        'app',
        'add',
        'cart',
        '--tenant',
        'team-z',
        '--chart',
        'oci://ghcr.io/o/charts/cart',
        '--stage',
        'staging',
        '--version',
        '0.1.0',
      ],
    ],
    [
      'another tenant’s app',
      'Forbidden',
      [
        'app',
        'add',
        'cart',
        '--tenant',
        'team-a',
        '--chart',
        'oci://ghcr.io/o/charts/cart',
        '--stage',
        'staging',
        '--version',
        '0.1.0',
        '--as',
        'team-b',
      ],
    ],
    [
      'invalid name',
      'InvalidName',
      [
        'app',
        'add',
        'Cart',
        '--tenant',
        'team-a',
        '--chart',
        'oci://ghcr.io/o/charts/cart',
        '--stage',
        'staging',
        '--version',
        '0.1.0',
      ],
    ],
    [
      'prerelease into prod',
      'PrereleaseNotAllowed',
      [
        'app',
        'add',
        'cart',
        '--tenant',
        'team-a',
        '--chart',
        'oci://ghcr.io/o/charts/cart',
        '--stage',
        'prod',
        '--version',
        '0.1.0-rc.1',
      ],
    ],
    ['neither stage nor env', 'UnknownStage', ['promote', 'shop', '--to', 'qa']],
    ['version in use', 'ComponentVersionInUse', ['menu', 'remove', 'ingress-nginx', '1.0.0']],
    ['malformed request file', 'InvalidRequest', ['apply', '-f', '-']],
  ])('%s -> %s', async (_name, code, argv) => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli([...argv, '-C', dir], { stdin: 'kind: EnableAddon\nservice: ingress-nginx\n' });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^(warning )?[A-Z][A-Za-z]+( \S+)?: \S/);
    expect(lines.map((l) => l.split(/[ :]/)[0])).toContain(code);
    expect(readFiles(dir)).toEqual(before);
  });

  it('--json also prints the error as JSON', async () => {
    const dir = await exampleFleet();
    const r = await cli(['addon', 'enable', 'ingress-nginx', 'nope', '--stage', 'staging', dir, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().error).toEqual(expect.objectContaining({ code: 'UnknownAddon' }));
  });
});

describe('usage errors exit 2 and write nothing', () => {
  it.each([
    ['no stage or env', ['addon', 'enable', 'ingress-nginx', 'metrics']],
    ['both stage and env', ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', '--env', 'prod-eu']],
    [
      'app without target',
      ['app', 'add', 'cart', '--tenant', 'team-a', '--chart', 'oci://ghcr.io/o/charts/cart', '--version', '1.0.0'],
    ],
    ['app without source', ['app', 'add', 'cart', '--tenant', 'team-a', '--stage', 'staging', '--version', '1.0.0']],
    [
      'chart without repository',
      ['app', 'add', 'cart', '--tenant', 'team-a', '--chart', 'cart', '--stage', 'staging', '--version', '1.0.0'],
    ],
    ['missing required option', ['app', 'add', 'cart', '--tenant', 'team-a', '--stage', 'staging']],
    ['apply without -f', ['apply']],
    ['missing request file', ['apply', '-f', 'no-such-request.yaml']],
    ['--branch without --push', ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', '--branch']],
    [
      '--commit with --push',
      ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', '--commit', '--push'],
    ],
    ['--commit outside git', ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', '--commit']],
    ['config without =', ['config', 'set', 'region', '--env', 'prod-eu']],
    ['unknown command', ['frobnicate']],
    ['unknown option', ['tenant', 'add', 'team-c', '--stage', 'staging', '--colour']],
  ])('%s', async (_name, argv) => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli([...argv, '-C', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).not.toBe('');
    expect(readFiles(dir)).toEqual(before);
  });

  it('a directory without platter.yaml', async () => {
    const dir = await exampleFleet();
    const r = await cli(['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging', path.dirname(dir)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not a Platter repository');
  });
});
