/**
 * Ingest limits. They are part of the contract so clients can check before sending;
 * the server enforces the same numbers and answers 400 / 413 with the reason.
 * docs/api.md ("Limits") lists them with the error each one produces.
 */
export const INGEST_LIMITS = {
  /** Events in one batch (one tRPC call or one HTTP request). */
  maxEventsPerBatch: 1000,
  /** Bytes of one HTTP request body (and of one tRPC call). */
  maxBatchBytes: 1_048_576,
  /** Bytes of one event serialised as JSON (UTF-8): envelope and properties together. */
  maxEventBytes: 16_384,
  /** Keys in one event's `properties` (top level). */
  maxPropertyKeys: 50,
  /** Length of a property name, at any depth. */
  maxPropertyKeyLength: 100,
  /** Length of any string value inside `properties`, at any depth. */
  maxPropertyStringLength: 4096,
  /** Nesting of objects and arrays inside `properties` (`{"a": {"b": 1}}` is 2 levels). */
  maxPropertyDepth: 8,
  /** Length of any identifier string (user id, session id, custom type). */
  maxIdLength: 200,
  /** How far in the past an event's `occurredAt` may lie. */
  maxPastMs: 30 * 24 * 3600 * 1000,
  /** How far in the future an event's `occurredAt` may lie (client clock skew). */
  maxFutureMs: 60 * 60 * 1000,
} as const;

/**
 * Limits of tRPC calls, enforced by the server. The typed client splits its HTTP batches at
 * `maxCallsPerBatch`; a larger batch (HTTP or one WebSocket message) is refused with 400.
 */
export const CALL_LIMITS = {
  maxCallsPerBatch: 100,
} as const;

/**
 * Close codes of the live WebSocket (4000-4999 are the application's). A client should tell
 * its user what happened rather than reconnect at once: the same limit answers again.
 * docs/operations.md lists the settings behind each.
 */
export const LIVE_CLOSE_CODES = {
  /** This user has WS_MAX_CONNECTIONS_PER_USER live connections open already (other tabs). */
  tooManyConnectionsForUser: 4429,
  /** The connection sent more than WS_MAX_MESSAGES_PER_SECOND messages in a second. */
  tooManyMessages: 4430,
  /** This server process holds WS_MAX_CONNECTIONS connections: retry later (or elsewhere). */
  serverFull: 4503,
  /** The session this connection authenticated with was signed out or revoked. */
  sessionEnded: 4401,
} as const;
