// What `npm test` needs on the machine besides Node and npm, checked before any test runs
// (tools/scripts/run-tests.js). Nothing is installed here: a missing tool stops the run at once
// with ONE message that lists everything missing and the command that installs it (.ci/run
// installs the apt packages itself, as root, before it calls `npm test`). The README's
// "Quick start" lists the same prerequisites.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const KUBECTL_HELP =
  'kubectl v1.27+ (kustomize is built in; Debian does not package it), e.g.\n' +
  '      curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl && chmod +x /usr/local/bin/kubectl\n' +
  '    or from https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/';

/** True when `cmd args` runs and exits 0. */
function runs(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
  return !r.error && r.status === 0;
}

function kustomizeWorks() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platter-preflight-'));
  try {
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: preflight\n');
    return runs('kubectl', ['kustomize', dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The directory with initdb and pg_ctl, as packages/backend/src/testing/postgres.ts looks for it. */
function postgresBinDir() {
  if (process.env.PLATTER_PG_BINDIR) return process.env.PLATTER_PG_BINDIR;
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const majors = fs
    .readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  return majors.map((v) => path.join(base, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'initdb')));
}

/**
 * Returns the missing prerequisites as { what, why, apt?, help? }; `fast` (npm run test:fast)
 * needs only what the fast tests use.
 */
function findMissing({ fast }) {
  const missing = [];
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    missing.push({
      what: `Node.js 20.19+ (this is ${process.version})`,
      why: 'every package',
      help: 'https://nodejs.org/en/download',
    });
  }
  if (!runs('git', ['--version']))
    missing.push({ what: 'git', why: 'the git tests, the CLI, the backends', apt: 'git' });
  if (!runs('age-keygen', ['--version']) || !runs('age', ['--version'])) {
    missing.push({ what: 'age (age, age-keygen)', why: 'the SOPS/age secret tests', apt: 'age' });
  }
  if (fast) return missing;
  if (!runs('kubectl', ['version', '--client']))
    missing.push({ what: 'kubectl', why: 'real kustomize builds (the oracle)', help: KUBECTL_HELP });
  else if (!kustomizeWorks())
    missing.push({
      what: 'a kubectl whose `kubectl kustomize` works',
      why: 'real kustomize builds (the oracle)',
      help: KUBECTL_HELP,
    });
  const chromium = process.env.PLATTER_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium))
    missing.push({
      what: `Chromium (${chromium}; PLATTER_CHROMIUM overrides)`,
      why: "the portal's end-to-end test",
      apt: 'chromium',
    });
  const pg = postgresBinDir();
  if (!pg || !fs.existsSync(path.join(pg, 'initdb')) || !fs.existsSync(path.join(pg, 'pg_ctl'))) {
    missing.push({
      what: 'PostgreSQL server binaries (initdb, pg_ctl; PLATTER_PG_BINDIR overrides)',
      why: 'the scale-out and install tests',
      apt: 'postgresql',
    });
  }
  return missing;
}

/** The one message for `missing` (empty string when nothing is missing). */
function formatMissing(missing) {
  if (missing.length === 0) return '';
  const lines = ['run-tests: cannot run the tests, this machine lacks:'];
  for (const m of missing) lines.push(`  - ${m.what}: ${m.why}`);
  const apt = missing.filter((m) => m.apt).map((m) => m.apt);
  if (apt.length) {
    const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
    lines.push(
      'Install with (Debian/Ubuntu):',
      `    ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${apt.join(' ')}`,
    );
  }
  for (const m of missing.filter((x) => x.help)) lines.push(`Install ${m.what.split(' (')[0]}: ${m.help}`);
  lines.push('(.ci/run installs the apt packages itself before it runs `npm test`.)');
  return lines.join('\n');
}

module.exports = { findMissing, formatMissing };
