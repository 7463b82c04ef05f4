import type { DashboardSummary, WidgetData } from '@pulse/api-contract/schemas';
import { WidgetQuery } from '@pulse/api-contract/schemas';
import type { ViewerScope } from './viewer-scope.ts';
import type { WidgetEngine } from './widget-engine.ts';

const COUNTERS = ['active_users', 'api_calls_per_minute', 'logins_per_hour', 'logouts_per_hour', 'products_created_today', 'events_today', 'events_per_minute', 'events_by_type_today'] as const;
const QUERIES = COUNTERS.map((counter) => ({ id: counter, query: WidgetQuery.parse({ source: 'counters', counter }) }));

const scalar = (data: WidgetData | null | undefined) => (data?.shape === 'scalar' ? Math.round(data.value ?? 0) : 0);

/**
 * The dashboard summary (`dashboards.summary`, `live.counters`) of a viewer's scope: the
 * organization's Redis counters for the organization scope; for a branch or department the same
 * counters as widgets answer them, from the rollups of that scope (so a LEADER or MANAGER never
 * gets a total of the whole organization). Shares the widget engine's caches.
 */
export function createScopedSummary(engine: Pick<WidgetEngine, 'answerAll'>, summary: (organizationId: string) => Promise<DashboardSummary>) {
  return async function scopedSummary(organizationId: string, scope: ViewerScope): Promise<DashboardSummary> {
    if (scope.kind === 'organization') return summary(organizationId);
    const { widgets } = await engine.answerAll(organizationId, scope, QUERIES);
    const data = new Map(widgets.map((widget) => [widget.widgetId, widget.data]));
    const perMinute = data.get('events_per_minute');
    const byType = data.get('events_by_type_today');
    return {
      organizationId,
      generatedAt: new Date().toISOString(),
      activeUsers: scalar(data.get('active_users')),
      apiCallsPerMinute: scalar(data.get('api_calls_per_minute')),
      loginsLastHour: scalar(data.get('logins_per_hour')),
      logoutsLastHour: scalar(data.get('logouts_per_hour')),
      productsCreatedToday: scalar(data.get('products_created_today')),
      eventsToday: scalar(data.get('events_today')),
      eventsByTypeToday: byType?.shape === 'categories' ? Object.fromEntries(byType.items.map((item) => [item.key, Math.round(item.value ?? 0)])) : {},
      eventsPerMinute: perMinute?.shape === 'series' ? perMinute.points.map((point) => ({ minute: point.t, count: Math.round(point.value ?? 0) })) : [],
    };
  };
}
