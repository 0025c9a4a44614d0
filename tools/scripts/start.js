#!/usr/bin/env node
// Root `npm start`: the Platter portal on its embedded demo GitOps repository.
//
// On first run it creates the demo repository with `platter init` — a bare git
// repository in .platter-demo/fleet.git (gitignored), the remote the catalog
// provider reads and `platter:publish` pushes to — then starts the Backstage
// backend (http://localhost:7007) and frontend (http://localhost:3000).
// No external service is needed. PLATTER_DEMO_USER=ops signs you in as the
// platform team instead of Jane of team-a; `--reset` recreates the demo repo.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
// PLATTER_DEMO_DIR puts the demo repository elsewhere (the end-to-end test uses a temp dir).
const demo = path.resolve(process.env.PLATTER_DEMO_DIR || path.join(root, '.platter-demo'));
const remote = path.join(demo, 'fleet.git');
const reset = process.argv.includes('--reset');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

function createDemoRepository() {
  fs.rmSync(demo, { recursive: true, force: true });
  const seed = path.join(demo, 'seed');
  console.log(`Creating the demo GitOps repository in ${path.relative(root, remote)} (platter init)...`);
  run(process.execPath, [path.join(root, 'packages/cli/bin/platter.js'), 'init', seed], root);
  const git = (...args) => run('git', ['-c', 'user.name=Platter', '-c', 'user.email=platter@localhost', ...args], seed);
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '--no-verify', '-m', 'platter init: the example fleet');
  run('git', ['clone', '--quiet', '--bare', seed, remote], demo);
  fs.rmSync(seed, { recursive: true, force: true });
}

if (reset || !fs.existsSync(path.join(remote, 'HEAD'))) createDemoRepository();
fs.mkdirSync(path.join(demo, 'db'), { recursive: true });

const env = {
  ...process.env,
  PLATTER_REPOSITORY_URL: remote,
  // The backend's SQLite files (app-config.yaml backend.database): beside the repository, reset with it.
  PLATTER_DEMO_DB_DIR: path.join(demo, 'db'),
  PLATTER_DEMO_USER: process.env.PLATTER_DEMO_USER || 'jane',
  NODE_OPTIONS: process.env.NODE_OPTIONS || '--max-old-space-size=4096',
};
const config = ['--config', path.join(root, 'app-config.yaml')];
const cli = path.join(root, 'node_modules', '.bin', 'backstage-cli');
const children = [
  spawn(cli, ['package', 'start', ...config], { cwd: path.join(root, 'packages/backend'), env, stdio: 'inherit' }),
  spawn(cli, ['package', 'start', ...config], { cwd: path.join(root, 'packages/app'), env, stdio: 'inherit' }),
];
console.log(`\nStarting the Platter portal (signed in as ${env.PLATTER_DEMO_USER}) on ${path.relative(root, remote)}:`);
console.log('  frontend  http://localhost:3000   (first build takes a minute or two)');
console.log('  backend   http://localhost:7007\n');

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
for (const c of children) c.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
