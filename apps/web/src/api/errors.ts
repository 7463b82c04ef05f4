import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@pulse/api-contract/router';

export type ApiError = TRPCClientError<AppRouter>;

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

/** The tRPC code the server answered with (`UNAUTHORIZED`, ...), or null if it did not answer. */
export function errorCode(error: unknown): string | null {
  return isApiError(error) ? (error.data?.code ?? null) : null;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === 'UNAUTHORIZED';
}

/** No answer from the Pulse server at all: network down, server stopped, proxy error page. */
export function isUnreachable(error: unknown): boolean {
  return !isApiError(error) || !error.shape;
}

/**
 * The error in words for a person, with what to do about it. The server's own message is
 * used where it is written for people (auth, scope and validation answers).
 */
export function describeError(error: unknown): string {
  if (!isApiError(error) || isUnreachable(error)) {
    return "Can't reach the Pulse server. Check that it is running and your network is up, then try again.";
  }
  const apiError = error;
  const code = errorCode(apiError);
  const serverMessage = apiError.message.trim();
  switch (code) {
    case 'BAD_REQUEST': {
      const issues = apiError.data?.issues ?? null;
      if (issues && issues.length > 0) {
        return issues
          .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
          .join('; ');
      }
      return serverMessage || 'The request was not valid.';
    }
    case 'UNAUTHORIZED':
      return serverMessage || 'Your session has expired. Sign in again.';
    case 'FORBIDDEN':
      return serverMessage || 'Your account may not see this.';
    case 'NOT_FOUND':
      return serverMessage || 'Not found.';
    case 'TOO_MANY_REQUESTS': {
      // The server says how long (sign-in locks, rate limits): say it in words people use.
      const seconds = apiError.data?.retryAfterSeconds ?? null;
      const wait = seconds === null ? 'a minute' : seconds < 90 ? `${Math.max(1, Math.ceil(seconds))} seconds` : `${Math.ceil(seconds / 60)} minutes`;
      return `${serverMessage || 'Too many attempts.'} Try again in ${wait}.`;
    }
    case 'TIMEOUT':
    case 'SERVICE_UNAVAILABLE':
    case 'BAD_GATEWAY':
    case 'GATEWAY_TIMEOUT':
      return 'The Pulse server is busy or restarting. Try again in a moment.';
    default:
      return 'The Pulse server had a problem answering. Try again in a moment; if it keeps happening, check the server logs.';
  }
}
