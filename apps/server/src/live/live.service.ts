import type { Redis } from 'ioredis';
import type { ActivityDelta, DashboardSummary } from '@pulse/api-contract/schemas';
import type { LiveItem } from '@pulse/api-contract/router';
import { type EventScope, inScope } from '../batch/event-scope.ts';
import { counterKeys } from '../redis/keys.ts';
import type { LiveHub } from './live-hub.ts';
import { type ResumeLimits, resumableStream } from './resumable-stream.ts';
import { createSharedReads } from './shared-reads.ts';

/** Counters are re-read at most this often per subscriber, however busy the organization. */
const COUNTERS_THROTTLE_MS = 250;
/** Windows slide even without events (active users, the current minute): refresh anyway. */
const COUNTERS_IDLE_REFRESH_MS = 15_000;

/** What says an organization's numbers changed: a hub keyed by organization. */
type Changes = { listen(organizationId: string, listener: () => void): Promise<() => void> };

type Dependencies = {
  hub: LiveHub;
  redis: Redis;
  prefix: string;
  /** The summary of a scope: the Redis counters for the organization, rollups for a branch / department. */
  summary(organizationId: string, scope: EventScope): Promise<DashboardSummary>;
  /** When a narrower scope's summary changed: after the rollups moved, not the counters (`hub`). */
  rollupChanges: Changes;
  resume?: ResumeLimits;
};

export function createLiveService({ hub, redis, prefix, summary, rollupChanges, resume }: Dependencies) {
  // One read per organization and scope, shared by its subscribers (the key holds both).
  const summaries = createSharedReads((key: string) => {
    const { organizationId, scope } = JSON.parse(key) as { organizationId: string; scope: EventScope };
    return summary(organizationId, scope);
  });
  return {
    /**
     * Every new event of the organization in `scope`, one delta per persisted batch, resumable
     * by id. A delta with none of the scope's events is not sent (its id is skipped: resuming
     * after an earlier id replays it, filtered the same way). A viewer who may see nothing gets
     * an open stream that stays quiet, like an organization without traffic.
     */
    async *activity(organizationId: string, lastEventId: string | null, signal: AbortSignal, scope: EventScope): AsyncGenerator<LiveItem<ActivityDelta>> {
      const stream = resumableStream({ hub, redis, streamKey: counterKeys(prefix, organizationId).activityStream, key: organizationId, resume }, lastEventId, signal);
      if (scope.kind === 'organization') return yield* stream;
      for await (const item of stream) {
        const events = item.data.events.filter((event) => inScope(scope, event));
        if (events.length > 0) yield { id: item.id, data: { events } };
      }
    },

    /** The summary of `scope` at once, then again after changes (throttled) and every 15 s when idle. */
    async *counters(organizationId: string, signal: AbortSignal, scope: EventScope): AsyncGenerator<DashboardSummary> {
      let changed = false;
      let changedAt = 0;
      let wake: (() => void) | null = null;
      const key = JSON.stringify({ organizationId, scope });
      const changes: Changes = scope.kind === 'organization' ? hub : rollupChanges;
      const stop = await changes.listen(organizationId, () => {
        changed = true;
        changedAt = Date.now();
        wake?.();
      });
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        while (!signal.aborted) {
          // After a change, only a read started after it will do; otherwise a recent one.
          const notBefore = changed ? changedAt : Date.now() - COUNTERS_THROTTLE_MS;
          changed = false;
          yield await summaries.read(key, notBefore);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, COUNTERS_IDLE_REFRESH_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
            if (changed || signal.aborted) wake();
          });
          wake = null;
          if (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, COUNTERS_THROTTLE_MS));
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        stop();
      }
    },
  };
}

export type LiveService = ReturnType<typeof createLiveService>;
