import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './server.ts';

// jsdom draws nothing: answer "no 2D canvas" (as some locked-down browsers do) instead of
// logging "not implemented"; the chart panel then describes the chart in words.
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { configurable: true, value: () => null });

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  // Unmounting signs the test's client out of its socket before the handlers go.
  cleanup();
  server.resetHandlers();
  window.localStorage.clear();
  window.sessionStorage.clear();
  // Test files share one jsdom (isolate: false): every test starts at the app's root URL.
  window.history.replaceState(null, '', '/');
});
afterAll(() => server.close());
