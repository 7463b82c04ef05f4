import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { errorFields, type Logger } from '../log.ts';
import { isDependencyUnavailable } from '../pipeline/wait-for-dependencies.ts';
import { CacheRefreshJob, REFRESH_DEBOUNCE_MS, requestRefresh, WARM_FOR_MS, WarmEntry, warmKey } from './cache-refresh.queue.ts';
import type { WidgetEngine } from './widget-engine.ts';

type Dependencies = { engine: WidgetEngine; redis: Redis; prefix: string; log: Logger };

/**
 * `dashboard-cache-refresh`: after an organization's data moved, answers the widgets of its
 * dashboards opened in the last hour, per viewer scope, so the next read (or live update) of
 * every API process finds them in Redis. Entries older than an hour are dropped.
 *
 * A warm-up, not data: while Postgres or Redis is away the refresh is skipped (logged), not
 * failed; so is the rest of it once an answer comes back stale (a breaker is open: nothing
 * stale is cached). The next batch asks again within a second, and a read that misses computes anyway;
 * an error of the work itself still fails the job.
 */
export function createCacheRefreshProcessor({ engine, redis, prefix, log }: Dependencies): (job: Job<unknown, unknown>) => Promise<{ refreshed: number }> {
  return async (job) => {
    const { organizationId } = CacheRefreshJob.parse(job.data);
    let refreshed = 0;
    const skipped = (fields: Record<string, unknown>) => {
      log.warn('dashboard cache refresh skipped: a dependency is away', { organizationId, refreshed, ...fields });
      return { refreshed };
    };
    try {
      const entries = await redis.hgetall(warmKey(prefix, organizationId));
      for (const [field, raw] of Object.entries(entries)) {
        const entry = WarmEntry.safeParse(JSON.parse(raw));
        if (!entry.success || entry.data.openedAt < Date.now() - WARM_FOR_MS) {
          await redis.hdel(warmKey(prefix, organizationId), field);
          continue;
        }
        const { widgets } = await engine.answerAll(organizationId, entry.data.scope, entry.data.widgets);
        const stale = widgets.find((widget) => widget.stale)?.stale;
        if (stale) return skipped({ reason: stale.reason });
        refreshed++;
      }
    } catch (error) {
      // The command connection fails fast while Redis is away; its status says so.
      if (!isDependencyUnavailable(error) && redis.status === 'ready') throw error;
      return skipped(errorFields(error));
    }
    return { refreshed };
  };
}

/**
 * What the rollup step calls after each batch: asks for a refresh of the organization's open
 * dashboards, once per organization and debounce window from this process (no Redis call for
 * the other batches), and never fails the batch.
 */
export function createRefreshRequester(queue: Queue<CacheRefreshJob>, log: Logger): (organizationId: string) => Promise<void> {
  const requested = new Map<string, number>();
  return async (organizationId) => {
    const window = Math.floor(Date.now() / REFRESH_DEBOUNCE_MS);
    if (requested.get(organizationId) === window) return;
    requested.set(organizationId, window);
    await requestRefresh(queue, organizationId).catch((error: unknown) => log.warn('could not request a dashboard cache refresh', errorFields(error)));
  };
}
