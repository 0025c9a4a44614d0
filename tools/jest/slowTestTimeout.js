// A slow test (*.slow.test.ts: real git remotes, kubectl, Backstage backends, Chromium) sets up real parts in
// its hooks; on a loaded machine that takes longer than Jest's default 5 s, which is no failure of what it tests.
// Its tests and hooks get a minute each, unless the file or project sets its own. No test asserts on timing.
if (/\.slow\.test\.tsx?$/.test(expect.getState().testPath ?? '')) jest.setTimeout(60_000);
