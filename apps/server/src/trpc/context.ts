import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { PulseContext, PulseServices } from '@pulse/api-contract/router';
import type { Actor } from '@pulse/api-contract/schemas';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';
import type { LiveConnection } from '../http/live-sockets.ts';
import { type CallLimits, createCallAdmission } from '../limits/call-admission.ts';

/** The inner context: what tests and server-side callers build directly. */
export function createContextInner(services: PulseServices, actor: Actor | null): PulseContext {
  return { actor, services };
}

type RequestInfo = {
  req: IncomingMessage;
  info: { connectionParams: Record<string, string | undefined> | null };
  /** Set for a WebSocket connection (once per connection), absent for HTTP requests. */
  connection?: LiveConnection | null;
};

/**
 * The outer context: reads the credential from the Authorization header (HTTP batch) or from
 * `connectionParams.token` (WebSocket, sent once per connection, and SSE), and the limits of the
 * caller's calls (limits/call-admission.ts). A WebSocket of a user at their connection cap is
 * closed with its code, and its calls refused.
 */
export function createContextFactory(services: PulseServices, authenticate: Authenticate, limits?: CallLimits) {
  return async ({ req, info, connection }: RequestInfo): Promise<PulseContext> => {
    const credential = bearerCredential(req.headers.authorization) ?? info.connectionParams?.token ?? null;
    const actor = await authenticate(credential);
    if (connection && actor?.kind === 'user' && !connection.claimUser(actor.userId)) {
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Too many live connections for this user: close another tab.' });
    }
    const context = createContextInner(services, actor);
    if (!limits) return context;
    return { ...context, admission: createCallAdmission(limits, actor, req.socket.remoteAddress ?? 'unknown', connection?.guard ?? null) };
  };
}
