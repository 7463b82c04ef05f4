import type { IncomingMessage } from 'node:http';
import type { PulseContext, PulseServices } from '@pulse/api-contract/router';
import type { Actor, UserActor } from '@pulse/api-contract/schemas';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import type { WatchedConnection } from '../auth/session-check.ts';
import { longLivedConnection } from '../auth/watched-connection.ts';

/** The inner context: what tests and server-side callers build directly. */
export function createContextInner(services: PulseServices, actor: Actor | null): PulseContext {
  return { actor, services };
}

type RequestInfo = { req: IncomingMessage; res?: unknown; info: { connectionParams: Record<string, string | undefined> | null; type?: string } };

type ConnectionHooks = {
  /** The caller's address (TRUST_PROXY). */
  clientAddress?(req: IncomingMessage): string | null;
  /** Ends a WebSocket or SSE stream, which authenticates once, when its session ends. */
  watchSession?(actor: UserActor, connection: WatchedConnection): void;
};

/**
 * The outer context: reads the credential from the Authorization header (HTTP batch) or from
 * `connectionParams.token` (WebSocket, sent once per connection, and SSE), and the caller's
 * address (sign-in limits, audit).
 */
export function createContextFactory(services: PulseServices, authenticate: Authenticate, hooks: ConnectionHooks = {}) {
  return async ({ req, res, info }: RequestInfo): Promise<PulseContext> => {
    const credential = bearerCredential(req.headers.authorization) ?? info.connectionParams?.token ?? null;
    const actor = await authenticate(credential);
    const connection = actor?.kind === 'user' ? longLivedConnection(res, info.type) : null;
    if (actor?.kind === 'user' && connection) hooks.watchSession?.(actor, connection);
    return { ...createContextInner(services, actor), clientAddress: hooks.clientAddress?.(req) ?? null };
  };
}
