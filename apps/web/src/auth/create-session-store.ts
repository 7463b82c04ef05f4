import type { BrowserSession } from '@pulse/api-contract/schemas';
import { createAuthApi } from '../api/auth-client.ts';
import { SessionStore } from './session-store.ts';

/**
 * The session of this browser: the access token in memory, the refresh token in the server's
 * httpOnly cookie, who is signed in in localStorage; API on this page's origin.
 */
export function createBrowserSessionStore(session?: BrowserSession): SessionStore {
  const auth = createAuthApi({ baseUrl: window.location.href });
  return new SessionStore({ auth, storage: window.localStorage, session });
}
