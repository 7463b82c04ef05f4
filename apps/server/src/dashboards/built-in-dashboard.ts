import { BUILT_IN_DASHBOARD_ID, type Dashboard } from '@pulse/api-contract/schemas';
import { counterCard, dashboardFromTemplate, eventsByTypeToday, eventsPerMinute, mostActiveUsers, mostViewedReports } from './dashboard-templates.ts';

/**
 * The page everyone had before dashboards were data: the four live counters, events per minute,
 * events by type, and the two engagement tables. It is a constant, not a row: nobody edits it,
 * anyone may duplicate it, and it is what opens when no home and no role default applies.
 */
const content = dashboardFromTemplate('Overview', 'organization', null, [
  counterCard('active-users', 'Active users (5 min)', 'active_users'),
  counterCard('api-calls-per-minute', 'API calls per minute', 'api_calls_per_minute'),
  counterCard('logins-per-hour', 'Logins in the last hour', 'logins_per_hour'),
  counterCard('products-created-today', 'Products created today', 'products_created_today'),
  eventsPerMinute(),
  eventsByTypeToday(),
  mostActiveUsers(),
  mostViewedReports(),
]);

/** Fixed, so a client may cache it: the built-in dashboard changes only with a release. */
const BUILT_IN_AT = '2026-01-01T00:00:00.000Z';

export function builtInDashboard(organizationId: string): Dashboard {
  return {
    ...content,
    id: BUILT_IN_DASHBOARD_ID,
    organizationId,
    userId: null,
    isDefault: false,
    builtIn: true,
    version: 1,
    canEdit: false,
    createdAt: BUILT_IN_AT,
    updatedAt: BUILT_IN_AT,
    updatedBy: null,
  };
}
