import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DrillFilter, WidgetQuery } from '@pulse/api-contract/schemas';
import type { ViewerScope } from './viewer-scope.ts';
import { scopeKey } from './viewer-scope.ts';

/** The documents' queue: recomputes the widgets of dashboards opened in the last hour after their data moved. */
export const DASHBOARD_CACHE_REFRESH_QUEUE = 'dashboard-cache-refresh';
export const WARM_FOR_MS = 3_600_000;
/** One refresh per organization per this window, however many batches arrive (the debounce). */
export const REFRESH_DEBOUNCE_MS = 1_000;

export const CacheRefreshJob = z.object({ organizationId: z.uuid() });
export type CacheRefreshJob = z.output<typeof CacheRefreshJob>;

/** What an API process remembers of an open dashboard: the viewer's scope and the widgets' queries. */
export const WarmEntry = z.object({
  openedAt: z.number(),
  scope: z.custom<ViewerScope>((value) => typeof value === 'object' && value !== null && 'kind' in value),
  widgets: z.array(z.object({ id: z.string(), query: WidgetQuery, filters: z.array(DrillFilter).optional() })),
});
export type WarmEntry = z.output<typeof WarmEntry>;

export const warmKey = (prefix: string, organizationId: string) => `${prefix}:{${organizationId}}:widgets:warm`;

export function createCacheRefreshQueue(connection: Redis, prefix: string): Queue<CacheRefreshJob> {
  return new Queue<CacheRefreshJob>(DASHBOARD_CACHE_REFRESH_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  });
}

/** Asks for a refresh of an organization's open dashboards; batches within one debounce window share a job. */
export async function requestRefresh(queue: Queue<CacheRefreshJob>, organizationId: string, now = Date.now()): Promise<void> {
  const windowStart = Math.floor(now / REFRESH_DEBOUNCE_MS);
  await queue.add('refresh', { organizationId }, { jobId: `${organizationId}-${windowStart}`, delay: REFRESH_DEBOUNCE_MS - (now % REFRESH_DEBOUNCE_MS) });
}

/**
 * Remembers an opened dashboard for the refresh worker, at most once a minute per dashboard and
 * scope per API process (the hash field is the dashboard and the scope).
 */
export function createOpenedRecorder(redis: Redis, prefix: string) {
  const lastWrite = new Map<string, number>();
  return function opened(organizationId: string, dashboardId: string, scope: ViewerScope, widgets: WarmEntry['widgets'], now = Date.now()): void {
    const field = `${dashboardId}|${scopeKey(scope)}`;
    const key = `${organizationId}|${field}`;
    if ((lastWrite.get(key) ?? 0) > now - 60_000) return;
    lastWrite.set(key, now);
    if (lastWrite.size > 10_000) lastWrite.clear();
    const entry: WarmEntry = { openedAt: now, scope, widgets };
    void redis
      .multi()
      .hset(warmKey(prefix, organizationId), field, JSON.stringify(entry))
      .pexpire(warmKey(prefix, organizationId), WARM_FOR_MS)
      .exec()
      .catch(() => undefined);
  };
}
