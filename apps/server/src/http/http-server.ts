import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { DomainError, retryAfterSecondsOf } from '@pulse/api-contract/errors';
import { appRouter, type PulseContext } from '@pulse/api-contract/router';
import { CALL_LIMITS } from '@pulse/api-contract/schemas';
import { WebSocketServer } from 'ws';
import { errorFields, type Logger } from '../log.ts';
import { createLiveSockets, type LiveConnection, type LiveSocketLimits } from './live-sockets.ts';
import { sendDomainError, sendError } from './responses.ts';
import { setSecurityHeaders } from './security-headers.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

type Routes = {
  createContext(opts: {
    req: IncomingMessage;
    /** The WebSocket or the HTTP response: a long-lived one is watched so it ends with its session. */
    res?: unknown;
    info: { connectionParams: Record<string, string | undefined> | null; type?: string };
    connection?: LiveConnection | null;
  }): Promise<PulseContext>;
  ingest: Handler;
  /** Segment-compatible ingest under /v1/ (segment.route.ts). */
  segment: Handler;
  metricsIngest: Handler;
  /** The browser's session with its refresh token in an httpOnly cookie (session.route.ts). */
  session: Handler;
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

/** Retry-After for an answer with a limit or backpressure error: the longest wait any call asks for. */
function retryAfterHeader(errors: readonly { cause?: unknown }[]): { headers?: Record<string, string> } {
  const seconds = Math.max(0, ...errors.map((error) => (error.cause instanceof DomainError ? (retryAfterSecondsOf(error.cause) ?? 0) : 0)));
  return seconds > 0 ? { headers: { 'retry-after': String(seconds) } } : {};
}

/** The request body limit of tRPC calls (an ingest batch of 1000 events fits). */
const TRPC_MAX_BODY_BYTES = 1_048_576;

/**
 * HTTP and WebSocket on one port: tRPC at /trpc (batching over HTTP, subscriptions over
 * WebSocket or Server-Sent Events), the ingest endpoints (events, metrics), health probes, the
 * Prometheus exposition and the SPA.
 */
export function createHttpServer(routes: Routes, log: Logger, liveLimits: LiveSocketLimits) {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: TRPC_MAX_BODY_BYTES,
    maxBatchSize: CALL_LIMITS.maxCallsPerBatch,
    createContext: routes.createContext,
    responseMeta: ({ errors }) => retryAfterHeader(errors),
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
      : path === '/api/session' || path.startsWith('/api/session/') ? routes.session
      : path === '/metrics' ? routes.metrics
      : path === '/health' ? routes.health
      : path === '/ready' ? routes.ready
      : routes.web;
    setSecurityHeaders(res, handler === routes.web ? 'spa' : 'api');
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      // A route may refuse with a domain error (a rate limit) before it reads the body.
      if (error instanceof DomainError && !res.headersSent) return sendDomainError(res, error);
      log.error('request failed', { path, ...errorFields(error) });
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on our side; it has been logged.');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: TRPC_MAX_BODY_BYTES });
  const sockets = createLiveSockets(wss, liveLimits, log);
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    maxBatchSize: CALL_LIMITS.maxCallsPerBatch,
    createContext: ({ req, res, info }) => routes.createContext({ req, res, info, connection: sockets.connectionOf(res) }),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/trpc')) return socket.destroy();
    sockets.upgrade(req, socket, head);
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
