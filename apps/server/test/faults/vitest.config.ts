import { defineConfig } from 'vitest/config';

// The fault scenarios as their own project: they start real processes and private servers,
// need no template database, and run one scenario after another.
export default defineConfig({
  test: {
    name: 'faults',
    include: ['*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
