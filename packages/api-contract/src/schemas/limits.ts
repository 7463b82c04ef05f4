/**
 * Ingest limits. They are part of the contract so clients can check before sending;
 * the server enforces the same numbers and answers 400 / 413 with the reason.
 */
export const INGEST_LIMITS = {
  /** Events in one batch (one tRPC call or one HTTP request). */
  maxEventsPerBatch: 1000,
  /** Bytes of one HTTP request body. */
  maxBatchBytes: 1_048_576,
  /** Bytes of one event's `properties`, serialised as JSON. */
  maxPropertiesBytes: 8192,
  /** Keys in one event's `properties`. */
  maxPropertyKeys: 50,
  /** Length of any identifier string (user id, session id, custom type). */
  maxIdLength: 200,
  /** How far in the past an event's `occurredAt` may lie. */
  maxPastMs: 30 * 24 * 3600 * 1000,
  /** How far in the future an event's `occurredAt` may lie (client clock skew). */
  maxFutureMs: 60 * 60 * 1000,
} as const;
