// Jest reporter that writes a small JSON summary of an Nx `test` run to
// <rootDir>/.jest-results.json (rootDir = the project root for every project here).
// nx.json declares that file as the `test` target's output, so when Nx replays a
// project from cache it restores the file too, and tools/scripts/run-tests.js can
// sum passed/failed tests over all projects whether they ran or came from cache.
const fs = require('fs');
const path = require('path');

const RESULTS_FILE = '.jest-results.json';

// Only Nx's `test` task writes the file: a bare `npx jest some/file` (maybe filtered,
// maybe running next to `npm test` in the same checkout) must not replace it.
const underNxTest = process.env.NX_TASK_TARGET_TARGET === 'test';

class ResultsFileReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.file = path.join(globalConfig.rootDir, RESULTS_FILE);
  }

  onRunStart() {
    // A run that dies before onRunComplete must not leave an old, green file behind.
    if (underNxTest) fs.rmSync(this.file, { force: true });
  }

  onRunComplete(_contexts, results) {
    if (!underNxTest) return;
    let passed = 0;
    let failed = 0;
    const failedSuites = [];
    for (const suite of results.testResults) {
      const failedHere = suite.numFailingTests;
      passed += suite.numPassingTests;
      failed += failedHere;
      // A suite that could not run at all (syntax/import error, a throw at top level)
      // has no failing tests of its own: count it as one failure so it cannot hide.
      const broken = Boolean(suite.testExecError) || (suite.failureMessage && failedHere === 0);
      if (broken) failed += 1;
      if (broken || failedHere > 0) failedSuites.push(path.relative(this.rootDir, suite.testFilePath));
    }
    // Jest can fail a run with no failing test (e.g. obsolete snapshots under --ci, an
    // error outside any test file): still report one failure so the count agrees with
    // Jest's exit status. (results.success is only set after reporters have run.)
    if (failed === 0 && (results.snapshot?.failure || results.runExecError)) failed = 1;
    const summary = {
      passed,
      failed,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
      failedSuites,
      success: failed === 0,
    };
    fs.writeFileSync(this.file, JSON.stringify(summary, null, 2) + '\n');
  }
}

module.exports = ResultsFileReporter;
