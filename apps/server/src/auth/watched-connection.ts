import { ServerResponse } from 'node:http';
import { WebSocket } from 'ws';
import { SESSION_ENDED_CLOSE_CODE, type WatchedConnection } from './session-check.ts';

/**
 * The connection behind a tRPC context that lives on after authenticating once: a WebSocket
 * (one context per connection) or an SSE subscription stream. Null for an ordinary HTTP call,
 * which authenticates again next time anyway.
 */
export function longLivedConnection(res: unknown, type: string | undefined): WatchedConnection | null {
  if (res instanceof WebSocket) {
    return {
      // The client sees why (and reconnects: with a revoked session its calls are refused).
      close: () => res.close(SESSION_ENDED_CLOSE_CODE, 'session ended'),
      onClosed: (listener) => res.once('close', listener),
    };
  }
  if (res instanceof ServerResponse && type === 'subscription') {
    return { close: () => res.destroy(), onClosed: (listener) => res.once('close', listener) };
  }
  return null;
}
