import { render } from '@testing-library/react';
import type { Session } from '@pulse/api-contract/schemas';
import { App } from '../app/App.tsx';
import { SESSION_STORAGE_KEY } from '../auth/token-storage.ts';
import { withServices } from './fake-services.ts';
import type { FakeServices } from './fake-services.ts';
import { makeEngagement, makeSession } from './fixtures.ts';
import { createLiveServer } from './live-server.ts';
import { server } from './server.ts';
import { trpcHttp } from './trpc-server.ts';
import type { Authenticate, ProcedureCall } from './trpc-server.ts';

type Options = {
  /** What the services behind the real router answer; anything else throws when called. */
  services: FakeServices;
  /** A session already in localStorage (a returning user), or null for the sign-in page. */
  session?: Session | null;
  /** Who a bearer token stands for; by default every token is the session's user (or the fixture manager). */
  authenticate?: Authenticate;
};

/**
 * Renders the whole app against the real `appRouter` over msw (HTTP and WebSocket), with the
 * test's fake services behind it. The dashboard's engagement panels get an empty day unless a
 * test says otherwise.
 */
export function renderApp(options: Options) {
  const calls: ProcedureCall[] = [];
  const session = options.session === undefined ? makeSession() : options.session;
  const user = session?.user ?? makeSession().user;
  const authenticate = options.authenticate ?? (() => user);
  const services = withServices({ dashboards: { engagement: () => makeEngagement() } }, options.services);
  const live = createLiveServer({ services, authenticate });
  server.use(trpcHttp({ services, authenticate, calls }), live.handler);
  if (session) window.localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  const view = render(<App />);
  return { ...view, calls, live };
}
