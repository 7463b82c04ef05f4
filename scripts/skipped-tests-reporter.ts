import type { Reporter, TestModule } from 'vitest/node';

/**
 * Lists every skipped test by its full name at the end of the run. The default reporter only
 * counts them; a skip must be seen with its reason (our skipped suites carry it in their
 * name, e.g. "MongoDB activity store (skipped: MONGO_URL is not set, ...)").
 */
export default class SkippedTestsReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestModuleEnd(testModule: TestModule): void {
    for (const test of testModule.children.allTests('skipped')) this.skipped.push(`${testModule.project.name} > ${test.fullName}`);
  }

  onTestRunEnd(): void {
    if (this.skipped.length === 0) return;
    console.log(`\nSkipped tests (${this.skipped.length}):`);
    for (const name of this.skipped.toSorted()) console.log(`  - ${name}`);
  }
}
