import { useState } from 'react';
import { DashboardUpdate } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';

/**
 * The live half of a dashboard's numbers, whichever stream carries them (`live.dashboard` when
 * signed in, `live.publicDashboard` through a link): each frame is checked against the contract
 * and handed to `write`, which puts it into the query cache the widgets read. Returns the
 * subscription's handlers and how the stream last failed (null while it delivers).
 */
export function useLiveDashboardFrames(write: (update: DashboardUpdate) => void) {
  const [failure, setFailure] = useState<unknown>(null);
  const handlers = {
    onData: (tracked: { data: unknown }) => {
      // tRPC does not check subscription data on the client: a frame that does not match the
      // contract is dropped here instead of breaking the page.
      const parsed = DashboardUpdate.safeParse(tracked.data);
      if (!parsed.success) {
        console.warn('Pulse: ignored a live dashboard frame that does not match the contract', parsed.error);
        return;
      }
      setFailure(null);
      write(parsed.data);
    },
    onError: (error: unknown) => setFailure(error),
  };
  const liveError = failure === null ? null : `Live updates stopped: ${describeError(failure)}`;
  return { handlers, failure, liveError };
}
