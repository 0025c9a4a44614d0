// One long test (builds, packs and installs every publishable package outside the workspace):
// a *.slow.test.ts, so only `npm test` / CI run it.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@platter/tools-install-test',
  testTimeout: 20 * 60 * 1000,
};
