import type { ServerResponse } from 'node:http';
import { DOMAIN_ERROR_STATUS, type DomainError, type DomainErrorCode, InvalidInputError, retryAfterSecondsOf } from '@pulse/api-contract/errors';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Error bodies share one shape: a machine-readable code, a sentence for people, details. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error, message, ...extra }, headers);
}

const ERROR_NAMES: Record<DomainErrorCode, string> = {
  INVALID: 'invalid_input',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  TOO_MANY_REQUESTS: 'too_many_requests',
  UNAVAILABLE: 'unavailable',
};

/**
 * The one place a domain error becomes a plain HTTP answer: its status, its message, the issues
 * of an invalid input, and Retry-After for what a retry can fix.
 */
export function sendDomainError(res: ServerResponse, error: DomainError, extra: Record<string, unknown> = {}, name = ERROR_NAMES[error.code]): void {
  const retryAfterSeconds = retryAfterSecondsOf(error);
  const details = {
    ...extra,
    ...(error instanceof InvalidInputError ? { issues: error.issues } : {}),
    ...(retryAfterSeconds === null ? {} : { retryAfterSeconds }),
  };
  sendError(res, DOMAIN_ERROR_STATUS[error.code], name, error.message, details, retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) });
}
