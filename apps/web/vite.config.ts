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
  },
});
