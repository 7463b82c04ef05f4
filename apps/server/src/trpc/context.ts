import type { IncomingMessage } from 'node:http';
import type { PulseContext, PulseServices } from '@pulse/api-contract/router';
import type { Actor } from '@pulse/api-contract/schemas';
import { type Authenticate, bearerCredential } from '../auth/authenticate.ts';

/** The inner context: what tests and server-side callers build directly. */
export function createContextInner(services: PulseServices, actor: Actor | null): PulseContext {
  return { actor, services };
}

type RequestInfo = { req: IncomingMessage; info: { connectionParams: Record<string, string | undefined> | null } };

/**
 * The outer context: reads the credential from the Authorization header (HTTP batch) or from
 * `connectionParams.token` (WebSocket, sent once per connection, and SSE), and the caller's
 * address (sign-in limits, audit).
 */
export function createContextFactory(services: PulseServices, authenticate: Authenticate, clientAddress: (req: IncomingMessage) => string | null = () => null) {
  return async ({ req, info }: RequestInfo): Promise<PulseContext> => {
    const credential = bearerCredential(req.headers.authorization) ?? info.connectionParams?.token ?? null;
    return { ...createContextInner(services, await authenticate(credential)), clientAddress: clientAddress(req) };
  };
}
