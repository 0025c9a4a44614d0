// The portal takes a few minutes to build and start: long tests, run by CI (*.slow.test.ts).
// One file at a time: each starts its own portal on the same ports (3000, 7007).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@platter/tools-e2e',
  testTimeout: 15 * 60 * 1000,
  maxWorkers: 1,
};
