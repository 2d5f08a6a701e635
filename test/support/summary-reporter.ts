// Prints one plain closing line, "tests: N passed, N failed, N skipped", that any
// CI can read regardless of the runner's own formatting.
import type { Reporter, RunnerTestFile, RunnerTask } from 'vitest/node';

function walk(tasks: RunnerTask[], acc: { passed: number; failed: number; skipped: number }): void {
  for (const t of tasks) {
    if (t.type === 'suite') walk(t.tasks, acc);
    else if (t.result?.state === 'pass') acc.passed++;
    else if (t.result?.state === 'fail') acc.failed++;
    else acc.skipped++;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const acc = { passed: 0, failed: 0, skipped: 0 };
    walk(files, acc);
    // A file that failed to load has no tests but is a failure all the same.
    acc.failed += files.filter((f) => f.result?.state === 'fail' && f.tasks.length === 0).length + errors.length;
    // CI must prove parity: the integration suites have to have run on Postgres too.
    const onPostgres = { passed: 0, failed: 0, skipped: 0 };
    walk(files.filter((f) => f.projectName === 'postgres'), onPostgres);
    if (process.env.CI && onPostgres.passed === 0) {
      process.stdout.write('\nCI: the Postgres integration suites did not run (no passing test in project "postgres")\n');
      acc.failed++;
      process.exitCode = 1;
    }
    process.stdout.write(`\npostgres project: ${onPostgres.passed} passed, ${onPostgres.failed} failed\n`);
    process.stdout.write(`\ntests: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped\n`);
  }
}
