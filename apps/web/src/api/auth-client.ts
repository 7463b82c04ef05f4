import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@pulse/api-contract/router';
import { BrowserSession, type LoginInput, LogoutResult } from '@pulse/api-contract/schemas';

/**
 * The calls the session needs, before and beside the signed-in client. The refresh token never
 * reaches this code: the server keeps it in an httpOnly cookie sent only to `/api/session/*`.
 */
export type AuthApi = {
  login(input: LoginInput): Promise<BrowserSession>;
  /** Trades the cookie for a new access token (and a rotated cookie). */
  refresh(): Promise<BrowserSession>;
  /** Ends the session the cookie names, even after the access token expired, and clears the cookie. */
  logout(): Promise<LogoutResult>;
};

/** The tRPC code of each status `/api/session/*` answers, so one error helper reads both transports. */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

type ErrorBody = { message?: unknown; issues?: unknown; retryAfterSeconds?: unknown };

/** The server's plain-HTTP error as the error the rest of the SPA understands (`api/errors.ts`). */
function apiErrorOf(status: number, body: ErrorBody): TRPCClientError<AppRouter> {
  const message = typeof body.message === 'string' ? body.message : '';
  const code = CODES[status] ?? 'INTERNAL_SERVER_ERROR';
  const data = {
    code,
    httpStatus: status,
    issues: Array.isArray(body.issues) ? body.issues : null,
    retryAfterSeconds: typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : null,
  };
  return TRPCClientError.from({ error: { message, code: -32_000, data } });
}

/** Same-origin POSTs with the header the server's CSRF check asks for; the browser adds the cookie. */
export function createAuthApi(options: { baseUrl: string }): AuthApi {
  async function post(action: string, body?: unknown): Promise<unknown> {
    const response = await fetch(new URL(`/api/session/${action}`, options.baseUrl), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-pulse-request': '1' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Not JSON (a proxy's error page): as good as no answer from Pulse.
    const answer = (await response.json()) as unknown;
    if (!response.ok) throw apiErrorOf(response.status, typeof answer === 'object' && answer !== null ? answer : {});
    return answer;
  }
  return {
    login: async (input) => BrowserSession.parse(await post('login', input)),
    refresh: async () => BrowserSession.parse(await post('refresh')),
    logout: async () => LogoutResult.parse(await post('logout')),
  };
}
