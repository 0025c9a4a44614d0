// forceExit: the integration suite runs the real catalog backend on in-memory
// SQLite, which keeps Jest alive after backend.stop() (FIELD-NOTES "Backstage").
// The resolver works around the root install's ajv-errors/ajv hoisting defect
// (see jest.resolver.js).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@platter/plugin-catalog-backend-module-platter',
  resolver: '<rootDir>/jest.resolver.js',
  forceExit: true,
};
