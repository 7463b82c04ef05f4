import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['*.e2e.test.ts'],
    globalSetup: ['../packages/db/src/test-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
