import type { BrowserSession, LoginInput, Me } from '@pulse/api-contract/schemas';
import type { AuthApi } from '../api/auth-client.ts';
import { isUnreachable } from '../api/errors.ts';
import { clearSessionHint, readSessionHint, SESSION_STORAGE_KEY, writeSessionHint } from './session-hint.ts';

/** `restoring`: this browser has a session (a reload, another tab signed in) and asks the cookie for an access token. */
export type AuthState =
  | { status: 'signed-out'; notice: string | null }
  | { status: 'restoring' }
  | { status: 'signed-in'; session: BrowserSession };

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
  /** Where the session hint lives (who is signed in, never a token): localStorage in the browser. */
  storage: Storage;
  now?: () => number;
  /** A session this tab already holds in memory (as right after signing in). */
  session?: BrowserSession;
};

/**
 * The signed-in session, outside React: the access token in memory only (the refresh token is an
 * httpOnly cookie this code never sees), a hint of who is signed in in localStorage, the restore
 * from the cookie on load, the refresh before expiry
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
  /** Counts sign-ins and sign-outs: a refresh answered after one of them does not count. */
  #epoch = 0;

  constructor(options: SessionStoreOptions) {
    this.#auth = options.auth;
    this.#storage = options.storage;
    this.#now = options.now ?? Date.now;
    this.#state =
      options.session ? { status: 'signed-in', session: options.session }
      : readSessionHint(this.#storage) ? { status: 'restoring' }
      : { status: 'signed-out', notice: null };
  }

  readonly getState = (): AuthState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getAccessToken = (): string | null =>
    this.#state.status === 'signed-in' ? this.#state.session.accessToken : null;

  /**
   * Starts the refresh timer, restores a session from the cookie (a reloaded page) and listens
   * to the other tabs. Returns the stop function.
   */
  start(): () => void {
    this.#started = true;
    const onStorage = (event: StorageEvent) => this.#onStorage(event);
    window.addEventListener('storage', onStorage);
    if (this.#state.status === 'restoring') void this.refresh();
    else this.#schedule();
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
   * Forgets the access token; the signed-in tree unmounts and closes its socket. The server is
   * asked to end the session and clear the cookie (best effort: this tab forgets it either way).
   */
  signOut(notice: string | null = null): void {
    if (this.#state.status !== 'signed-out') this.#auth.logout().catch(() => undefined);
    clearSessionHint(this.#storage);
    this.#end(notice);
  }

  /**
   * Trades the cookie for a new access token; concurrent callers share one request. `refused`:
   * the access token a call was refused with; when this tab holds another one by now (a refresh
   * that finished meanwhile) that one counts, and the cookie is not spent again.
   */
  refresh(refused?: string | null): Promise<RefreshOutcome> {
    if (this.#refreshing) return this.#refreshing;
    if (this.#state.status === 'signed-out') return Promise.resolve('rejected');
    if (refused !== undefined && this.#state.status === 'signed-in' && this.#state.session.accessToken !== refused) return Promise.resolve('ok');
    const attempt = this.#refreshOnce(this.#epoch).finally(() => {
      if (this.#refreshing === attempt) this.#refreshing = null;
    });
    this.#refreshing = attempt;
    return attempt;
  }

  async #refreshOnce(epoch: number): Promise<RefreshOutcome> {
    // Signed in or out meanwhile (here or in another tab): that outcome counts, not this answer.
    const overtaken = (): RefreshOutcome => (this.#state.status === 'signed-in' ? 'ok' : 'rejected');
    try {
      const next = await this.#auth.refresh();
      if (this.#epoch !== epoch) return overtaken();
      this.#setSession(next);
      return 'ok';
    } catch (error) {
      if (this.#epoch !== epoch) return overtaken();
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

  #setSession(session: BrowserSession): void {
    if (this.#state.status !== 'signed-in') this.#epoch += 1;
    // Written when it changes only: every write wakes the other tabs.
    if (JSON.stringify(readSessionHint(this.#storage)?.user) !== JSON.stringify(session.user)) writeSessionHint(this.#storage, { user: session.user });
    this.#set({ status: 'signed-in', session });
    this.#schedule();
  }

  #end(notice: string | null): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#refreshing = null;
    this.#epoch += 1;
    this.#set({ status: 'signed-out', notice });
  }

  #set(state: AuthState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }

  /** Plans the next refresh: shortly before expiry, or after `delayMs` when given. */
  #schedule(delayMs?: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#started || this.#state.status === 'signed-out') return;
    let delay = delayMs;
    if (delay === undefined) {
      if (this.#state.status !== 'signed-in') return;
      const expiresAt = Date.parse(this.#state.session.accessTokenExpiresAt);
      const left = expiresAt - this.#now();
      delay = left - Math.min(REFRESH_MARGIN_MS, left / 4);
    }
    this.#timer = setTimeout(() => void this.refresh(), Math.min(MAX_TIMER_MS, Math.max(0, delay)));
  }

  /**
   * Another tab signed in (the cookie is shared: ask it for this tab's access token) or signed
   * out (the cookie is gone). Its refreshes need nothing here: each tab refreshes its own token.
   */
  #onStorage(event: StorageEvent): void {
    if (event.key !== SESSION_STORAGE_KEY && event.key !== null) return;
    const next = event.key === null ? null : readSessionHint(this.#storage, event.newValue);
    if (!next) {
      if (this.#state.status !== 'signed-out') this.#end(SIGNED_OUT_ELSEWHERE_NOTICE);
      return;
    }
    const sameUser = this.#state.status === 'signed-in' && this.#state.session.user.id === next.user.id;
    if (sameUser || this.#state.status === 'restoring') return;
    this.#epoch += 1;
    this.#refreshing = null;
    this.#set({ status: 'restoring' });
    void this.refresh();
  }
}
