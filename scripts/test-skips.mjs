// A web-test-runner reporter that names every skipped test suite after its file's results, per
// browser. Tests here skip only where an engine lacks what they test, and their suite's title
// says so (test/sanitizer-engines.ts); this keeps that visible in every run.
import { relative } from 'node:path';

/** How many tests under `suite` (and its suites) were skipped. */
function countSkipped(suite) {
  return suite.tests.filter((test) => test.skipped).length + suite.suites.reduce((sum, child) => sum + countSkipped(child), 0);
}

export function skippedTestsReporter() {
  return {
    reportTestFileResults({ logger, sessionsForTestFile, testFile }) {
      for (const session of sessionsForTestFile) {
        const results = session.testResults;
        if (!results) continue;
        const counts = [['', results.tests.filter((test) => test.skipped).length], ...results.suites.map((suite) => [suite.name, countSkipped(suite)])];
        for (const [suite, count] of counts) {
          if (!count) continue;
          const where = suite ? ` of "${suite}"` : '';
          logger.log(`${relative(process.cwd(), testFile)}: ${session.browser.name} skipped ${count} test${count === 1 ? '' : 's'}${where}`);
        }
      }
    },
  };
}
