import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { http, HttpResponse } from 'msw';
import { DomainError, InvalidInputError, retryAfterSecondsOf } from '@pulse/api-contract/errors';
import { appRouter } from '@pulse/api-contract/router';
import type { Session } from '@pulse/api-contract/schemas';
import { ZodError } from 'zod';
import type { FakeServices } from './fake-services.ts';
import { type Authenticate, contextFor, ORIGIN, type ProcedureCall, reportNotFaked } from './trpc-server.ts';

/** The httpOnly cookie the browser holds for `/api/session/*`: the test sees it, the SPA never does. */
export type CookieJar = { refreshToken: string | null };

/** The error body the server's `sendDomainError` writes, from what the real router threw. */
function errorAnswer(error: unknown): Response {
  if (!(error instanceof TRPCError)) throw error;
  reportNotFaked({ error });
  const cause = error.cause;
  const issues = cause instanceof ZodError || cause instanceof InvalidInputError ? cause.issues : undefined;
  const retryAfterSeconds = cause instanceof DomainError ? retryAfterSecondsOf(cause) : null;
  const headers: Record<string, string> = retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) };
  return HttpResponse.json(
    { error: error.code.toLowerCase(), message: error.message, ...(issues ? { issues } : {}), ...(retryAfterSeconds === null ? {} : { retryAfterSeconds }) },
    { status: getHTTPStatusCodeFromError(error), headers },
  );
}

const withoutRefreshToken = ({ refreshToken: _cookie, ...session }: Session) => session;

/**
 * `ORIGIN/api/session/{login,refresh,logout}` as the server answers them: the test's fake
 * `auth` service behind the real router, the refresh token kept in `jar` (the cookie) and
 * never in the body, 403 without the CSRF header. Each call is recorded in `calls` as the auth
 * procedure it stands for, with the refresh token the cookie carried as its input.
 */
export function sessionHttp(options: { services: FakeServices; authenticate: Authenticate; calls: ProcedureCall[]; jar: CookieJar }) {
  const { jar, calls } = options;
  return http.post(`${ORIGIN}/api/session/:action`, async ({ request, params }) => {
    if (request.headers.get('x-pulse-request') !== '1') {
      return HttpResponse.json({ error: 'forbidden', message: 'Send "X-Pulse-Request: 1".' }, { status: 403 });
    }
    const caller = appRouter.createCaller(contextFor(options.services, options.authenticate, null));
    const cookie = jar.refreshToken ? { refreshToken: jar.refreshToken } : {};
    const record = (path: string, input: unknown) => calls.push({ path, input, authorization: request.headers.get('authorization') });
    try {
      switch (params.action) {
        case 'login': {
          const input: unknown = await request.json();
          record('auth.login', input);
          const session = await caller.auth.login(input as Parameters<typeof caller.auth.login>[0]);
          jar.refreshToken = session.refreshToken;
          return HttpResponse.json(withoutRefreshToken(session));
        }
        case 'refresh': {
          record('auth.refresh', cookie);
          if (!jar.refreshToken) return HttpResponse.json({ error: 'unauthorized', message: 'No session: sign in.' }, { status: 401 });
          const session = await caller.auth.refresh({ refreshToken: jar.refreshToken });
          jar.refreshToken = session.refreshToken;
          return HttpResponse.json(withoutRefreshToken(session));
        }
        case 'logout': {
          record('auth.logout', cookie);
          jar.refreshToken = null;
          return HttpResponse.json(await caller.auth.logout(cookie));
        }
        default:
          return HttpResponse.json({ error: 'not_found', message: 'No such session call.' }, { status: 404 });
      }
    } catch (error) {
      // The server clears the cookie of a session it refused.
      if (params.action === 'refresh' && error instanceof TRPCError && error.code === 'UNAUTHORIZED') jar.refreshToken = null;
      return errorAnswer(error);
    }
  });
}
