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
};
