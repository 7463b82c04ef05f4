import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    name: 'web',
    environment: 'jsdom',
    environmentOptions: { jsdom: { url: 'http://localhost:3000/' } },
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // One jsdom and one module graph per worker instead of per file: creating jsdom and importing
    // React, msw and the router again for every file took three quarters of this project's time
    // (39 s against 10 s). Each test renders its own app with its own QueryClient and session,
    // and setup.ts resets msw handlers and the DOM after every test, so no state crosses files.
    isolate: false,
  },
});
