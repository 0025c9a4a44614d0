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
let saveCache = () => undefined;
if (existsSync(sources)) {
  require('tsx/cjs');
  main = require(sources);
} else {
  ({ main, saveCache } = loadBundle(join(__dirname, '..', 'dist', 'platter.cjs')));
}
main.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  saveCache();
});

/**
 * Loads the bundle with a V8 code cache, what Node 22's module.enableCompileCache does and
 * Node 20 lacks: most of a short run's time is V8 parsing the bundle (issue 15, bench P6).
 * The cache holds the code compiled by the first run, so the next start skips parsing it.
 * It lives beside the bundle when that is writable, else in a directory of the user's own in the
 * OS temp directory (one only they can write to), keyed by the bundle's size and time and the
 * Node version, and is rewritten when V8 rejects it.
 * Any failure with the cache falls back to a plain require.
 */
function loadBundle(file) {
  const fs = require('node:fs');
  const Module = require('node:module');
  const path = require('node:path');
  try {
    const vm = require('node:vm');
    const stat = fs.statSync(file);
    const key = `platter-${stat.size}-${Math.floor(stat.mtimeMs)}-${process.version}.v8cache`;
    const dirs = [
      path.dirname(file),
      path.join(require('node:os').tmpdir(), `platter-cli-${process.getuid?.() ?? 'u'}`),
    ];
    // Compiled code is code: read a cache only from a directory that is ours and that nobody else can write to.
    const safe = (dir) => {
      const s = fs.statSync(dir, { throwIfNoEntry: false });
      return !!s && (process.getuid === undefined || s.uid === process.getuid()) && (s.mode & 0o022) === 0;
    };
    const cached = dirs.map((d) => path.join(d, key)).find((f) => fs.existsSync(f) && safe(path.dirname(f)));
    const data = cached ? fs.readFileSync(cached) : undefined;
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: data });
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    const require_ = (id) => mod.require(id);
    script.runInThisContext().call(mod.exports, mod.exports, require_, mod, file, path.dirname(file));
    mod.loaded = true;
    const saveCache = () => {
      if (data && !script.cachedDataRejected) return;
      const bytes = script.createCachedData();
      for (const dir of dirs) {
        try {
          fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
          if (!safe(dir)) continue;
          const tmp = path.join(dir, `${key}.${process.pid}`);
          fs.writeFileSync(tmp, bytes);
          fs.renameSync(tmp, path.join(dir, key));
          return;
        } catch {
          // Not writable (a global install owned by root): the next directory.
        }
      }
    };
    return { main: mod.exports, saveCache };
  } catch {
    return { main: require(file), saveCache: () => undefined };
  }
}
