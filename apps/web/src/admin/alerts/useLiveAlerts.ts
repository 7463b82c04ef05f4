import { useEffect, useEffectEvent, useState } from 'react';
import { AlertStreamItem } from '@pulse/api-contract/schemas';
import type { AlertView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { useSessionApi } from '../../api/useSessionApi.ts';

/**
 * `live.alerts` of one organization: every change of an alert, resumable by id (tRPC sends
 * the last tracked id after a reconnect). Returns why the stream stopped, in words, or null.
 */
export function useLiveAlerts(organizationId: string, onAlert: (alert: AlertView) => void): string | null {
  const { trpc } = useSessionApi();
  const [error, setError] = useState<string | null>(null);
  const onData = useEffectEvent((data: unknown) => {
    const parsed = AlertStreamItem.safeParse(data);
    if (!parsed.success) return;
    setError(null);
    onAlert(parsed.data.alert);
  });
  useEffect(() => {
    const subscription = trpc.live.alerts.subscribe(
      { organizationId },
      {
        onStarted: () => setError(null),
        onData: (tracked) => onData(tracked.data),
        onError: (failure) => setError(`Live alert updates stopped: ${describeError(failure)} Reload the page to try again.`),
      },
    );
    return () => subscription.unsubscribe();
  }, [trpc, organizationId]);
  return error;
}
