import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import type { TRPCClient, TRPCWebSocketClient } from '@trpc/client';
import { reconnectDelayMs } from '@pulse/api-contract/client';
import type { AppRouter } from '@pulse/api-contract/router';

/** The signed-in client: queries over batched HTTP, subscriptions over one WebSocket. */
export type SessionApi = {
  trpc: TRPCClient<AppRouter>;
  /** Its `connectionState` observable drives the connection badge. */
  wsClient: TRPCWebSocketClient;
  /** Stops reconnecting, ends the subscriptions and closes the socket. */
  close(): Promise<void>;
};

export type SessionApiOptions = {
  httpUrl: string;
  wsUrl: string;
  /** Read on every request and on every (re)connect, so a refreshed token is used at once. */
  getAccessToken: () => string | null;
};

export function createSessionApi(options: SessionApiOptions): SessionApi {
  const wsClient = createWSClient({
    url: options.wsUrl,
    connectionParams: () => ({ token: options.getAccessToken() ?? '' }),
    // Exponential backoff with jitter (0.5 s, 1 s, 2 s, ... capped at 30 s), shared with the
    // contract's client so every Pulse client backs off the same way after a server restart.
    retryDelayMs: reconnectDelayMs,
    // A dead connection (laptop lid, NAT timeout) is noticed within ~15 s, not minutes.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
  });
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink<AppRouter>({ client: wsClient }),
        false: httpBatchLink({
          url: options.httpUrl,
          headers: () => {
            const token = options.getAccessToken();
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });
  return { trpc, wsClient, close: () => wsClient.close() };
}
