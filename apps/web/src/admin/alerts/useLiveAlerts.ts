import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { AlertStreamItem } from '@pulse/api-contract/schemas';
import type { AlertView } from '@pulse/api-contract/schemas';
import { describeError, isUnauthorized } from '../../api/errors.ts';
import { useSessionApi } from '../../api/useSessionApi.ts';
import { useSessionStore } from '../../auth/useSession.ts';

/**
 * `live.alerts` of one organization: every change of an alert, resumable by id (tRPC sends
 * the last tracked id after a reconnect). A socket that reconnected with an expired token is
 * answered UNAUTHORIZED: the token is refreshed and a new socket opened, once. Returns why the
 * stream stopped, in words, or null.
 */
export function useLiveAlerts(organizationId: string, onAlert: (alert: AlertView) => void): string | null {
  const { trpc, renew } = useSessionApi();
  const session = useSessionStore();
  const [error, setError] = useState<string | null>(null);
  // Refreshed once already and still refused: stop, instead of renewing forever.
  const retriedAfterRefresh = useRef(false);
  const onData = useEffectEvent((data: unknown) => {
    const parsed = AlertStreamItem.safeParse(data);
    if (!parsed.success) return;
    retriedAfterRefresh.current = false;
    setError(null);
    onAlert(parsed.data.alert);
  });
  useEffect(() => {
    let disposed = false;
    const stopped = (failure: unknown) => setError(`Live alert updates stopped: ${describeError(failure)} Reload the page to try again.`);
    const subscription = trpc.live.alerts.subscribe(
      { organizationId },
      {
        onStarted: () => setError(null),
        onData: (tracked) => onData(tracked.data),
        onError: (failure) => {
          if (!isUnauthorized(failure) || retriedAfterRefresh.current) return stopped(failure);
          retriedAfterRefresh.current = true;
          void session.refresh().then((outcome) => {
            if (disposed) return;
            if (outcome === 'ok') renew();
            else stopped(failure);
          });
        },
      },
    );
    return () => {
      disposed = true;
      subscription.unsubscribe();
    };
  }, [trpc, renew, session, organizationId]);
  return error;
}
