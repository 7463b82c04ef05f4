import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { appRouter, type PulseContext } from '@pulse/api-contract/router';
import { WebSocketServer } from 'ws';
import { errorFields, type Logger } from '../log.ts';
import { sendError } from './responses.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

type Routes = {
  createContext(opts: { req: IncomingMessage; info: { connectionParams: Record<string, string | undefined> | null } }): Promise<PulseContext>;
  ingest: Handler;
  /** Segment-compatible ingest under /v1/ (segment.route.ts). */
  segment: Handler;
  metricsIngest: Handler;
  /** Prometheus exposition. */
  metrics: Handler;
  health: Handler;
  ready: Handler;
  web: Handler;
};

/**
 * The methods some route of this server answers. Any other (TRACE, CONNECT, PROPFIND...) gets
 * 405 with this list before routing, so no route sees a method it was not written for.
 */
const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];

/** The request body limit of tRPC calls (an ingest batch of 1000 events fits). */
const TRPC_MAX_BODY_BYTES = 1_048_576;

/**
 * HTTP and WebSocket on one port: tRPC at /trpc (batching over HTTP, subscriptions over
 * WebSocket or Server-Sent Events), the ingest endpoints (events, metrics), health probes, the
 * Prometheus exposition and the SPA.
 */
export function createHttpServer(routes: Routes, log: Logger) {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: TRPC_MAX_BODY_BYTES,
    createContext: routes.createContext,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error('trpc call failed', { path, ...errorFields(error.cause ?? error) });
    },
  });

  const server: Server = createServer((req, res) => {
    if (!KNOWN_METHODS.includes(req.method ?? '')) {
      req.resume();
      return sendError(res, 405, 'method_not_allowed', `${req.method} is not a method Pulse answers.`, {}, { allow: KNOWN_METHODS.join(', ') });
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler: Handler =
      path === '/trpc' || path.startsWith('/trpc/') ? trpc
      : path === '/api/ingest' ? routes.ingest
      : path.startsWith('/v1/') ? routes.segment
      : path === '/api/metrics' ? routes.metricsIngest
      : path === '/metrics' ? routes.metrics
      : path === '/health' ? routes.health
      : path === '/ready' ? routes.ready
      : routes.web;
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      log.error('request failed', { path, ...errorFields(error) });
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on our side; it has been logged.');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: TRPC_MAX_BODY_BYTES });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: routes.createContext,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/trpc')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
  });

  return {
    server,
    connectionCount: () => wss.clients.size,
    /** Stop taking connections, ask WebSocket clients to reconnect elsewhere, then close. */
    async close(): Promise<void> {
      wsHandler.broadcastReconnectNotification();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const client of wss.clients) client.terminate();
          server.closeAllConnections();
        }, 1000).unref();
      });
      wss.close();
    },
  };
}
