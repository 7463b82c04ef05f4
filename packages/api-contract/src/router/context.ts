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
  /**
   * The transport's limits (calls per user or key, subscriptions and calls in flight per
   * WebSocket connection). Asked before every call; absent for server-side callers.
   */
  admission?: CallAdmission;
};

export type CallType = 'query' | 'mutation' | 'subscription';

export type CallAdmission = {
  /**
   * Admits one call or throws a domain error (`TooManyRequestsError`). The returned function is
   * called once the call is over: when a query or mutation settles, when a subscription ends.
   */
  admit(call: { type: CallType; path: string }): Promise<() => void>;
};
