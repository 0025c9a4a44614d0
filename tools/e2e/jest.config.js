// The portal takes a few minutes to build and start: one long test, run by CI (it is a *.slow.test.ts).
module.exports = { ...require('../../jest.preset.js'), displayName: '@platter/tools-e2e', testTimeout: 15 * 60 * 1000 };
