import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AuthState, SessionStore } from './session-store.ts';

export const SessionStoreContext = createContext<SessionStore | null>(null);

export function useSessionStore(): SessionStore {
  const store = useContext(SessionStoreContext);
  if (!store) throw new Error('useSessionStore must be used inside <App>');
  return store;
}

/** Signed in or out, re-rendering on sign-in, refresh and sign-out. */
export function useAuthState(): AuthState {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
