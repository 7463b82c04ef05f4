import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // the fault scenarios are the `faults` project (test/faults/vitest.config.ts)
    exclude: ['test/faults/**', 'node_modules/**'],
    // The template database every test file copies (see @pulse/db/testing).
    globalSetup: ['@pulse/db/test-global-setup'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
