import type { LoginInput, Me, Session } from '@pulse/api-contract/schemas';
import type { AuthApi } from '../api/auth-client.ts';
import { isUnreachable } from '../api/errors.ts';
import { clearStoredSession, readStoredSession, SESSION_STORAGE_KEY, writeStoredSession } from './token-storage.ts';

export type AuthState =
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; session: Session };

/** `unavailable`: the server could not be asked (network, restart); the session is kept. */
export type RefreshOutcome = 'ok' | 'rejected' | 'unavailable';

export const SESSION_EXPIRED_NOTICE = 'Your session has expired. Sign in again to continue.';
export const SIGNED_OUT_ELSEWHERE_NOTICE = 'You were signed out in another tab.';

/** Refresh this long before the access token expires (at most a quarter of what is left). */
const REFRESH_MARGIN_MS = 60_000;
/** After a refresh the server could not answer, try again this much later. */
const REFRESH_RETRY_MS = 15_000;
/** setTimeout fires at once above 2^31 - 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

export type SessionStoreOptions = {
  /** Created with a token getter that reads this store (see `createBrowserSessionStore`). */
  auth: AuthApi;
  storage: Storage;
  now?: () => number;
};

/**
 * The signed-in session, outside React: tokens in localStorage, the refresh before expiry
 * and when the API client's auth link meets an UNAUTHORIZED answer (one at a time), sign-out, and the other tabs kept in step.
 * React reads it with `useSyncExternalStore` (see `useSession`).
 */
export class SessionStore {
  readonly #auth: AuthApi;
  readonly #storage: Storage;
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  #state: AuthState;
  #refreshing: Promise<RefreshOutcome> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;

  constructor(options: SessionStoreOptions) {
    this.#auth = options.auth;
    this.#storage = options.storage;
    this.#now = options.now ?? Date.now;
    const stored = readStoredSession(this.#storage);
    this.#state = stored ? { status: 'signed-in', session: stored } : { status: 'signed-out', notice: null };
  }

  readonly getState = (): AuthState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getAccessToken = (): string | null =>
    this.#state.status === 'signed-in' ? this.#state.session.accessToken : null;

  /**
   * Starts the refresh timer and listens to the other tabs. Returns the stop function. (The
   * signed-in app checks a restored session with `auth.me`: an expired one is refreshed by
   * the API client's auth link, or ends here.)
   */
  start(): () => void {
    this.#started = true;
    const onStorage = (event: StorageEvent) => this.#onStorage(event);
    window.addEventListener('storage', onStorage);
    this.#schedule();
    return () => {
      this.#started = false;
      window.removeEventListener('storage', onStorage);
      clearTimeout(this.#timer);
      this.#timer = undefined;
    };
  }

  /** Throws the server's answer (wrong password, validation, unreachable) for the form. */
  async signIn(input: LoginInput): Promise<void> {
    const session = await this.#auth.login(input);
    this.#setSession(session);
  }

  /**
   * Clears the tokens; the signed-in tree unmounts and closes its socket. The server is asked to
   * end the session too (best effort: the browser forgets it either way).
   */
  signOut(notice: string | null = null): void {
    if (this.#state.status === 'signed-in') this.#auth.logout({ refreshToken: this.#state.session.refreshToken }).catch(() => undefined);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#refreshing = null;
    clearStoredSession(this.#storage);
    this.#set({ status: 'signed-out', notice });
  }

  /** Trades the refresh token for a new session; concurrent callers share one request. */
  refresh(): Promise<RefreshOutcome> {
    if (this.#refreshing) return this.#refreshing;
    if (this.#state.status !== 'signed-in') return Promise.resolve('rejected');
    const { refreshToken } = this.#state.session;
    const attempt = this.#refreshWith(refreshToken).finally(() => {
      if (this.#refreshing === attempt) this.#refreshing = null;
    });
    this.#refreshing = attempt;
    return attempt;
  }

  async #refreshWith(refreshToken: string): Promise<RefreshOutcome> {
    try {
      const next = await this.#auth.refresh({ refreshToken });
      // Signed out meanwhile: do not bring that session back.
      if (this.#state.status !== 'signed-in') return 'rejected';
      // Another tab refreshed first and its session is in use: that one counts.
      if (this.#state.session.refreshToken !== refreshToken) return 'ok';
      this.#setSession(next);
      return 'ok';
    } catch (error) {
      if (this.#state.status !== 'signed-in') return 'rejected';
      if (this.#state.session.refreshToken !== refreshToken) return 'ok';
      if (isUnreachable(error)) {
        this.#schedule(REFRESH_RETRY_MS);
        return 'unavailable';
      }
      this.signOut(SESSION_EXPIRED_NOTICE);
      return 'rejected';
    }
  }

  /** The user as `auth.me` answered (role or organizations may have changed since sign-in). */
  updateUser(user: Me): void {
    if (this.#state.status !== 'signed-in' || this.#state.session.user.id !== user.id) return;
    this.#setSession({ ...this.#state.session, user });
  }

  #setSession(session: Session): void {
    writeStoredSession(this.#storage, session);
    this.#set({ status: 'signed-in', session });
    this.#schedule();
  }

  #set(state: AuthState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }

  /** Plans the next refresh: shortly before expiry, or after `delayMs` when given. */
  #schedule(delayMs?: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#started || this.#state.status !== 'signed-in') return;
    let delay = delayMs;
    if (delay === undefined) {
      const expiresAt = Date.parse(this.#state.session.accessTokenExpiresAt);
      const left = expiresAt - this.#now();
      delay = left - Math.min(REFRESH_MARGIN_MS, left / 4);
    }
    this.#timer = setTimeout(() => void this.refresh(), Math.min(MAX_TIMER_MS, Math.max(0, delay)));
  }

  /** Another tab signed in, refreshed (refresh tokens may rotate) or signed out. */
  #onStorage(event: StorageEvent): void {
    if (event.key !== SESSION_STORAGE_KEY && event.key !== null) return;
    const next = event.key === null ? null : readStoredSession(this.#storage, event.newValue);
    if (next) {
      this.#set({ status: 'signed-in', session: next });
      this.#schedule();
    } else if (this.#state.status === 'signed-in') {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#set({ status: 'signed-out', notice: SIGNED_OUT_ELSEWHERE_NOTICE });
    }
  }
}
