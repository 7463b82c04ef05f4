import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'apps/server/test/faults', 'e2e'],
    reporters: ['default', './scripts/skipped-tests-reporter.ts'],
  },
});
