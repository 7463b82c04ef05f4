import { createAuthApi } from '../api/auth-client.ts';
import { trpcHttpUrl } from '../api/endpoints.ts';
import { SessionStore } from './session-store.ts';

/** The session of this browser: tokens in localStorage, API on this page's origin. */
export function createBrowserSessionStore(): SessionStore {
  let store: SessionStore | null = null;
  const auth = createAuthApi({ url: trpcHttpUrl(), getAccessToken: () => store?.getAccessToken() ?? null });
  store = new SessionStore({ auth, storage: window.localStorage });
  return store;
}
