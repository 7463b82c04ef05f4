import { render } from '@testing-library/react';
import type { Session } from '@pulse/api-contract/schemas';
import { App } from '../app/App.tsx';
import { createBrowserSessionStore } from '../auth/create-session-store.ts';
import { SESSION_STORAGE_KEY } from '../auth/session-hint.ts';
import { withServices } from './fake-services.ts';
import type { FakeServices } from './fake-services.ts';
import { fakeDashboards } from './dashboard-fixtures.ts';
import { makeSession } from './fixtures.ts';
import { createLiveServer } from './live-server.ts';
import { server } from './server.ts';
import { type CookieJar, sessionHttp } from './session-server.ts';
import { trpcHttp } from './trpc-server.ts';
import type { Authenticate, ProcedureCall } from './trpc-server.ts';

type Options = {
  /** What the services behind the real router answer; anything else throws when called. */
  services: FakeServices;
  /**
   * A returning user's session, or null for the sign-in page: its refresh token is the browser's
   * httpOnly cookie, its user the hint in localStorage, and (unless `reload`) the tab holds its
   * access token in memory, as after signing in.
   */
  session?: Session | null;
  /** A reloaded page: only the cookie and the hint are left, and the SPA asks `/api/session/refresh`. */
  reload?: boolean;
  /** Who a bearer token stands for; by default every token is the session's user (or the fixture manager). */
  authenticate?: Authenticate;
};

/**
 * Renders the whole app against the real `appRouter` over msw (HTTP and WebSocket, and the
 * session endpoints with their cookie), with the test's fake services behind it. The
 * dashboard screen (where everyone lands) opens the manager's default dashboard unless a test
 * says otherwise.
 */
export function renderApp(options: Options) {
  const calls: ProcedureCall[] = [];
  const session = options.session === undefined ? makeSession() : options.session;
  const user = session?.user ?? makeSession().user;
  const authenticate = options.authenticate ?? (() => user);
  const services = withServices(fakeDashboards(), options.services);
  const live = createLiveServer({ services, authenticate });
  const jar: CookieJar = { refreshToken: session?.refreshToken ?? null };
  server.use(trpcHttp({ services, authenticate, calls }), sessionHttp({ services, authenticate, calls, jar }), live.handler);
  if (session) window.localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ user: session.user }));
  const inMemory = session && !options.reload ? { accessToken: session.accessToken, accessTokenExpiresAt: session.accessTokenExpiresAt, user: session.user } : undefined;
  const store = createBrowserSessionStore(inMemory);
  const view = render(<App store={store} />);
  return { ...view, calls, live, jar, store };
}
