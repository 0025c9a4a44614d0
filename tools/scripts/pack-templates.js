#!/usr/bin/env node
// prepack/postpack helper of @platter/plugin-scaffolder-backend-module-platter: the software
// templates (templates/<name>/template.yaml at the repository root) ship inside the module's
// package, so a Backstage that installs it registers them from node_modules (see the README,
// "Add Platter to your Backstage"). `copy` puts them in <package>/templates, `remove` takes them
// out again after packing. Runs in the package's directory (npm runs pack scripts there), or in
// the package directory given after the mode (tools/install-test packs from a staging copy).
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(__dirname, '..', '..', 'templates');
const target = path.resolve(process.argv[3] ?? process.cwd(), 'templates');
const mode = process.argv[2];

if (mode === 'copy') {
  fs.rmSync(target, { recursive: true, force: true });
  for (const name of fs.readdirSync(source).sort()) {
    const file = path.join(source, name, 'template.yaml');
    if (!fs.existsSync(file)) continue;
    fs.mkdirSync(path.join(target, name), { recursive: true });
    fs.copyFileSync(file, path.join(target, name, 'template.yaml'));
  }
  fs.copyFileSync(path.join(source, 'README.md'), path.join(target, 'README.md'));
} else if (mode === 'remove') {
  fs.rmSync(target, { recursive: true, force: true });
} else {
  console.error('usage: pack-templates.js copy|remove');
  process.exit(2);
}
