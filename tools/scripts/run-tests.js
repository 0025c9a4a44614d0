#!/usr/bin/env node
// Root `npm test` / `npm run test:fast`.
//
// Runs `nx run-many -t test` over every project (Nx cache on), then prints ONE closing
// line `N passed, N failed` summed over all projects' Jest tests. CI reads only that line.
//
// The counts come from <projectRoot>/.jest-results.json, written by the Jest reporter in
// tools/jest/results-reporter.js (wired up in jest.preset.js). nx.json declares that file
// as the `test` target's output, so a project replayed from the Nx cache gets its file
// restored and is counted like one that ran. Files are deleted before the run, so a stale
// file can never be counted: a project that ends up without one counts as 1 failure.
//
// Before anything runs, tools/scripts/preflight.js checks the machine (kubectl, age, Chromium,
// PostgreSQL server binaries) and stops with one message if something is missing.
//
// Usage: node tools/scripts/run-tests.js [--fast] [other nx run-many flags, e.g. --skip-nx-cache]
//   --fast  PLATTER_TEST_SLOW=0: skip *.slow.test.ts (part of the Nx cache key).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const RESULTS_FILE = '.jest-results.json';
const root = path.resolve(__dirname, '..', '..');

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const nxArgs = args.filter((a) => a !== '--fast');
const narrowing = nxArgs.find((a) => /^(--projects|-p|--exclude)(=|$)/.test(a));
if (narrowing) {
  console.error(`run-tests: ${narrowing} is not supported here (the summary covers every project).`);
  console.error('To test one project: npx nx test <project>   (e.g. npx nx test @platter/model)');
  process.exit(2);
}

// 0. Prerequisites first: one message listing what is missing, never thirty stack traces.
const { findMissing, formatMissing } = require('./preflight');
const missing = findMissing({ fast });
if (missing.length) {
  console.log(formatMissing(missing));
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const env = {
  ...process.env,
  CI: 'true',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: '0',
  // Always set explicitly, so a value left in the caller's shell cannot change the suite.
  PLATTER_TEST_SLOW: fast ? '0' : '1',
};
const nxBin = require.resolve('nx/bin/nx.js', { paths: [root] });
const nx = (nxArguments, options = {}) =>
  spawnSync(process.execPath, [nxBin, ...nxArguments], { cwd: root, env, stdio: 'inherit', ...options });

// 1. Every project with a test target, and its root.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platter-tests-'));
const graphFile = path.join(tmp, 'graph.json');
const graphRun = nx(['graph', `--file=${graphFile}`], { stdio: ['ignore', 'ignore', 'inherit'] });
if (graphRun.status !== 0 || !fs.existsSync(graphFile)) {
  console.log('run-tests: `nx graph` failed, cannot list the projects.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const nodes = JSON.parse(fs.readFileSync(graphFile, 'utf8')).graph.nodes;
fs.rmSync(tmp, { recursive: true, force: true });
const projects = Object.values(nodes)
  .filter((n) => n.data.targets && n.data.targets.test)
  .map((n) => ({ name: n.name, file: path.join(root, n.data.root, RESULTS_FILE) }))
  .sort((a, b) => a.name.localeCompare(b.name));

// 2. No stale results: whatever is there afterwards was written or restored by this run.
for (const p of projects) fs.rmSync(p.file, { force: true });

console.log(`Testing ${projects.length} project(s)${fast ? ' (fast: *.slow.test.ts skipped)' : ''}`);
const run = nx(['run-many', '-t', 'test', '--output-style=static', ...nxArgs]);

// 3. Sum.
let passed = 0;
let failed = 0;
const notes = [];
for (const p of projects) {
  let r;
  try {
    r = JSON.parse(fs.readFileSync(p.file, 'utf8'));
  } catch {
    r = null;
  }
  if (!r || typeof r.passed !== 'number' || typeof r.failed !== 'number') {
    failed += 1;
    notes.push(
      `${p.name}: no ${RESULTS_FILE} (Jest did not finish, or its config does not extend jest.preset.js) - counted as 1 failure`,
    );
    continue;
  }
  passed += r.passed;
  failed += r.failed;
  if (r.failed > 0)
    notes.push(`${p.name}: ${r.failed} failed${r.failedSuites?.length ? ` in ${r.failedSuites.join(', ')}` : ''}`);
}
if (run.status !== 0 && failed === 0) {
  failed = 1;
  notes.push(`nx run-many exited with ${run.status ?? run.signal} although no test failed - counted as 1 failure`);
}

console.log('');
for (const n of notes) console.log(`run-tests: ${n}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || run.status !== 0 ? 1 : 0;
