import { useEffect, useState } from 'react';
import type { Me } from '@pulse/api-contract/schemas';
import { ApiProvider } from '../api/ApiProvider.tsx';
import { trpc } from '../api/trpc.ts';
import { createBrowserSessionStore } from '../auth/create-session-store.ts';
import type { SessionStore } from '../auth/session-store.ts';
import { SignInPage } from '../auth/SignInPage.tsx';
import { SessionStoreContext, useAuthState, useSessionStore } from '../auth/useSession.ts';
import { publicDashboardToken } from '../sharing/public-link.ts';
import { PublicDashboardApp } from '../sharing/PublicDashboardApp.tsx';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { AppRoutes } from './router.tsx';
import styles from './App.module.css';

function Crashed() {
  return (
    <main className={styles.crashed}>
      <div className="card error-state" role="alert">
        <h1>Something went wrong</h1>
        <p>Pulse hit an unexpected error. Reloading the page usually fixes it; your session is kept.</p>
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </main>
  );
}

/** The routes of one signed-in user; a restored session is checked (and its user brought up to date) with `auth.me`. */
function SignedIn({ user }: { user: Me }) {
  const session = useSessionStore();
  const me = trpc.auth.me.useQuery(undefined, { staleTime: Infinity });
  useEffect(() => {
    if (me.data) session.updateUser(me.data);
  }, [session, me.data]);
  return <AppRoutes user={user} />;
}

function Screens() {
  const session = useSessionStore();
  const auth = useAuthState();
  if (auth.status === 'signed-out') return <SignInPage notice={auth.notice} />;
  if (auth.status === 'restoring') {
    return (
      <main className={styles.restoring}>
        <p role="status">Restoring your session…</p>
      </main>
    );
  }
  // Keyed by user: signing in as someone else starts with a fresh cache, client and socket.
  return (
    <ApiProvider key={auth.session.user.id} session={session}>
      <SignedIn user={auth.session.user} />
    </ApiProvider>
  );
}

/** The sign-in page, or the signed-in screens over one API client and query cache. */
function SessionApp({ store }: { store: SessionStore | undefined }) {
  const [session] = useState(() => store ?? createBrowserSessionStore());
  useEffect(() => session.start(), [session]);
  return (
    <SessionStoreContext value={session}>
      <ErrorBoundary fallback={() => <Crashed />}>
        <Screens />
      </ErrorBoundary>
    </SessionStoreContext>
  );
}

/** The whole app: a public link's page (no session at all), else the session's screens. */
export function App({ store }: { store?: SessionStore }) {
  const publicToken = publicDashboardToken(window.location.pathname);
  if (publicToken === null) return <SessionApp store={store} />;
  return (
    <ErrorBoundary fallback={() => <Crashed />}>
      <PublicDashboardApp token={publicToken} />
    </ErrorBoundary>
  );
}
