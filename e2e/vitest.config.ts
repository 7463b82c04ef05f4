import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['*.e2e.test.ts'],
    // The template database startTestPulse copies (see @pulse/db/testing).
    globalSetup: ['@pulse/db/test-global-setup'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
