// Works around a hoisting defect of this workspace's install (legacy-peer-deps):
// `ajv-errors` (peer ajv ^8) sits at the root next to ajv 6, so its
// `require('ajv/dist/compile/codegen')` fails and @backstage/catalog-model (hence
// plugin-scaffolder-node, plugin-scaffolder-backend, plugin-catalog-backend) cannot
// load, in plain Node too. Here Jest resolves ajv for ajv-errors from
// catalog-model's own ajv 8, and every other nested ajv 8 copy to that same copy:
// ajv's code generator checks `instanceof` across its classes, so the Ajv instance
// catalog-backend passes to ajv-errors must come from the copy ajv-errors uses.
// Same approach as plugins/platter/jest.resolver.js. Remove once the root install
// nests ajv 8 properly.
const path = require('path');

const catalogModelDir = path.dirname(require.resolve('@backstage/catalog-model/package.json'));
const canonicalAjv = path.dirname(require.resolve('ajv/package.json', { paths: [catalogModelDir] }));
const NESTED_AJV = /^(.*[\\/]node_modules[\\/].+[\\/]node_modules[\\/]ajv)([\\/].*)$/;

module.exports = (request, options) => {
  if (request === 'ajv' || request.startsWith('ajv/')) {
    if (/[\\/]node_modules[\\/]ajv-errors[\\/]/.test(options.basedir)) {
      return options.defaultResolver(request, { ...options, basedir: catalogModelDir });
    }
    const resolved = options.defaultResolver(request, options);
    const nested = NESTED_AJV.exec(resolved);
    // Every nested ajv in this install is 8.20.0 (the root one is 6): one copy for all.
    if (nested && require(path.join(nested[1], 'package.json')).version.startsWith('8.')) return path.join(canonicalAjv, nested[2]);
    return resolved;
  }
  return options.defaultResolver(request, options);
};
