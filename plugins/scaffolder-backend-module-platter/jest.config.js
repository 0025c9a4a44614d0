// Backend module: the shared preset, plus forceExit: the integration suite
// (*.slow.test.ts) runs the real scaffolder and catalog backends on in-memory
// SQLite, which keeps Jest alive after backend.stop() (FIELD-NOTES "Backstage").
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@platter/plugin-scaffolder-backend-module-platter',
  forceExit: true,
};
