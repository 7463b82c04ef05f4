import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DomainError, ForbiddenError, InvalidInputError, UnauthorizedError } from '@pulse/api-contract/errors';
import type { PulseServices } from '@pulse/api-contract/router';
import { type BrowserSession, type CallerOrigin, LoginInput, type Session } from '@pulse/api-contract/schemas';
import { REFRESH_TOKEN_TTL_SECONDS } from '../auth/tokens.ts';
import { readJsonBody } from './read-body.ts';
import { sendDomainError, sendError, sendJson } from './responses.ts';

export const REFRESH_COOKIE = 'pulse_refresh';
/** The cookie goes only to these endpoints: no other request (tRPC, the SPA's files) carries it. */
export const REFRESH_COOKIE_PATH = '/api/session';
/** The header the SPA adds to every call here: a cross-site form or image cannot set it. */
export const CSRF_HEADER = 'x-pulse-request';
const CREDENTIALS_MAX_BYTES = 4096;

type Options = {
  auth: Pick<PulseServices['auth'], 'login' | 'refresh' | 'logout'>;
  clientAddress(req: IncomingMessage): string | null;
  /** SESSION_COOKIE_SECURE: Secure on every answer, not only on https requests. */
  alwaysSecure: boolean;
  /** TRUST_PROXY: with a proxy in front, its X-Forwarded-Proto says whether the browser used https. */
  trustProxy: number;
};

function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim()) || null;
  }
  return null;
}

/**
 * CSRF: SameSite=Strict keeps the cookie off cross-site requests in current browsers; the custom
 * header (which a cross-site page can only send after a CORS preflight this server never grants)
 * and the Origin check cover older browsers and same-site subdomains.
 */
function isSameOriginCall(req: IncomingMessage): boolean {
  if (req.headers[CSRF_HEADER] !== '1') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The browser's session, `POST /api/session/{login,refresh,logout}`: the auth service's
 * sign-in, rotation (with reuse detection) and sign-out, with the refresh token kept in an
 * httpOnly, SameSite=Strict cookie instead of the answer body, so script in the page (an XSS)
 * can never read it. The access token is answered in the body and lives in the SPA's memory.
 */
export function createSessionRoute({ auth, clientAddress, alwaysSecure, trustProxy }: Options) {
  function isHttps(req: IncomingMessage): boolean {
    if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
    const forwarded = req.headers['x-forwarded-proto'];
    return trustProxy > 0 && typeof forwarded === 'string' && forwarded.split(',')[0]?.trim() === 'https';
  }

  function cookie(req: IncomingMessage, value: string, maxAgeSeconds: number): string {
    const secure = alwaysSecure || isHttps(req) ? '; Secure' : '';
    return `${REFRESH_COOKIE}=${encodeURIComponent(value)}; Max-Age=${maxAgeSeconds}; Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict${secure}`;
  }

  function sendSession(req: IncomingMessage, res: ServerResponse, session: Session): void {
    const { refreshToken, ...browserSession } = session;
    const body: BrowserSession = browserSession;
    sendJson(res, 200, body, { 'set-cookie': cookie(req, refreshToken, REFRESH_TOKEN_TTL_SECONDS), 'cache-control': 'no-store' });
  }

  /** An ended or unknown session: the browser forgets the cookie too. */
  function sendEnded(req: IncomingMessage, res: ServerResponse, error: DomainError): void {
    res.setHeader('set-cookie', cookie(req, '', 0));
    sendDomainError(res, error);
  }

  async function login(req: IncomingMessage, res: ServerResponse, origin: CallerOrigin): Promise<void> {
    const read = await readJsonBody(req, res, CREDENTIALS_MAX_BYTES, 'credentials');
    if (!read) return;
    const input = LoginInput.safeParse(read.body);
    if (!input.success) {
      return sendDomainError(res, new InvalidInputError('Send {"email", "password"}.', input.error.issues));
    }
    sendSession(req, res, await auth.login(input.data, origin));
  }

  async function refresh(req: IncomingMessage, res: ServerResponse, origin: CallerOrigin): Promise<void> {
    req.resume();
    const refreshToken = cookieOf(req, REFRESH_COOKIE);
    if (!refreshToken) return sendEnded(req, res, new UnauthorizedError('No session: sign in.'));
    try {
      sendSession(req, res, await auth.refresh({ refreshToken }, origin));
    } catch (error) {
      if (error instanceof UnauthorizedError) return sendEnded(req, res, error);
      throw error;
    }
  }

  async function logout(req: IncomingMessage, res: ServerResponse, origin: CallerOrigin): Promise<void> {
    req.resume();
    const refreshToken = cookieOf(req, REFRESH_COOKIE);
    const result = await auth.logout(refreshToken ? { refreshToken } : {}, null, origin);
    sendJson(res, 200, result, { 'set-cookie': cookie(req, '', 0), 'cache-control': 'no-store' });
  }

  const ACTIONS: Record<string, typeof login> = { login, refresh, logout };

  return async function handleSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const name = path.slice(`${REFRESH_COOKIE_PATH}/`.length);
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (!action) {
      req.resume();
      return sendError(res, 404, 'not_found', 'Use POST /api/session/login, /api/session/refresh or /api/session/logout.');
    }
    if (req.method !== 'POST') {
      req.resume();
      return sendError(res, 405, 'method_not_allowed', 'Use POST.', {}, { allow: 'POST' });
    }
    if (!isSameOriginCall(req)) {
      req.resume();
      return sendDomainError(res, new ForbiddenError(`Session calls come from the Pulse app itself: send "X-Pulse-Request: 1" from this origin.`));
    }
    await action(req, res, { address: clientAddress(req) });
  };
}
