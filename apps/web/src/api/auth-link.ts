import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { Unsubscribable } from '@trpc/server/observable';
import type { AppRouter } from '@pulse/api-contract/router';
import { SESSION_EXPIRED_NOTICE } from '../auth/session-store.ts';
import type { SessionStore } from '../auth/session-store.ts';
import { isUnauthorized } from './errors.ts';

/**
 * What outlives one client: the tracked id each live stream last delivered (so the
 * subscription on a renewed client resumes after it) and whether the live streams already
 * refreshed once without a frame since (then a second UNAUTHORIZED ends the session).
 */
export type LiveResume = { lastIds: Map<string, string>; refreshedWithoutData: boolean };

export function createLiveResume(): LiveResume {
  return { lastIds: new Map(), refreshedWithoutData: false };
}

type Options = {
  session: Pick<SessionStore, 'refresh' | 'signOut' | 'getState'>;
  /** Opens a new client and socket: the server reads the token once per WebSocket connection. */
  renew(): void;
  resume: LiveResume;
};

const streamKey = (path: string, input: unknown) => `${path}:${JSON.stringify(input ?? null)}`;

/**
 * The one place that handles an expired access token, for every call of the SPA.
 * - A query or mutation answered UNAUTHORIZED: refresh the token once (concurrent failures
 *   share the refresh) and send the call again; a second UNAUTHORIZED ends the session.
 * - A live stream answered UNAUTHORIZED (a socket that reconnected after the token expired):
 *   refresh, then `renew()` the client; the hooks subscribe again on the new socket and this
 *   link adds the last tracked id, so the stream resumes without a gap.
 */
export function authLink({ session, renew, resume }: Options): TRPCLink<AppRouter> {
  return () => {
    // One renewal per client: both dashboard streams fail together when the token expires.
    let renewing = false;
    return ({ op, next }) =>
      observable((observer) => {
        const signedIn = () => session.getState().status === 'signed-in';
        let current: Unsubscribable | null = null;
        let stopped = false;
        // The token a call goes out with: if it is refused after a refresh already replaced it,
        // the new one is used without spending the cookie again.
        const tokenNow = () => {
          const state = session.getState();
          return state.status === 'signed-in' ? state.session.accessToken : null;
        };

        if (op.type === 'subscription') {
          const sentWith = tokenNow();
          const key = streamKey(op.path, op.input);
          const lastId = resume.lastIds.get(key);
          const input = lastId && typeof op.input === 'object' && op.input !== null ? { ...op.input, lastEventId: lastId } : op.input;
          let ended = false;
          current = next({ ...op, input }).subscribe({
            next(envelope) {
              const result = envelope.result;
              if ('type' in result && result.type === 'data') {
                resume.refreshedWithoutData = false;
                if (result.id !== undefined) resume.lastIds.set(key, String(result.id));
              }
              observer.next(envelope);
            },
            error(error) {
              ended = true;
              if (!isUnauthorized(error) || !signedIn()) return observer.error(error);
              if (resume.refreshedWithoutData) {
                session.signOut(SESSION_EXPIRED_NOTICE);
                return observer.error(error);
              }
              if (renewing) return;
              renewing = true;
              void session.refresh(sentWith).then((outcome) => {
                if (stopped) return;
                if (outcome === 'ok') {
                  resume.refreshedWithoutData = true;
                  renew();
                } else {
                  observer.error(error);
                }
              });
            },
            complete() {
              ended = true;
              observer.complete();
            },
          });
          return () => {
            stopped = true;
            // Ended by its component (not by an error handled above): nothing to resume later.
            if (!ended) resume.lastIds.delete(key);
            current?.unsubscribe();
          };
        }

        const attempt = (retried: boolean) => {
          const sentWith = tokenNow();
          current = next(op).subscribe({
            next: (envelope) => observer.next(envelope),
            complete: () => observer.complete(),
            error(error) {
              if (!isUnauthorized(error) || !signedIn()) return observer.error(error);
              if (retried) {
                session.signOut(SESSION_EXPIRED_NOTICE);
                return observer.error(error);
              }
              void session.refresh(sentWith).then((outcome) => {
                if (stopped) return;
                if (outcome === 'ok') attempt(true);
                else observer.error(error);
              });
            },
          });
        };
        attempt(false);
        return () => {
          stopped = true;
          current?.unsubscribe();
        };
      });
  };
}
