import type { Actor } from '../schemas/auth.ts';
import type { PulseServices } from './services.ts';

/**
 * The inner context: everything a procedure may use. The server's outer context builds it
 * from a request (token in the header or in the WebSocket connectionParams); tests and
 * server-side callers build it directly.
 */
export type PulseContext = {
  actor: Actor | null;
  services: PulseServices;
  /** The caller's network address (TRUST_PROXY decides whether X-Forwarded-For counts); absent in-process. */
  clientAddress?: string | null;
};
