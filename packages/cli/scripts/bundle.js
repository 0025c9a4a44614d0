#!/usr/bin/env node
// Bundles the `platter` command for its package: dist/platter.cjs, one minified CommonJS file
// built from the TypeScript sources with everything it imports (the core packages and the
// third-party ones), run by bin/platter.js outside this repository. One file instead of
// hundreds keeps the installed command's start-up short (see tools/bench, "CLI cold start").
// dist/index.js (tsc) stays the package's library entry (`runCli`, `createProgram`).
const path = require('node:path');
const esbuild = require('esbuild');

const pkgDir = path.resolve(__dirname, '..');
esbuild.buildSync({
  absWorkingDir: pkgDir,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/platter.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
