// One lint config for every project. Nx tags keep the dependency direction of
// DESIGN §1 (model <- render <- gitops-repo <- cli/backend; the frontend and
// platter-common depend on model only); `node:` imports stay out of the
// isomorphic packages so they keep running in the browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = ['fs', 'path', 'child_process', 'os', 'crypto', 'stream', 'url', 'util', 'buffer', 'process'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-types/**',
      '**/coverage/**',
      '.nx/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:model', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'layer:render', onlyDependOnLibsWithTags: ['layer:model'] },
            { sourceTag: 'layer:io', onlyDependOnLibsWithTags: ['layer:model', 'layer:render'] },
            {
              sourceTag: 'layer:app',
              onlyDependOnLibsWithTags: [
                'layer:model',
                'layer:render',
                'layer:io',
                'layer:common',
                'layer:backend-plugin',
              ],
            },
            { sourceTag: 'layer:common', onlyDependOnLibsWithTags: ['layer:model'] },
            {
              sourceTag: 'layer:backend-plugin',
              onlyDependOnLibsWithTags: [
                'layer:model',
                'layer:render',
                'layer:io',
                'layer:common',
                'layer:backend-plugin',
              ],
            },
            { sourceTag: 'layer:frontend', onlyDependOnLibsWithTags: ['layer:model', 'layer:common'] },
            {
              sourceTag: 'layer:frontend-app',
              onlyDependOnLibsWithTags: ['layer:model', 'layer:common', 'layer:frontend'],
            },
            { sourceTag: 'platform:isomorphic', onlyDependOnLibsWithTags: ['platform:isomorphic'] },
          ],
        },
      ],
    },
  },
  {
    files: [
      'packages/model/src/**',
      'packages/render/src/**',
      'plugins/platter/src/**',
      'plugins/platter-common/src/**',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'This package is isomorphic (it runs in the browser): no Node built-ins.' },
            ...nodeBuiltins.map((m) => ({ group: [m], message: 'This package is isomorphic: no Node built-ins.' })),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'Isomorphic package: use Uint8Array / TextEncoder.' },
        { name: 'process', message: 'Isomorphic package: take settings as arguments.' },
      ],
    },
  },
  // Last: formatting is Prettier's (root `format` / `lint`), so no lint rule argues with it.
  prettier,
);
