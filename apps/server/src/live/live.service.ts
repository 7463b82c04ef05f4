import type { Redis } from 'ioredis';
import type { ActivityDelta, DashboardSummary } from '@pulse/api-contract/schemas';
import type { LiveItem } from '@pulse/api-contract/router';
import { counterKeys } from '../redis/keys.ts';
import { AsyncInbox } from './async-inbox.ts';
import type { LiveHub } from './live-hub.ts';

/** Deltas a subscriber may fall behind by before it is told to reconnect and resume. */
const INBOX_CAPACITY = 1000;
/** Counters are re-read at most this often per subscriber, however busy the organization. */
const COUNTERS_THROTTLE_MS = 250;
/** Windows slide even without events (active users, the current minute): refresh anyway. */
const COUNTERS_IDLE_REFRESH_MS = 15_000;

/** Redis stream ids are `<ms>-<seq>`; order them numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}

type Dependencies = {
  hub: LiveHub;
  redis: Redis;
  prefix: string;
  summary(organizationId: string): Promise<DashboardSummary>;
};

export function createLiveService({ hub, redis, prefix, summary }: Dependencies) {
  async function backlogAfter(organizationId: string, lastEventId: string): Promise<LiveItem<ActivityDelta>[]> {
    const entries = await redis.xrange(counterKeys(prefix, organizationId).activityStream, `(${lastEventId}`, '+', 'COUNT', INBOX_CAPACITY);
    return entries.map(([id, fields]) => ({ id, data: JSON.parse(fields[1] ?? '{"events":[]}') as ActivityDelta }));
  }

  return {
    /**
     * Listens first, then loads what the client missed, then relays; ids already sent are
     * skipped, so the seam between backlog and live has neither gap nor duplicate.
     */
    async *activity(organizationId: string, lastEventId: string | null, signal: AbortSignal): AsyncGenerator<LiveItem<ActivityDelta>> {
      const inbox = new AsyncInbox<LiveItem<ActivityDelta>>(INBOX_CAPACITY);
      const stop = await hub.listen(organizationId, (item) => inbox.push(item));
      try {
        let lastSent = lastEventId;
        if (lastEventId) {
          for (const item of await backlogAfter(organizationId, lastEventId)) {
            yield item;
            lastSent = item.id;
          }
        }
        for await (const item of inbox.drain(signal)) {
          if (lastSent && compareStreamIds(item.id, lastSent) <= 0) continue;
          yield item;
          lastSent = item.id;
        }
      } finally {
        stop();
      }
    },

    /** The summary at once, then again after changes (throttled) and every 15 s when idle. */
    async *counters(organizationId: string, signal: AbortSignal): AsyncGenerator<DashboardSummary> {
      let changed = false;
      let wake: (() => void) | null = null;
      const stop = await hub.listen(organizationId, () => {
        changed = true;
        wake?.();
      });
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        while (!signal.aborted) {
          changed = false;
          yield await summary(organizationId);
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
