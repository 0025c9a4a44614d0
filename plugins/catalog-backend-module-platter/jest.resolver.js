// Works around a hoisting defect of this workspace's install (legacy-peer-deps):
// ajv 8 plugins (`ajv-errors`, `ajv-draft-04`, `ajv-keywords`) sit at the root next
// to ajv 6, so their `require('ajv/...')` fails and @backstage/catalog-model and
// the catalog backend (through express-openapi-validator) cannot load, in plain
// Node too. Jest resolves their ajv from the ajv 8 nested in the package that
// uses them. Same fix as plugins/platter/jest.resolver.js, for the backend
// packages too. Remove once the root install nests ajv 8 properly.
const path = require('path');

const AJV8_FROM = {
  'ajv-errors': '@backstage/catalog-model',
  'ajv-draft-04': 'express-openapi-validator',
  'ajv-keywords': 'schema-utils',
};
const dirOf = (pkg) => path.dirname(require.resolve(`${pkg}/package.json`));

module.exports = (request, options) => {
  if (request === 'ajv' || request.startsWith('ajv/')) {
    const plugin = /[\\/]node_modules[\\/](ajv-errors|ajv-draft-04|ajv-keywords)[\\/]/.exec(options.basedir)?.[1];
    if (plugin) return options.defaultResolver(request, { ...options, basedir: dirOf(AJV8_FROM[plugin]) });
  }
  return options.defaultResolver(request, options);
};
