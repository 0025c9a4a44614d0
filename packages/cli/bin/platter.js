#!/usr/bin/env node
// Runs the CLI from its TypeScript sources (this is a monorepo tool, never a stale build).
require('tsx/cjs');
const { runCli } = require('../src/main.ts');
runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
