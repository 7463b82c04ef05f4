import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'apps/server/test/faults', 'e2e'],
    reporters: ['default', './scripts/skipped-tests-reporter.ts'],
    // Most test files wait on Postgres, Redis, child processes and Chromium, not on the CPU, and
    // each has its own database, Redis prefix and ports. On 2 cores Vitest's default (cores - 1:
    // one file at a time) took 442 s; 3 at once take 265 s, 4 take 256 s (CPU-bound by then).
    maxWorkers: 3,
  },
});
