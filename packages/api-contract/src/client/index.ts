import { createTRPCClient, createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink } from '@trpc/client';
import type { IngestEventInput, IngestResult } from '../schemas/events.ts';
import type { MetricSampleInput, RecordMetricsResult } from '../schemas/metrics.ts';
import { CALL_LIMITS } from '../schemas/limits.ts';
import type { AppRouter } from '../router/index.ts';
import { backoffDelayMs, DEFAULT_SEND_RETRY, type RetryOptions, withRetry } from './retry.ts';

export { DEFAULT_SEND_RETRY, type RetryOptions } from './retry.ts';

export type PulseClientOptions = {
  /** Base URL of a Pulse API process, e.g. `http://localhost:3000`. */
  url: string;
  /** A user access token (from `auth.login`) or an organization's ingest key (`pk_...`). */
  token?: string | (() => string | null);
  /** Subscriptions over WebSocket (default where the runtime has one) or Server-Sent Events. */
  transport?: 'websocket' | 'sse';
  /** An EventSource implementation for runtimes without one (Node: the `eventsource` package). */
  EventSource?: typeof globalThis.EventSource;
  /**
   * How `send` retries when Pulse answers 503 (queue full, Redis away) or cannot be reached.
   * Default: 5 attempts, backoff from 250 ms doubling to 10 s with jitter, Retry-After honoured.
   */
  retry?: Partial<RetryOptions>;
};

export type PulseClient = {
  api: ReturnType<typeof createTRPCClient<AppRouter>>;
  /**
   * Sends events, stamping each with an id and an occurredAt when missing, so that a retry of
   * the same call is stored once. Retries transient failures (see `retry`) with the same
   * stamped events, so a retry after a lost answer stores nothing twice.
   */
  send(events: IngestEventInput[]): Promise<IngestResult>;
  /** Records metric samples, stamping each with an id and a timestamp when missing (retries store once). */
  record(samples: MetricSampleInput[]): Promise<RecordMetricsResult>;
  close(): void;
};

/** Exponential backoff with jitter, capped at 30 s: 0.5 s, 1 s, 2 s, ... */
export function reconnectDelayMs(attempt: number): number {
  return backoffDelayMs(attempt, 500, 30_000);
}

function requireEventSource(): typeof globalThis.EventSource {
  if (typeof globalThis.EventSource === 'undefined') {
    throw new Error('This runtime has no EventSource: pass one as the EventSource option (e.g. from the "eventsource" package).');
  }
  return globalThis.EventSource;
}

export function createPulseClient(options: PulseClientOptions): PulseClient {
  const base = options.url.replace(/\/+$/, '');
  const readToken = () => (typeof options.token === 'function' ? options.token() : options.token) ?? null;
  const authHeaders = (): Record<string, string> => {
    const token = readToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const useWebSocket = (options.transport ?? 'websocket') === 'websocket' && typeof WebSocket !== 'undefined';
  const wsClient = useWebSocket
    ? createWSClient({
        url: `${base.replace(/^http/, 'ws')}/trpc`,
        lazy: { enabled: true, closeMs: 10_000 },
        retryDelayMs: reconnectDelayMs,
        connectionParams: () => ({ token: readToken() ?? '' }),
      })
    : null;
  const subscriptionLink = wsClient
    ? wsLink<AppRouter>({ client: wsClient })
    : httpSubscriptionLink({
        url: `${base}/trpc`,
        connectionParams: () => ({ token: readToken() ?? '' }),
        EventSource: options.EventSource ?? requireEventSource(),
      });
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: subscriptionLink,
        false: httpBatchLink({ url: `${base}/trpc`, headers: authHeaders, maxItems: CALL_LIMITS.maxCallsPerBatch }),
      }),
    ],
  });
  const retry: RetryOptions = { ...DEFAULT_SEND_RETRY, ...options.retry };
  return {
    api,
    send(events) {
      const now = new Date().toISOString();
      const stamped = events.map((event) => ({ ...event, id: event.id ?? crypto.randomUUID(), occurredAt: event.occurredAt ?? now }));
      return withRetry(() => api.events.ingest.mutate({ events: stamped }), retry);
    },
    record(samples) {
      const now = new Date().toISOString();
      const stamped = samples.map((sample) => ({ ...sample, id: sample.id ?? crypto.randomUUID(), timestamp: sample.timestamp ?? now }));
      return api.metrics.record.mutate({ samples: stamped });
    },
    close() {
      void wsClient?.close();
    },
  };
}
