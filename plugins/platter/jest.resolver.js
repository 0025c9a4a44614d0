// Works around a hoisting defect of this workspace's install (legacy-peer-deps):
// `ajv-errors` (peer ajv ^8) sits at the root next to ajv 6, so its
// `require('ajv/dist/compile/codegen')` fails and @backstage/catalog-model cannot
// load (in plain Node too). Jest resolves ajv for ajv-errors from catalog-model's
// own ajv 8 instead. Remove once the root install nests ajv 8 properly.
const path = require('path');

const catalogModelDir = path.dirname(require.resolve('@backstage/catalog-model/package.json'));

module.exports = (request, options) => {
  if ((request === 'ajv' || request.startsWith('ajv/')) && /[\\/]node_modules[\\/]ajv-errors[\\/]/.test(options.basedir)) {
    return options.defaultResolver(request, { ...options, basedir: catalogModelDir });
  }
  return options.defaultResolver(request, options);
};
