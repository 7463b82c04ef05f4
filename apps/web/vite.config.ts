import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The Pulse API in development: `pnpm start` (apps/server) listens here. */
const apiTarget = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/trpc': { target: apiTarget, ws: true },
      '/api': { target: apiTarget },
      '/health': { target: apiTarget },
    },
  },
  preview: {
    proxy: {
      '/trpc': { target: apiTarget, ws: true },
      '/api': { target: apiTarget },
      '/health': { target: apiTarget },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // zod and the setting that keeps it from probing for eval (forbidden by the page's
          // Content-Security-Policy) in one chunk: whichever chunk builds the first schema imports
          // this one first, so the setting is in place before any schema exists. Left to itself,
          // the bundler put zod into a chunk that ran before the entry's own setting.
          groups: [{ name: 'zod', test: /[\\/]node_modules[\\/].*[\\/]zod[\\/]|[\\/]zod-without-eval\.ts$/ }],
        },
      },
    },
  },
});
