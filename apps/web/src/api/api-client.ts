import { createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import type { TRPCWebSocketClient } from '@trpc/client';
import { reconnectDelayMs } from '@pulse/api-contract/client';
import type { AppRouter } from '@pulse/api-contract/router';
import { CALL_LIMITS } from '@pulse/api-contract/schemas';
import type { SessionStore } from '../auth/session-store.ts';
import type { CloseNotices } from '../live/close-notice.ts';
import { authLink } from './auth-link.ts';
import type { LiveResume } from './auth-link.ts';
import { trpc } from './trpc.ts';

export type ApiClient = {
  client: ReturnType<typeof trpc.createClient>;
  /** Its `connectionState` observable drives the connection badge. */
  wsClient: TRPCWebSocketClient;
};

/** A signed-in client's credentials: the session's access token, refreshed by the auth link. */
type SignedInOptions = {
  session: SessionStore;
  renew(): void;
  resume: LiveResume;
};

export type ApiClientOptions = {
  httpUrl: string;
  wsUrl: string;
  /** Told why the server closed the socket (close codes), and when it opens again. */
  closeNotices: CloseNotices;
} & (SignedInOptions | { session: null });

/**
 * The signed-in client: the auth link first (refresh once on UNAUTHORIZED), then
 * subscriptions over one WebSocket and everything else over batched HTTP. No transformer,
 * as on the server (`packages/api-contract/src/router/trpc.ts`): the contract's values are JSON.
 * Without a session (a public link's page) the same transport goes without any credential.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { session } = options;
  const wsClient = createWSClient({
    url: options.wsUrl,
    // Read on every (re)connect, so a refreshed token is used at once.
    connectionParams: session ? () => ({ token: session.getAccessToken() ?? '' }) : undefined,
    // Exponential backoff with jitter (0.5 s, 1 s, 2 s, ... capped at 30 s), shared with the
    // contract's client so every Pulse client backs off the same way after a server restart.
    retryDelayMs: reconnectDelayMs,
    // A dead connection (laptop lid, NAT timeout) is noticed within ~15 s, not minutes.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
    onOpen: () => options.closeNotices.clear(),
    onClose: (cause) => options.closeNotices.report(cause?.code),
  });
  const client = trpc.createClient({
    links: [
      ...(options.session ? [authLink({ session: options.session, renew: options.renew, resume: options.resume })] : []),
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink<AppRouter>({ client: wsClient }),
        false: httpBatchLink({
          url: options.httpUrl,
          // The server refuses larger batches (tRPC maxBatchSize): split before sending.
          maxItems: CALL_LIMITS.maxCallsPerBatch,
          headers: () => {
            const token = session?.getAccessToken();
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });
  return { client, wsClient };
}
