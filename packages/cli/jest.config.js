// The CLI's tests run whole commands in-process (init writes the example fleet, validate reads all of it): on a
// busy 2-core CI machine one such test can pass Jest's 5 s default without anything being wrong, as
// initCi.test.ts did. A hung command still fails, after a minute. This bounds a hang; it asserts no speed.
module.exports = { ...require('../../jest.preset.js'), displayName: '@platter/cli', testTimeout: 60_000 };
