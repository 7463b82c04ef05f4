/**
 * Thrown by a service that cannot take a call right now (the ingest queue is full, Redis is
 * unreachable). The server reports it as SERVICE_UNAVAILABLE (HTTP 503) with
 * `data.retryAfterSeconds`; the typed client waits at least that long before it retries.
 */
export class RetryLaterError extends Error {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryLaterError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
