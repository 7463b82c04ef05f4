import type pg from 'pg';
import type { WidgetQuery } from '@pulse/api-contract/schemas';
import { previousWindow, resolveWindow, type Window } from '@pulse/server/widgets/time-window.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

type Ask = { measure: string; property?: string; groupBy: string; bucket?: string; eventTypes?: string[]; limit: number };

/** The viewer's scope as a first version would filter it: one more condition on the raw events. */
export type RawScope = { column: 'branch_id' | 'department_id'; id: string } | null;
const scoped = (scope: RawScope, params: unknown[]) => {
  if (!scope) return '';
  params.push(scope.id);
  return `AND ${scope.column} = $${params.length}`;
};

/** What a first version would run: one statement over the raw events per widget (and per previous period). */
async function rawActivity(client: pg.Client, organizationId: string, scope: RawScope, ask: Ask, window: Window): Promise<unknown[]> {
  const params: unknown[] = [organizationId, window.from.toISOString(), window.to.toISOString()];
  const measure =
    ask.measure === 'count'
      ? 'count(*)'
      : ask.measure === 'distinct_users'
        ? 'count(DISTINCT user_id)'
        : ask.measure === 'sum' || ask.measure === 'avg'
          ? `${ask.measure}((properties->>'${ask.property}')::float8)`
          : `percentile_cont(${Number(ask.measure.slice(1)) / 100}) WITHIN GROUP (ORDER BY (properties->>'${ask.property}')::float8)`;
  const group =
    ask.groupBy === 'time'
      ? `date_trunc('${ask.bucket}', occurred_at, 'UTC')`
      : ask.groupBy === 'event_type'
        ? 'type'
        : ask.groupBy === 'user'
          ? 'user_id'
          : ask.groupBy === 'hour_of_week'
            ? `extract(isodow FROM occurred_at AT TIME ZONE 'UTC') * 100 + extract(hour FROM occurred_at AT TIME ZONE 'UTC')`
            : `''`;
  const types = ask.eventTypes?.length ? `AND type = ANY($4::text[])` : '';
  if (ask.eventTypes?.length) params.push(ask.eventTypes);
  const inScope = scoped(scope, params);
  const order = ask.groupBy === 'user' || ask.groupBy === 'event_type' ? `ORDER BY 2 DESC LIMIT ${ask.limit}` : '';
  const { rows } = await client.query(`SELECT ${group} AS g, ${measure} AS v FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ${types} ${inScope} GROUP BY 1 ${order}`, params);
  return rows;
}

const COUNTERS: Record<string, { ask: Ask; window: (now: number) => Window }> = {
  active_users: { ask: { measure: 'distinct_users', groupBy: 'none', limit: 1 }, window: (now) => ({ from: new Date(now - 5 * MINUTE), to: new Date(now) }) },
  api_calls_per_minute: { ask: { measure: 'count', groupBy: 'none', eventTypes: ['API_CALL'], limit: 1 }, window: (now) => ({ from: new Date(Math.floor(now / MINUTE) * MINUTE), to: new Date(now) }) },
  logins_per_hour: { ask: { measure: 'count', groupBy: 'none', eventTypes: ['USER_LOGIN'], limit: 1 }, window: (now) => ({ from: new Date(now - HOUR), to: new Date(now) }) },
  logouts_per_hour: { ask: { measure: 'count', groupBy: 'none', eventTypes: ['USER_LOGOUT'], limit: 1 }, window: (now) => ({ from: new Date(now - HOUR), to: new Date(now) }) },
  products_created_today: { ask: { measure: 'count', groupBy: 'none', eventTypes: ['PRODUCT_CREATED'], limit: 1 }, window: (now) => ({ from: new Date(Math.floor(now / DAY) * DAY), to: new Date(now) }) },
  events_today: { ask: { measure: 'count', groupBy: 'none', limit: 1 }, window: (now) => ({ from: new Date(Math.floor(now / DAY) * DAY), to: new Date(now) }) },
  events_per_minute: { ask: { measure: 'count', groupBy: 'time', bucket: 'minute', limit: 60 }, window: (now) => ({ from: new Date(now - HOUR), to: new Date(now) }) },
  events_by_type_today: { ask: { measure: 'count', groupBy: 'event_type', limit: 100 }, window: (now) => ({ from: new Date(Math.floor(now / DAY) * DAY), to: new Date(now) }) },
};

/** One widget answered from raw events the plain way. */
export async function rawWidget(client: pg.Client, organizationId: string, scope: RawScope, query: WidgetQuery, now: number): Promise<void> {
  switch (query.source) {
    case 'counters': {
      const counter = COUNTERS[query.counter];
      if (counter) await rawActivity(client, organizationId, scope, counter.ask, counter.window(now));
      return;
    }
    case 'activity': {
      const ask: Ask = {
        measure: query.measure.kind,
        property: 'property' in query.measure ? query.measure.property : undefined,
        groupBy: query.groupBy.by,
        bucket: query.groupBy.by === 'time' ? query.groupBy.bucket : undefined,
        eventTypes: query.filters.eventTypes,
        limit: query.limit,
      };
      const window = resolveWindow(query.timeRange, now);
      await rawActivity(client, organizationId, scope, ask, window);
      if (query.compare) await rawActivity(client, organizationId, scope, ask, previousWindow(query.timeRange, window));
      return;
    }
    case 'engagement': {
      const window = resolveWindow(query.timeRange, now);
      const params: unknown[] = [organizationId, window.from.toISOString(), window.to.toISOString(), query.limit];
      const inScope = scoped(scope, params);
      await client.query(
        `SELECT user_id, count(*), count(*) FILTER (WHERE type = 'USER_LOGIN'), count(*) FILTER (WHERE type = 'PAGE_VIEW'), count(*) FILTER (WHERE type = 'API_CALL')
         FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND user_id IS NOT NULL ${inScope} GROUP BY 1 ORDER BY 2 DESC LIMIT $4`,
        params,
      );
      return;
    }
    case 'reports': {
      // Reports belong to the organization: a LEADER's or MANAGER's report widgets answer nothing, in Pulse too.
      if (scope) return;
      const window = resolveWindow(query.timeRange, now);
      const type = query.measure === 'views' || query.measure === 'most_viewed' ? 'REPORT_VIEW' : 'REPORT_GENERATED';
      await client.query(`SELECT properties->>'reportId', count(*) FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = $4 GROUP BY 1 ORDER BY 2 DESC LIMIT $5`, [
        organizationId,
        window.from.toISOString(),
        window.to.toISOString(),
        type,
        query.limit,
      ]);
      return;
    }
    case 'metrics':
      return;
  }
}
