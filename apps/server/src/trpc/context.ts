import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { PulseContext, PulseServices } from '@pulse/api-contract/router';
import type { Actor, UserActor } from '@pulse/api-contract/schemas';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import type { WatchedConnection } from '../auth/session-check.ts';
import { longLivedConnection } from '../auth/watched-connection.ts';
import type { LiveConnection } from '../http/live-sockets.ts';
import { type CallLimits, createCallAdmission } from '../limits/call-admission.ts';

/** The inner context: what tests and server-side callers build directly. */
export function createContextInner(services: PulseServices, actor: Actor | null): PulseContext {
  return { actor, services };
}

type RequestInfo = {
  req: IncomingMessage;
  res?: unknown;
  info: { connectionParams: Record<string, string | undefined> | null; type?: string };
  /** Set for a WebSocket connection (once per connection), absent for HTTP requests. */
  connection?: LiveConnection | null;
};

type ContextOptions = {
  /** The caller's address (TRUST_PROXY). */
  clientAddress?(req: IncomingMessage): string | null;
  /** Ends a WebSocket or SSE stream, which authenticates once, when its session ends. */
  watchSession?(actor: UserActor, connection: WatchedConnection): void;
  /** Calls per user, key and address; subscriptions and calls in flight per connection. */
  limits?: CallLimits;
};

/**
 * The outer context: reads the credential from the Authorization header (HTTP batch) or from
 * `connectionParams.token` (WebSocket, sent once per connection, and SSE), the caller's address
 * (sign-in limits, audit) and the limits of the caller's calls (limits/call-admission.ts). A
 * WebSocket of a user at their connection cap is closed with its code, and its calls refused; a
 * WebSocket or SSE stream is watched so that it ends with its session.
 */
export function createContextFactory(services: PulseServices, authenticate: Authenticate, options: ContextOptions = {}) {
  return async ({ req, res, info, connection }: RequestInfo): Promise<PulseContext> => {
    const credential = bearerCredential(req.headers.authorization) ?? info.connectionParams?.token ?? null;
    const actor = await authenticate(credential);
    if (connection && actor?.kind === 'user' && !connection.claimUser(actor.userId)) {
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Too many live connections for this user: close another tab.' });
    }
    const watched = actor?.kind === 'user' ? longLivedConnection(res, info.type) : null;
    if (actor?.kind === 'user' && watched) options.watchSession?.(actor, watched);
    const clientAddress = options.clientAddress?.(req) ?? null;
    const context: PulseContext = { ...createContextInner(services, actor), clientAddress };
    if (!options.limits) return context;
    return { ...context, admission: createCallAdmission(options.limits, actor, clientAddress ?? req.socket.remoteAddress ?? 'unknown', connection?.guard ?? null) };
  };
}
