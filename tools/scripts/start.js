#!/usr/bin/env node
// Root `npm start`. Until the Backstage portal exists: (re)create the embedded example
// GitOps repository in .platter-demo/ (gitignored) with the CLI, validate it with the
// kubectl kustomize oracle, and say what to try next. Exits with the validate status.
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const demo = '.platter-demo';
const platter = (...args) => {
  console.log(`\n$ platter ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [path.join(root, 'packages/cli/bin/platter.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.error) console.error(r.error.message);
  return r.status ?? 1;
};

const initStatus = platter('init', demo, '--force');
if (initStatus !== 0) {
  console.error(`\nplatter init failed (exit ${initStatus}).`);
  process.exit(initStatus);
}

const status = platter('validate', demo, '--kustomize');
const next = [
  ['npx platter --help', 'all commands'],
  [`npx platter validate ${demo} --kustomize`, 'check it again after you edit it'],
  [`kubectl kustomize ${demo}/<an env dir>`, 'what Flux would apply'],
  ['npm run test:fast', 'the quick test suite (see docs/development.md)'],
];
console.log(`\nThe example GitOps repository is in ${demo}/. Try next:`);
for (const [cmd, what] of next) console.log(`  ${cmd.padEnd(48)} ${what}`);
process.exit(status);
