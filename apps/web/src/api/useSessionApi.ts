import { createContext, useContext } from 'react';
import type { SessionApi } from './session-api.ts';

export type SessionConnection = SessionApi & {
  /**
   * Replaces the client and its socket. The server reads the token once per WebSocket
   * connection, so after a refresh that a live stream asked for, only a new connection
   * carries the new token.
   */
  renew(): void;
};

export const SessionApiContext = createContext<SessionConnection | null>(null);

/** The signed-in tRPC client and its WebSocket; only inside `SessionApiProvider`. */
export function useSessionApi(): SessionConnection {
  const api = useContext(SessionApiContext);
  if (!api) throw new Error('useSessionApi must be used inside <SessionApiProvider>');
  return api;
}
