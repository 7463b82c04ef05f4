import { useEffect, useEffectEvent, useRef } from 'react';
import { ActivityDelta, DashboardSummary } from '@pulse/api-contract/schemas';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { describeError, isUnauthorized } from '../api/errors.ts';
import { useSessionApi } from '../api/useSessionApi.ts';
import { SESSION_EXPIRED_NOTICE } from '../auth/session-store.ts';
import { useSessionStore } from '../auth/useSession.ts';

function warnMalformed(path: string, error: unknown): void {
  console.warn(`Pulse: ignored a ${path} frame that does not match the contract`, error);
}

export type LiveDashboardHandlers = {
  /** A full summary: at once on (re)subscribing, then after every change. */
  onCounters(summary: DashboardSummary): void;
  /** The new events of one persisted batch, newest last. */
  onActivity(events: ActivityEventView[]): void;
  /** Why live updates stopped, in words; null once they flow again. */
  onLiveError(message: string | null): void;
};

/**
 * Subscribes to `live.counters` and `live.activity` for one organization over the session's
 * WebSocket. tRPC resubscribes by itself after a reconnect, with the last tracked id so the
 * activity resumes without gaps. An UNAUTHORIZED answer (a socket that reconnected with a
 * token that had expired meanwhile) refreshes the token and opens a new socket with it, and
 * the streams start again, the activity after the last delta; a second UNAUTHORIZED in a
 * row ends the session.
 */
export function useLiveDashboard(organizationId: string | undefined, handlers: LiveDashboardHandlers): void {
  const { trpc, renew } = useSessionApi();
  const session = useSessionStore();
  const retriedAfterRefresh = useRef(false);
  const lastTrackedId = useRef<string | null>(null);

  // tRPC does not check subscription data on the client: a frame that does not match the
  // contract is dropped here instead of breaking the page.
  const onCounters = useEffectEvent((data: unknown) => {
    const parsed = DashboardSummary.safeParse(data);
    if (!parsed.success) return warnMalformed('live.counters', parsed.error);
    retriedAfterRefresh.current = false;
    handlers.onLiveError(null);
    handlers.onCounters(parsed.data);
  });
  const onActivity = useEffectEvent((trackedId: string, data: unknown) => {
    lastTrackedId.current = trackedId;
    const parsed = ActivityDelta.safeParse(data);
    if (!parsed.success) return warnMalformed('live.activity', parsed.error);
    retriedAfterRefresh.current = false;
    handlers.onActivity(parsed.data.events);
  });
  const onLiveError = useEffectEvent((message: string) => handlers.onLiveError(message));

  useEffect(() => {
    let handlingUnauthorized = false;
    let disposed = false;
    const handleError = (error: unknown) => {
      if (disposed) return;
      if (!isUnauthorized(error)) {
        onLiveError(`Live updates stopped: ${describeError(error)}`);
        return;
      }
      // Both subscriptions fail together when the token expires: handle that once.
      if (handlingUnauthorized) return;
      handlingUnauthorized = true;
      if (retriedAfterRefresh.current) {
        session.signOut(SESSION_EXPIRED_NOTICE);
        return;
      }
      retriedAfterRefresh.current = true;
      void session.refresh().then((outcome) => {
        if (disposed) return;
        // The server reads the token when the socket connects: only a new socket has the new one.
        if (outcome === 'ok') renew();
        else if (outcome === 'unavailable') onLiveError(`Live updates stopped: ${describeError(error)}`);
      });
    };

    const scope = organizationId ? { organizationId } : {};
    const counters = trpc.live.counters.subscribe(scope, {
      onData: (summary) => onCounters(summary),
      onError: handleError,
    });
    // On a new client, resume after the last delta as tRPC does on a reconnect.
    const resume = lastTrackedId.current ? { lastEventId: lastTrackedId.current } : {};
    const activity = trpc.live.activity.subscribe(
      { ...scope, ...resume },
      {
        onData: (tracked) => onActivity(tracked.id, tracked.data),
        onError: handleError,
      },
    );
    return () => {
      disposed = true;
      counters.unsubscribe();
      activity.unsubscribe();
    };
  }, [trpc, renew, session, organizationId]);
}
