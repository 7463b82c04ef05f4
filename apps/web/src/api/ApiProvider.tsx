import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { TRPCWebSocketClient } from '@trpc/client';
import type { SessionStore } from '../auth/session-store.ts';
import { CloseNotices } from '../live/close-notice.ts';
import { createApiClient } from './api-client.ts';
import type { ApiClient } from './api-client.ts';
import { createLiveResume } from './auth-link.ts';
import { trpcHttpUrl, trpcWsUrl } from './endpoints.ts';
import { trpc } from './trpc.ts';

/**
 * The one cache of the signed-in app. No automatic retries: the auth link handles an expired
 * token, and any other failure is shown with a "Try again" at once rather than after seconds
 * of silent attempts. No refetch on window focus: live streams keep what is shown current.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

const WsClientContext = createContext<TRPCWebSocketClient | null>(null);

/** The signed-in WebSocket, for the connection badge; only inside `ApiProvider`. */
export function useWsClient(): TRPCWebSocketClient {
  const wsClient = useContext(WsClientContext);
  if (!wsClient) throw new Error('useWsClient must be used inside <ApiProvider>');
  return wsClient;
}

const CloseNoticesContext = createContext<CloseNotices | null>(null);

/** Why the server last closed the live connection (too many tabs, session ended, ...), until it opens again. */
export function useCloseNotice(): string | null {
  const notices = useContext(CloseNoticesContext);
  if (!notices) throw new Error('useCloseNotice must be used inside <ApiProvider>');
  return useSyncExternalStore(notices.subscribe, notices.getSnapshot);
}

/**
 * The signed-in client (and its WebSocket) over one QueryClient while mounted; unmounting,
 * on sign-out, closes the socket and ends every subscription. A renewal (after a live stream
 * asked for a refreshed token) swaps the client but keeps the cache, so what is on screen stays.
 * With no session (a public link's page) the client carries no credential at all.
 */
export function ApiProvider({ session, children }: { session: SessionStore | null; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [resume] = useState(createLiveResume);
  const [closeNotices] = useState(() => new CloseNotices());
  const [api, setApi] = useState<ApiClient | null>(null);
  const [epoch, setEpoch] = useState(0);
  const renew = useCallback(() => setEpoch((value) => value + 1), []);

  useEffect(() => {
    const transport = { httpUrl: trpcHttpUrl(), wsUrl: trpcWsUrl(), closeNotices };
    const next = createApiClient(session ? { ...transport, session, renew, resume } : { ...transport, session: null });
    setApi(next);
    return () => {
      void next.wsClient.close();
    };
  }, [session, renew, resume, closeNotices, epoch]);

  if (!api) return null;
  return (
    <trpc.Provider client={api.client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <WsClientContext value={api.wsClient}>
          <CloseNoticesContext value={closeNotices}>{children}</CloseNoticesContext>
        </WsClientContext>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
