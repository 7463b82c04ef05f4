/**
 * The errors domain code throws. They know nothing of a transport: the tRPC router maps them
 * once (`router/map-domain-errors.ts`) and the plain HTTP routes map them once
 * (`apps/server/src/http/responses.ts`), both from `DOMAIN_ERROR_STATUS`.
 */
export type DomainErrorCode = 'INVALID' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'UNAVAILABLE';

/** One problem with one field of the input, in the shape zod reports (so clients handle one shape). */
export type InputIssue = { path: PropertyKey[]; message: string; code?: string };

/** The HTTP status each code answers with, for both transports. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
};

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** The input is wrong and resending it unchanged will not help; `issues` point at the fields. */
export class InvalidInputError extends DomainError {
  readonly code = 'INVALID';
  readonly issues: readonly InputIssue[];

  constructor(message: string, issues: readonly InputIssue[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidInputError';
    this.issues = issues;
  }
}

export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';
  override name = 'UnauthorizedError';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  override name = 'ForbiddenError';
}

/** Also what a caller gets for another tenant's id: it must not learn that the id exists. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  override name = 'NotFoundError';
}

/** The thing changed under the caller (a stale version, an alert already resolved). */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  override name = 'ConflictError';
}

/** Errors a caller should retry after `retryAfterSeconds` (sent as Retry-After and in the body). */
abstract class RetryableError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A limit was reached (sign-in attempts, calls per minute); the same call works later. */
export class TooManyRequestsError extends RetryableError {
  readonly code = 'TOO_MANY_REQUESTS';
  override name = 'TooManyRequestsError';
}

/**
 * Thrown by a service that cannot take a call right now (the ingest queue is full, Redis is
 * unreachable): 503 with `retryAfterSeconds`; the typed client waits at least that long before it
 * retries. Only for what a retry can fix: a permanent problem is an `InvalidInputError`.
 */
export class RetryLaterError extends RetryableError {
  readonly code = 'UNAVAILABLE';
  override name = 'RetryLaterError';
}

/** How long to wait before retrying, for the errors that have one. */
export function retryAfterSecondsOf(error: DomainError): number | null {
  return error instanceof RetryableError ? error.retryAfterSeconds : null;
}

/** Our own checks beyond a schema (the accepted time window, one type per metric) report zod issues. */
export function invalidInputFromIssues(message: string, issues: readonly { path: PropertyKey[]; message: string; code?: string }[]): InvalidInputError {
  return new InvalidInputError(message, issues.map(({ path, message: issueMessage, code }) => ({ path, message: issueMessage, code })));
}
