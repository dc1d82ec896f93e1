// Reads vitest's JSON report (written by `npm test`) and prints the plain closing line
// "N passed, N failed"; fails when the end-to-end browser tests did not run.
import fs from 'node:fs';

const file = 'artifacts/test-results.json';
if (!fs.existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`ci: ${file} is missing — the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const tests = report.testResults.flatMap((f) => f.assertionResults.map((a) => ({ file: f.name, status: a.status })));
const passed = tests.filter((t) => t.status === 'passed').length;
const failed = tests.filter((t) => t.status === 'failed').length + report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
const skipped = tests.length - passed - tests.filter((t) => t.status === 'failed').length;
const e2e = tests.filter((t) => t.file.includes('/e2e/'));
const e2ePassed = e2e.filter((t) => t.status === 'passed').length;
let ok = failed === 0;
if (e2e.length === 0 || e2ePassed === 0 || e2ePassed < e2e.length) {
  console.error(`ci: the browser tests did not all run (${e2ePassed} of ${e2e.length} passed)`);
  ok = false;
}
console.log(`${passed} passed, ${failed + (ok || failed ? 0 : 1)} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
