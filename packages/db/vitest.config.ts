import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'db',
    include: ['src/**/*.test.ts'],
    // builds pulse_test_template once per run; each test file then copies it
    globalSetup: ['./src/test-global-setup.ts'],
    // real Postgres: DDL, argon2 and database copies are slower than unit tests
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
