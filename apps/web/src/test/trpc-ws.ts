import { ws } from 'msw';
import type { WebSocketHandlerConnection } from 'msw';
import { ORIGIN } from './trpc-http.ts';

type Client = WebSocketHandlerConnection['client'];

export type LiveSubscription = {
  /** The request id on the wire (tRPC gives a resent subscription a new one). */
  id: number | string;
  path: string;
  input: unknown;
  /** What tRPC sent to resume after a reconnect. */
  lastEventId: string | undefined;
  client: Client;
  stopped: boolean;
};

type OutgoingMessage = {
  id?: number | string;
  method?: string;
  data?: unknown;
  params?: { path: string; input?: unknown; lastEventId?: string };
};

/**
 * A tRPC WebSocket server on `ws://localhost:3000/trpc`, at the wire level: it takes the
 * `connectionParams` message, answers PING, starts and stops subscriptions, and lets the test
 * push data frames (`{ id, result: { type: 'data', id?, data } }`), drop every connection
 * and refuse new ones.
 */
export function createLiveServer() {
  const link = ws.link(`${ORIGIN.replace('http', 'ws')}/trpc`);
  const subscriptions: LiveSubscription[] = [];
  const connectionParams: unknown[] = [];
  const clients = new Set<Client>();
  const closedClients = new Set<Client>();
  let refusing = false;

  const handler = link.addEventListener('connection', ({ client }) => {
    if (refusing) {
      client.close(4000, 'refused by the test');
      return;
    }
    clients.add(client);
    client.addEventListener('close', () => {
      clients.delete(client);
      closedClients.add(client);
    });
    client.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      if (event.data === 'PING') {
        client.send('PONG');
        return;
      }
      const parsed = JSON.parse(event.data) as OutgoingMessage | OutgoingMessage[];
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
        if (message.method === 'connectionParams') {
          connectionParams.push(message.data);
        } else if (message.method === 'subscription' && message.params && message.id !== undefined) {
          subscriptions.push({
            id: message.id,
            path: message.params.path,
            input: message.params.input,
            lastEventId: message.params.lastEventId,
            client,
            stopped: false,
          });
          client.send(JSON.stringify({ id: message.id, result: { type: 'started' } }));
        } else if (message.method === 'subscription.stop') {
          for (const subscription of subscriptions) {
            if (subscription.id === message.id && subscription.client === client) subscription.stopped = true;
          }
          client.send(JSON.stringify({ id: message.id, result: { type: 'stopped' } }));
        }
      }
    });
  });

  function active(path: string): LiveSubscription[] {
    return subscriptions.filter((subscription) => subscription.path === path && !subscription.stopped && clients.has(subscription.client));
  }

  return {
    handler,
    subscriptions,
    connectionParams,
    clients,
    closedClients,
    active,
    /**
     * Sends one data frame to every open subscription on `path`. With `trackedId`, as the
     * server sends a `tracked(id, data)` value: `{ type: 'data', id, data: { id, data } }`.
     */
    emit(path: string, data: unknown, trackedId?: string): number {
      const targets = active(path);
      for (const subscription of targets) {
        const result = trackedId === undefined ? { type: 'data', data } : { type: 'data', id: trackedId, data: { id: trackedId, data } };
        subscription.client.send(JSON.stringify({ id: subscription.id, result }));
      }
      return targets.length;
    },
    /** Answers an open subscription with an error, as the server does when a procedure throws. */
    fail(path: string, code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string): void {
      const numeric = code === 'UNAUTHORIZED' ? -32001 : -32003;
      const status = code === 'UNAUTHORIZED' ? 401 : 403;
      for (const subscription of active(path)) {
        subscription.stopped = true;
        subscription.client.send(
          JSON.stringify({ id: subscription.id, error: { message, code: numeric, data: { code, httpStatus: status, path } } }),
        );
      }
    },
    /** Closes every connection, as a server restart does. */
    dropAll(): void {
      for (const client of clients) client.close(4001, 'dropped by the test');
    },
    refuse(value: boolean): void {
      refusing = value;
    },
  };
}

export type LiveServer = ReturnType<typeof createLiveServer>;
