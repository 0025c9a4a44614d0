import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Packed } from './packages';

/**
 * TEST-ONLY: a team's own Backstage repository, written by hand the way `@backstage/create-app`
 * lays it out (an npm workspace with packages/backend and packages/app; create-app itself does not
 * run on Node 20), on the same Backstage release as this repository (the exact versions and the
 * root `overrides`). Platter arrives only as the packed tarballs; everything else comes from the
 * npm registry. The backend is plain CommonJS (no TypeScript, no transform): it adds catalog,
 * scaffolder, auth (guest sign-in), permissions with a policy of the team's own, and Platter's
 * three backend packages with `backend.add(import(...))`, as the README tells a team to.
 */
export interface StandaloneOptions {
  readonly dir: string;
  readonly packed: readonly Packed[];
  readonly overrides: Record<string, string>;
}

/** The Backstage 1.55 release set (FIELD-NOTES), as a team on that release pins it. */
const BACKEND_DEPENDENCIES = {
  '@backstage/backend-defaults': '0.18.0',
  '@backstage/backend-plugin-api': '1.10.1',
  '@backstage/plugin-auth-backend': '0.30.1',
  '@backstage/plugin-auth-backend-module-guest-provider': '0.2.23',
  '@backstage/plugin-catalog-backend': '4.0.0',
  '@backstage/plugin-catalog-backend-module-scaffolder-entity-model': '0.2.24',
  '@backstage/plugin-permission-backend': '0.7.16',
  '@backstage/plugin-permission-common': '0.9.11',
  '@backstage/plugin-permission-node': '0.11.4',
  '@backstage/plugin-scaffolder-backend': '4.2.0',
  pg: '8.16.3',
};

/** The repository's own tooling, as create-app puts it in the root package.json. */
const ROOT_DEV_DEPENDENCIES = {
  '@backstage/cli': '0.36.6',
  '@backstage/cli-defaults': '0.1.6',
};

const APP_DEPENDENCIES = {
  '@backstage/frontend-defaults': '0.5.6',
  '@backstage/plugin-catalog': '2.0.9',
  '@backstage/plugin-scaffolder': '1.39.0',
  '@backstage/ui': '0.18.0',
  react: '18.3.1',
  'react-dom': '18.3.1',
  'react-router': '6.30.3',
  'react-router-dom': '6.30.3',
};

/** The Platter packages each side installs (with what they depend on: tarballs install together). */
const BACKEND_PLATTER = [
  '@platter/model',
  '@platter/render',
  '@platter/gitops-repo',
  '@platter/plugin-platter-common',
  '@platter/plugin-platter-node',
  '@platter/plugin-platter-backend',
  '@platter/plugin-scaffolder-backend-module-platter',
  '@platter/plugin-catalog-backend-module-platter',
];
const APP_PLATTER = ['@platter/model', '@platter/plugin-platter-common', '@platter/plugin-platter'];

const BACKEND_INDEX = `// The team's backend (plain CommonJS): Backstage's catalog, scaffolder, auth and permissions,
// plus Platter's packages, added as their READMEs say.
const { createBackend } = require('@backstage/backend-defaults');
const { createBackendModule } = require('@backstage/backend-plugin-api');
const { AuthorizeResult } = require('@backstage/plugin-permission-common');
const { policyExtensionPoint } = require('@backstage/plugin-permission-node/alpha');

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-permission-backend'));

// The team's permission policy (the hook Platter's permissions go through): allow everything here.
backend.add(
  createBackendModule({
    pluginId: 'permission',
    moduleId: 'team-policy',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({ handle: async () => ({ result: AuthorizeResult.ALLOW }) });
        },
      });
    },
  }),
);

// Platter.
backend.add(import('@platter/plugin-platter-backend'));
backend.add(import('@platter/plugin-scaffolder-backend-module-platter'));
backend.add(import('@platter/plugin-catalog-backend-module-platter'));

backend.start();
`;

/** The app: the new frontend system, with Platter's plugin next to catalog and scaffolder. */
const APP_INDEX = `import '@backstage/cli/asset-types';
import ReactDOM from 'react-dom/client';
import '@backstage/ui/css/styles.css';
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import platterPlugin from '@platter/plugin-platter/alpha';

const app = createApp({ features: [catalogPlugin, scaffolderPlugin, platterPlugin] });
ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
`;

const APP_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Standalone Backstage</title>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

function write(file: string, content: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function tarballs(packed: readonly Packed[], names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const p = packed.find((x) => x.name === name);
      if (!p) throw new Error(`${name} was not packed`);
      return [name, `file:${p.tarball}`];
    }),
  );
}

/** Writes the standalone repository into `options.dir` (which must exist). */
export function writeStandalone(options: StandaloneOptions): void {
  const { dir, packed, overrides } = options;
  write(
    join(dir, 'package.json'),
    json({
      name: 'standalone-backstage',
      version: '1.0.0',
      private: true,
      workspaces: ['packages/*'],
      devDependencies: ROOT_DEV_DEPENDENCIES,
      overrides,
    }),
  );
  write(
    join(dir, 'packages/backend/package.json'),
    json({
      name: 'backend',
      version: '0.0.0',
      private: true,
      main: 'index.js',
      backstage: { role: 'backend' },
      dependencies: { ...BACKEND_DEPENDENCIES, ...tarballs(packed, BACKEND_PLATTER) },
    }),
  );
  write(join(dir, 'packages/backend/index.js'), BACKEND_INDEX);
  write(
    join(dir, 'packages/app/package.json'),
    json({
      name: 'app',
      version: '0.0.0',
      private: true,
      bundled: true,
      backstage: { role: 'frontend' },
      scripts: { build: 'backstage-cli package build' },
      dependencies: { ...APP_DEPENDENCIES, ...tarballs(packed, APP_PLATTER) },
      browserslist: { production: ['>0.2%', 'not dead', 'not op_mini all'], development: ['last 1 chrome version'] },
    }),
  );
  write(join(dir, 'packages/app/src/index.tsx'), APP_INDEX);
  write(join(dir, 'packages/app/public/index.html'), APP_HTML);
  write(
    join(dir, 'tsconfig.json'),
    json({
      extends: '@backstage/cli/config/tsconfig.json',
      include: ['packages/*/src'],
      compilerOptions: { outDir: 'dist-types', rootDir: '.' },
    }),
  );
}
