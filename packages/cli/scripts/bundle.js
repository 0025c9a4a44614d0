#!/usr/bin/env node
// Bundles the `platter` command for its package: dist/platter.cjs, one minified CommonJS file
// built from the TypeScript sources with everything it imports (the core packages and the
// third-party ones), run by bin/platter.js outside this repository. One file instead of
// hundreds keeps the installed command's start-up short (see tools/bench, "CLI cold start").
// dist/index.js (tsc) stays the package's library entry (`runCli`, `createProgram`).
//
// The core libraries load when a command first uses them, not at start-up: `platter --help`
// and a mistyped command only register commands (issue 15). Each import of one of LAZY
// resolves to a small module whose exports are getters that require the library on first
// read; esbuild keeps the library itself in a lazy wrapper because only that module
// require()s it. The export names are read from the libraries' entry points (a first esbuild
// pass), so `import { x }` of a name that does not exist still fails the build.
const path = require('node:path');
const esbuild = require('esbuild');

const pkgDir = path.resolve(__dirname, '..');
/** Libraries whose evaluation waits for their first use. */
const LAZY = ['@platter/render', '@platter/gitops-repo'];
const REAL = 'platter-real:';

/** The export names of each lazy library's entry point. */
function exportNames() {
  const names = {};
  for (const lib of LAZY) {
    const entry = require.resolve(lib, { paths: [pkgDir] });
    const out = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      metafile: true,
      logLevel: 'silent',
      packages: 'external',
    });
    names[lib] = Object.values(out.metafile.outputs)[0].exports.filter((n) => n !== 'default');
  }
  return names;
}

/** esbuild plugin: `@platter/render` etc. become modules of getters that require the library when first read. */
function lazyLibraries(names) {
  const filter = new RegExp(`^(${LAZY.map((l) => l.replace(/[/]/g, '\\/')).join('|')})$`);
  return {
    name: 'lazy-libraries',
    setup(build) {
      build.onResolve({ filter }, (args) =>
        args.pluginData?.real ? undefined : { path: args.path, namespace: 'lazy-library' },
      );
      build.onResolve({ filter: new RegExp(`^${REAL}`) }, (args) =>
        build.resolve(args.path.slice(REAL.length), {
          kind: 'require-call',
          resolveDir: pkgDir,
          pluginData: { real: true },
        }),
      );
      build.onLoad({ filter: /.*/, namespace: 'lazy-library' }, (args) => ({
        resolveDir: pkgDir,
        loader: 'js',
        contents: [
          `let lib;`,
          `const load = () => (lib ??= require(${JSON.stringify(REAL + args.path)}));`,
          `const names = ${JSON.stringify(names[args.path])};`,
          `Object.defineProperty(exports, '__esModule', { value: true });`,
          `for (const name of names) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
        ].join('\n'),
      }));
    },
  };
}

esbuild
  .build({
    absWorkingDir: pkgDir,
    entryPoints: ['src/main.ts'],
    outfile: process.env.PLATTER_BUNDLE_OUT || 'dist/platter.cjs', // PLATTER_BUNDLE_OUT: a trial build elsewhere
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true,
    legalComments: 'linked',
    logLevel: 'warning',
    plugins: [lazyLibraries(exportNames())],
  })
  .catch(() => process.exit(1));
