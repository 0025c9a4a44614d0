import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * TEST-ONLY: builds Platter's publishable packages and packs them into tarballs, as a release
 * would. Each package is built with its own `build` script (tsc for the core libraries, tsc +
 * `backstage-cli package build` for the plugins, the esbuild bundle for the CLI), then packed
 * through Backstage's own prepack (`productionPack`, what `backstage-cli package prepack` runs:
 * publishConfig applied, entry points rewritten to dist/, the config schema compiled) into a
 * staging directory, and `npm pack`ed from there. Staging keeps the workspace's package.json
 * files untouched while other test projects run from the sources they point at.
 */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const run = promisify(execFile);

/** The publishable packages, dependencies first (the order they build in). */
export const PUBLISHABLE = [
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
] as const;

export type PackageDir = (typeof PUBLISHABLE)[number];

export interface Packed {
  readonly dir: PackageDir;
  readonly name: string;
  readonly version: string;
  /** Absolute path of the .tgz. */
  readonly tarball: string;
}

/** Runs a command; rejects with its output when it fails. */
export async function sh(
  cmd: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<string> {
  try {
    const { stdout, stderr } = await run(cmd, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      maxBuffer: 256 * 1024 * 1024,
      timeout: options.timeoutMs ?? 10 * 60_000,
    });
    return stdout + stderr;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${options.cwd}) failed: ${err.message}\n${String(err.stdout ?? '').slice(-4000)}\n${String(err.stderr ?? '').slice(-4000)}`,
    );
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Builds every publishable package with the tools and configs of its `build` script, in the order a
 * Backstage repository builds (`tsc` once, then `backstage-cli package build` per package): the core
 * libraries and the CLI with `tsc -b` (packages/cli/tsconfig.build.json references the others), the
 * CLI's bundle, the plugins' declarations in one repository-wide declaration-only tsc over the root
 * tsconfig.json (one program instead of one per plugin), then each plugin's `backstage-cli package
 * build`, one at a time (they are CPU-heavy).
 */
export async function buildAll(): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO_ROOT] });
  const node = (args: string[], cwd = REPO_ROOT) => sh(process.execPath, args, { cwd });
  await node([tsc, '-b', 'packages/cli/tsconfig.build.json']);
  await node(['packages/cli/scripts/bundle.js']);
  await node([
    tsc,
    '-p',
    'tsconfig.json',
    '--noEmit',
    'false',
    '--declaration',
    '--emitDeclarationOnly',
    '--sourceMap',
    'false',
    '--rootDir',
    '.',
    '--outDir',
    'dist-types',
  ]);
  const backstageCli = require.resolve('@backstage/cli/bin/backstage-cli', { paths: [REPO_ROOT] });
  for (const dir of PUBLISHABLE.filter((d) => d.startsWith('plugins/')))
    await node([backstageCli, 'package', 'build'], join(REPO_ROOT, dir));
}

/** Packs every publishable package into `outDir` (staged under `stagingDir`). */
export async function packAll(stagingDir: string, outDir: string): Promise<Packed[]> {
  // Backstage's prepack, in-process: the same function `backstage-cli package prepack` calls, in
  // its targetDir mode. It resolves the repository root (tsconfig.json) from the working directory.
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    const base = require.resolve('@backstage/cli-module-build/package.json', { paths: [REPO_ROOT] });
    // Internal modules of @backstage/cli-module-build (pinned with @backstage/cli), loaded by path.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const packager = require(join(base, '..', 'dist/lib/packager/productionPack.cjs.js'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const typeDist = require(join(base, '..', 'dist/lib/typeDistProject.cjs.js'));
    const featureDetectionProject = await typeDist.createTypeDistProject();
    mkdirSync(outDir, { recursive: true });
    const packed: Packed[] = [];
    for (const dir of PUBLISHABLE) {
      const packageDir = join(REPO_ROOT, dir);
      const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
      if (pkg.private) throw new Error(`${dir} is private: it cannot be published`);
      const targetDir = join(stagingDir, dir.replace('/', '-'));
      await packager.productionPack({ packageDir, targetDir, featureDetectionProject });
      // What the scaffolder module's prepack adds: the software templates (tools/scripts/pack-templates.js).
      if (pkg.files?.includes('templates'))
        await sh(process.execPath, [join(REPO_ROOT, 'tools/scripts/pack-templates.js'), 'copy', targetDir], {
          cwd: REPO_ROOT,
        });
      const before = new Set(readdirSync(outDir));
      await sh(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', outDir], { cwd: targetDir });
      const tarball = readdirSync(outDir).find((f) => !before.has(f) && f.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack of ${dir} wrote no tarball`);
      packed.push({ dir, name: pkg.name, version: pkg.version, tarball: join(outDir, tarball) });
    }
    return packed;
  } finally {
    process.chdir(cwd);
  }
}

/** The root package.json's `overrides`: the Backstage release set the standalone installs pin too. */
export function backstageOverrides(): Record<string, string> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).overrides;
}
