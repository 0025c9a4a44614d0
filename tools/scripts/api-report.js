#!/usr/bin/env node
// The API report of one published package (its `api-report` script; `npm run lint` runs it for
// every package through Nx): what each entry point exports, as @microsoft/api-extractor writes
// it (the engine of Backstage's `repo-tools api-reports`), committed as report.api.md (and
// report-<entry>.api.md for subpath entries such as ./testing or ./alpha) in the package. An
// export added, removed or changed is then a visible diff in review.
//
//   npm run api-report -w <package>              check: fails when a report differs from the code
//   npm run api-report -w <package> -- --update  write the reports
//   npm run api-report                           write the reports of every package
//
// Declarations come from the package's own build config: the core libraries emit dist/*.d.ts
// (tsc -b tsconfig.build.json), the Backstage plugins dist-types/<path>/src/*.d.ts at the
// repository root (tsc -p tsconfig.build.json), as their builds do.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const root = path.resolve(__dirname, '..', '..');
const packageDir = process.cwd();
const update = process.argv.includes('--update') || process.env.PLATTER_API_REPORT === 'update';
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const rel = path.relative(root, packageDir);

// 1. Declarations: this package's, and those of the Platter packages it imports (API Extractor
// reads only .d.ts files; `paths` below points each @platter import at them, and any import
// that is not relative stays an external reference in the report).
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const workspace = new Map(
  [
    'packages/model',
    'packages/render',
    'packages/gitops-repo',
    'packages/cli',
    'plugins/platter-common',
    'plugins/platter-node',
    'plugins/platter-backend',
    'plugins/scaffolder-backend-module-platter',
    'plugins/catalog-backend-module-platter',
    'plugins/platter',
  ].map((d) => [JSON.parse(fs.readFileSync(path.join(root, d, 'package.json'), 'utf8')).name, d]),
);
const declarationsOf = (dir) => {
  const p = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  const plugin = Boolean(p.backstage);
  const built = spawnSync(process.execPath, [tsc, plugin ? '-p' : '-b', 'tsconfig.build.json'], {
    cwd: path.join(root, dir),
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    console.error(`api-report: declarations of ${p.name} did not build`);
    process.exit(1);
  }
  const entries = [['.', 'index']];
  for (const [mount, target] of Object.entries(p.exports ?? {})) {
    if (mount !== '.' && typeof target === 'string' && /\.tsx?$/.test(target))
      entries.push([mount, target.replace(/^\.\/src\//, '').replace(/\.tsx?$/, '')]);
  }
  return entries.map(([mount, entry]) => ({
    specifier: mount === '.' ? p.name : `${p.name}/${mount.slice(2)}`,
    mount,
    dts: plugin
      ? path.join(root, 'dist-types', dir, 'src', `${entry}.d.ts`)
      : path.join(root, dir, 'dist', `${entry}.d.ts`),
  }));
};
const paths = {};
const seen = new Set();
const visit = (name) => {
  if (seen.has(name) || !workspace.has(name)) return;
  seen.add(name);
  const dir = workspace.get(name);
  const p = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(p.dependencies ?? {})) visit(dep);
  if (name !== pkg.name) for (const e of declarationsOf(dir)) paths[e.specifier] = [e.dts];
};
visit(pkg.name);
const entries = declarationsOf(rel);

/**
 * The report with what the TypeScript checker prints in an order of its own made canonical:
 * members of string-literal unions, and the members of each object type (one-line or spanning
 * lines), are sorted. Types inferred from schemas (z.infer) list them in the order the checker met
 * them, which changes with unrelated edits elsewhere in the program; that order is not the API.
 */
function canonical(text) {
  const lines = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.replace(/"[^"]*"(?: \| "[^"]*")+/g, (m) => m.split(' | ').sort().join(' | ')));
  const depth = (l) =>
    (l.match(/[{<(\[]/g) ?? []).length - (l.match(/[}>)\]]/g) ?? []).length + (l.match(/=>/g) ?? []).length;
  const isMember = (l) => /^\s+(readonly )?[\w$]+\??: /.test(l);
  const indent = (l) => /^\s*/.exec(l)[0].length;
  // One member: its first line and, while brackets stay open, the lines after it (canonical in turn).
  const member = (i) => {
    let open = depth(lines[i]);
    let j = i + 1;
    while (open > 0 && j < lines.length) open += depth(lines[j++]);
    return {
      text: [lines[i], ...canon(lines.slice(i + 1, j - 1)), ...(j - 1 > i ? [lines[j - 1]] : [])].join('\n'),
      next: j,
    };
  };
  function canon(block) {
    const saved = lines.splice(0, lines.length, ...block);
    const out = [];
    let run = [];
    const flush = () => {
      out.push(...run.sort());
      run = [];
    };
    for (let i = 0; i < lines.length;) {
      if (isMember(lines[i]) && (run.length === 0 || indent(run[0]) === indent(lines[i]))) {
        const m = member(i);
        run.push(m.text);
        i = m.next;
        continue;
      }
      flush();
      if (isMember(lines[i])) continue;
      out.push(lines[i++]);
    }
    flush();
    lines.splice(0, lines.length, ...saved);
    return out;
  }
  return canon([...lines]).join('\n');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'platter-api-report-'));
let failed = false;
try {
  for (const { mount, dts } of entries) {
    const reportName =
      mount === '.' ? 'report.api.md' : `report-${mount.replace(/^\.\//, '').replace(/\//g, '-')}.api.md`;
    const committed = path.join(packageDir, reportName);
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version }));
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: work,
        mainEntryPointFilePath: dts,
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: 'ES2022',
              module: 'ESNext',
              moduleResolution: 'Bundler',
              lib: ['ES2022', 'DOM'],
              jsx: 'react-jsx',
              skipLibCheck: true,
              strict: true,
              types: ['node', 'jest'],
              typeRoots: [path.join(root, 'node_modules', '@types')],
              baseUrl: root,
              paths,
            },
            include: [dts],
          },
          skipLibCheck: true,
        },
        // Written to the temporary folder; compared with (and, to update, copied over) the committed one below.
        apiReport: {
          enabled: true,
          reportFileName: reportName,
          reportFolder: work,
          reportTempFolder: path.join(work, 'temp'),
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        newlineKind: 'lf',
        messages: {
          compilerMessageReporting: { default: { logLevel: 'warning' } },
          extractorMessageReporting: {
            default: { logLevel: 'none' },
            'ae-wrong-input-file-type': { logLevel: 'error' },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
      configObjectFullPath: path.join(work, 'api-extractor.json'),
      packageJsonFullPath: path.join(work, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: true,
      showVerboseMessages: false,
      messageCallback: (m) => {
        if (
          m.logLevel === 'none' ||
          m.messageId === 'console-api-report-created' ||
          m.messageId === 'console-api-report-copied'
        )
          m.handled = true;
      },
    });
    const fresh = path.join(work, reportName);
    if (result.errorCount > 0 || !fs.existsSync(fresh)) {
      failed = true;
      console.error(`api-report: the report ${path.join(rel, reportName)} could not be made (errors above)`);
      continue;
    }
    const same =
      fs.existsSync(committed) &&
      canonical(fs.readFileSync(committed, 'utf8')) === canonical(fs.readFileSync(fresh, 'utf8'));
    if (same) continue;
    if (update) {
      fs.copyFileSync(fresh, committed);
      console.log(`api-report: updated ${path.join(rel, reportName)}`);
    } else {
      failed = true;
      console.error(
        `api-report: ${path.join(rel, reportName)} ${fs.existsSync(committed) ? 'differs from the exports of' : 'is missing for'} ${pkg.name}${mount === '.' ? '' : `/${mount.slice(2)}`}. ` +
          `If the change is meant: npm run api-report -w ${rel} -- --update, and commit the report.`,
      );
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
