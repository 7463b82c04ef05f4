import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { LIVE_CLOSE_CODES } from '@pulse/api-contract/schemas';
import type { WebSocket, WebSocketServer } from 'ws';
import { type ConnectionCaps, createConnectionGuard, type ConnectionGuard } from '../limits/connection-guard.ts';
import type { Logger } from '../log.ts';

export type LiveSocketLimits = ConnectionCaps & {
  maxConnections: number;
  maxConnectionsPerUser: number;
  /** Origins allowed to open a socket; empty: any. */
  allowedOrigins: readonly string[];
};

/** What the context factory learns of a WebSocket connection. */
export type LiveConnection = {
  guard: ConnectionGuard;
  /** Counts the connection against its user; false when the user is at the cap (the socket is being closed). */
  claimUser(userId: string): boolean;
};

/** How long a socket we close gets to receive our close frame before it is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Closes with an application code and reason the client can show, reads nothing more from it,
 * and cuts it shortly after: a client that does not answer the close handshake (one that is
 * flooding us) must not keep its subscriptions for ws's 30 s close timeout.
 */
function closeWith(client: WebSocket, code: number, reason: string): void {
  client.close(code, reason);
  client.pause();
  setTimeout(() => client.terminate(), CLOSE_GRACE_MS).unref();
}

/**
 * The gate of the live WebSocket: the origin (when ALLOWED_ORIGINS is set) before the upgrade,
 * the process's and each user's connection caps, and each connection's message rate. Calls on an
 * admitted connection are limited by its guard (limits/connection-guard.ts) through tRPC's context.
 */
export function createLiveSockets(wss: WebSocketServer, limits: LiveSocketLimits, log: Logger) {
  const connections = new WeakMap<WebSocket, LiveConnection>();
  const perUser = new Map<string, number>();
  const allowed = new Set(limits.allowedOrigins);

  function admit(client: WebSocket): LiveConnection {
    const guard = createConnectionGuard(limits);
    let userId: string | null = null;
    client.on('message', () => {
      if (!guard.acceptMessage()) {
        log.warn('live connection closed for sending too many messages', { userId });
        closeWith(client, LIVE_CLOSE_CODES.tooManyMessages, `More than ${limits.maxMessagesPerSecond} messages per second`);
      }
    });
    client.once('close', () => {
      if (userId === null) return;
      const left = (perUser.get(userId) ?? 1) - 1;
      if (left > 0) perUser.set(userId, left);
      else perUser.delete(userId);
    });
    return {
      guard,
      claimUser(id) {
        if (userId !== null) return true;
        const open = perUser.get(id) ?? 0;
        if (open >= limits.maxConnectionsPerUser) {
          closeWith(client, LIVE_CLOSE_CODES.tooManyConnectionsForUser, `At most ${limits.maxConnectionsPerUser} live connections per user: close another tab`);
          return false;
        }
        userId = id;
        perUser.set(id, open + 1);
        return true;
      },
    };
  }

  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      // Browsers always send Origin: a page elsewhere cannot open a socket with the user's
      // token. Other clients (services with the typed client) send none and are let through.
      const origin = req.headers.origin;
      if (allowed.size > 0 && origin !== undefined && !allowed.has(origin)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nThis origin may not open a live connection.\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (client) => {
        // ws has added the new client to wss.clients already.
        if (wss.clients.size > limits.maxConnections) {
          closeWith(client, LIVE_CLOSE_CODES.serverFull, 'This server is at its connection limit; retry later');
          return;
        }
        connections.set(client, admit(client));
        wss.emit('connection', client, req);
      });
    },
    connectionOf: (client: WebSocket): LiveConnection | null => connections.get(client) ?? null,
    usersConnected: () => perUser.size,
  };
}
