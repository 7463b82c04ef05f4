import { render } from '@testing-library/react';
import type { Session } from '@pulse/api-contract/schemas';
import { App } from '../app/App.tsx';
import { SESSION_STORAGE_KEY } from '../auth/token-storage.ts';
import { makeEngagement, makeSession } from './fixtures.ts';
import { server } from './server.ts';
import { trpcHttp } from './trpc-http.ts';
import type { ProcedureCall, ProcedureResolver } from './trpc-http.ts';
import { createLiveServer } from './trpc-ws.ts';

/**
 * Renders the whole app against the mocked network: the given procedures over HTTP (the
 * dashboard's engagement panels get an empty day unless a test says otherwise), a live
 * WebSocket server, and optionally a session already in localStorage (a returning user).
 */
export function renderApp(options: { resolvers: Record<string, ProcedureResolver>; session?: Session | null }) {
  const calls: ProcedureCall[] = [];
  const live = createLiveServer();
  server.use(trpcHttp({ 'dashboards.engagement': () => makeEngagement(), ...options.resolvers }, calls), live.handler);
  const session = options.session === undefined ? makeSession() : options.session;
  if (session) window.localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  const view = render(<App />);
  return { ...view, calls, live };
}
