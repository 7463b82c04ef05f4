import { Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { readSummary } from '../counters/read-summary.ts';
import { errorFields, type Logger } from '../log.ts';
import { createBlockingRedis } from '../redis/connections.ts';
import { CacheRefreshJob, createCacheRefreshQueue, DASHBOARD_CACHE_REFRESH_QUEUE, REFRESH_DEBOUNCE_MS, requestRefresh, WARM_FOR_MS, WarmEntry, warmKey } from './cache-refresh.queue.ts';
import { createWidgetEngine, type WidgetEngine } from './widget-engine.ts';

type Dependencies = { engine: WidgetEngine; redis: Redis; connection: Redis; prefix: string; log: Logger };

/**
 * `dashboard-cache-refresh`: after an organization's data moved, answers the widgets of its
 * dashboards opened in the last hour, per viewer scope, so the next read (or live update) of
 * every API process finds them in Redis. Entries older than an hour are dropped.
 */
export function startCacheRefreshWorker({ engine, redis, connection, prefix, log }: Dependencies): Worker<CacheRefreshJob, { refreshed: number }> {
  const worker = new Worker<CacheRefreshJob, { refreshed: number }>(
    DASHBOARD_CACHE_REFRESH_QUEUE,
    async (job) => {
      const { organizationId } = CacheRefreshJob.parse(job.data);
      const entries = await redis.hgetall(warmKey(prefix, organizationId));
      let refreshed = 0;
      for (const [field, raw] of Object.entries(entries)) {
        const entry = WarmEntry.safeParse(JSON.parse(raw));
        if (!entry.success || entry.data.openedAt < Date.now() - WARM_FOR_MS) {
          await redis.hdel(warmKey(prefix, organizationId), field);
          continue;
        }
        await engine.answerAll(organizationId, entry.data.scope, entry.data.widgets);
        refreshed++;
      }
      return { refreshed };
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('error', (error) => log.error('dashboard-cache-refresh worker error', errorFields(error)));
  return worker;
}

/** The worker role's part: the refresh worker and what the rollup step calls after each batch. */
export function startCacheRefresh(deps: { orm: MikroORM; redis: Redis; redisUrl: string; prefix: string; log: Logger }) {
  const connection = createBlockingRedis(deps.redisUrl, 'pulse-dashboard-cache-refresh');
  connection.on('error', (error) => deps.log.warn('redis dashboard-cache-refresh connection error', errorFields(error)));
  const queue = createCacheRefreshQueue(connection, deps.prefix);
  const engine = createWidgetEngine({ orm: deps.orm, redis: deps.redis, prefix: deps.prefix, rollupHub: null, summary: (id) => readSummary(deps.redis, deps.prefix, id), log: deps.log });
  const worker = startCacheRefreshWorker({ engine, redis: deps.redis, connection, prefix: deps.prefix, log: deps.log });
  // One request per organization and debounce window from this process: no Redis call for the other batches.
  const requested = new Map<string, number>();
  return {
    name: DASHBOARD_CACHE_REFRESH_QUEUE,
    /** After a batch moved the rollups; never fails the batch. */
    async afterRollup(organizationId: string): Promise<void> {
      const window = Math.floor(Date.now() / REFRESH_DEBOUNCE_MS);
      if (requested.get(organizationId) === window) return;
      requested.set(organizationId, window);
      await requestRefresh(queue, organizationId).catch((error: unknown) => deps.log.warn('could not request a dashboard cache refresh', errorFields(error)));
    },
    async stop() {
      await worker.close();
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
