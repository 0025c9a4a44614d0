#!/usr/bin/env node
// `npm run bench` (see tools/bench/README.md): runs the TypeScript benchmark from
// its sources through tsx, like packages/cli/bin/platter.js does.
//   npm run bench                 P1..P9, report under tools/bench/results/
//   npm run bench -- --quick      skip P3's 10,000-env size
//   npm run bench -- --help       every option
require('tsx/cjs');
const { main } = require('./src/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exitCode = 1;
  },
);
