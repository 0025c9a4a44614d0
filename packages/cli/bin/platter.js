#!/usr/bin/env node
// The `platter` command.
// Installed from its package, it runs dist/platter.cjs: the command bundled into one JavaScript
// file (plain Node 20.19+: no TypeScript, no tsx). Inside the Platter repository, where src/ is
// present, it runs the TypeScript sources through tsx (a development dependency), so a workspace
// run never uses a stale build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const sources = join(__dirname, '..', 'src', 'main.ts');
let main;
if (existsSync(sources)) {
  require('tsx/cjs');
  main = require(sources);
} else {
  main = require('../dist/platter.cjs');
}
main.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
