// Shared Jest settings for every project: TypeScript through SWC, ESM-only
// dependencies (age-encryption, sops-age, @noble/*, @scure/*, Octokit v22 and its
// ESM-only helpers) transformed to CJS because Jest's module system cannot load ESM
// from CommonJS tests (Node >= 20.19 can, outside Jest: require(esm)).
const path = require('path');

const esmOnly = [
  'age-encryption',
  'sops-age',
  '@noble',
  '@scure',
  '@octokit',
  'universal-user-agent',
  'before-after-hook',
  'content-type',
  'json-with-bigint',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      require.resolve('@swc/jest'),
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          target: 'es2022',
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx'],
  // Slow tests (real kubectl kustomize over many trees, real git remotes) are named
  // *.slow.test.ts; the fast suite skips them, CI runs everything.
  testPathIgnorePatterns: process.env.PLATTER_TEST_SLOW === '0' ? ['\\.slow\\.test\\.tsx?$'] : [],
  // A minute per test and hook: a slow test (real git remotes, kubectl, Backstage backends, Chromium) sets up
  // real parts in its hooks, which on a loaded machine takes longer than Jest's default 5 s, and that is no
  // failure of what it tests (no test asserts on timing). A project that sets its own testTimeout after
  // spreading the preset (the portal's end-to-end tests: minutes) keeps it; a file can still set its own.
  testTimeout: 60_000,
  // Packages that have no tests yet (or only slow ones, in the fast suite) pass.
  passWithNoTests: true,
  // Besides the usual console output, every run writes <project>/.jest-results.json
  // (passed/failed counts); it is the Nx cache output of `test` and what
  // tools/scripts/run-tests.js sums into the closing `N passed, N failed` line.
  reporters: ['default', path.join(__dirname, 'tools/jest/results-reporter.js')],
};
