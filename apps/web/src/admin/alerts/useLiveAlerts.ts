import { useState } from 'react';
import { AlertStreamItem } from '@pulse/api-contract/schemas';
import type { AlertView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';

/**
 * `live.alerts` of one organization: every change of an alert, resumable by id (tRPC sends
 * the last tracked id after a reconnect; an expired token is the auth link's job). Returns
 * why the stream stopped, in words, or null.
 */
export function useLiveAlerts(organizationId: string, onAlert: (alert: AlertView) => void): string | null {
  const [error, setError] = useState<string | null>(null);
  trpc.live.alerts.useSubscription(
    { organizationId },
    {
      onStarted: () => setError(null),
      onData: (tracked) => {
        const parsed = AlertStreamItem.safeParse(tracked.data);
        if (!parsed.success) return;
        setError(null);
        onAlert(parsed.data.alert);
      },
      onError: (failure) => setError(`Live alert updates stopped: ${describeError(failure)} Reload the page to try again.`),
    },
  );
  return error;
}
