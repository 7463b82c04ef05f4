import { useEffect, useState } from 'react';
import { SessionApiProvider } from './api/SessionApiProvider.tsx';
import { createBrowserSessionStore } from './auth/create-session-store.ts';
import type { SessionStore } from './auth/session-store.ts';
import { SignInPage } from './auth/SignInPage.tsx';
import { SessionStoreContext, useAuthState, useSessionStore } from './auth/useSession.ts';
import { DashboardPage } from './dashboard/DashboardPage.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

function Crashed() {
  return (
    <main className="signin">
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

function Screens() {
  const session = useSessionStore();
  const auth = useAuthState();
  if (auth.status === 'signed-out') return <SignInPage notice={auth.notice} />;
  // Keyed by user: signing in as someone else starts with a fresh client and socket.
  return (
    <SessionApiProvider key={auth.session.user.id} getAccessToken={session.getAccessToken}>
      <DashboardPage user={auth.session.user} />
    </SessionApiProvider>
  );
}

/** The whole app: the sign-in page, or the dashboard over the signed-in connection. */
export function App({ store }: { store?: SessionStore }) {
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
