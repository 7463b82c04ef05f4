import { useState } from 'react';
import { ActivityDelta, DashboardSummary } from '@pulse/api-contract/schemas';
import type { RecentEvents } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { latestSummary } from './counters.ts';
import { mergeEvents } from './feed.ts';

function warnMalformed(path: string, error: unknown): void {
  console.warn(`Pulse: ignored a ${path} frame that does not match the contract`, error);
}

/**
 * Subscribes to `live.counters` and `live.activity` for one organization and writes every
 * frame into the query cache, under the keys of `dashboards.summary` and `events.recent`:
 * the screen reads one source, whichever arrived first. tRPC resubscribes by itself after a
 * reconnect, with the last tracked id; an expired token is the auth link's job. Returns why
 * live updates stopped, in words, or null while they flow.
 */
export function useLiveDashboard(organizationId: string, recentLimit: number): string | null {
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);
  const scope = { organizationId };
  const onError = (failure: unknown) => setError(`Live updates stopped: ${describeError(failure)}`);

  // tRPC does not check subscription data on the client: a frame that does not match the
  // contract is dropped here instead of breaking the page.
  trpc.live.counters.useSubscription(scope, {
    onData: (data) => {
      const parsed = DashboardSummary.safeParse(data);
      if (!parsed.success) return warnMalformed('live.counters', parsed.error);
      setError(null);
      utils.dashboards.summary.setData(scope, (cached) => latestSummary(cached ?? null, parsed.data));
    },
    onError,
  });
  trpc.live.activity.useSubscription(scope, {
    onData: (tracked) => {
      const parsed = ActivityDelta.safeParse(tracked.data);
      if (!parsed.success) return warnMalformed('live.activity', parsed.error);
      setError(null);
      utils.events.recent.setData({ ...scope, limit: recentLimit }, (cached): RecentEvents => {
        const events = cached?.events ?? [];
        const merged = mergeEvents(events, parsed.data.events, recentLimit);
        return cached && merged === events ? cached : { ...cached, events: [...merged] };
      });
    },
    onError,
  });
  return error;
}
