import type { DashboardContent, OrgRole } from '@pulse/api-contract/schemas';
import {
  activityHeatmap,
  apiLatencyGauge,
  apiLatencyOverTime,
  counterCard,
  dashboardFromTemplate,
  eventsByTypeToday,
  eventsPerMinute,
  eventsTodaySparkline,
  mostActiveUsers,
  mostViewedReports,
  type PlacedWidget,
} from './dashboard-templates.ts';

// The default dashboard of each role, seeded for every organization. Their queries name no
// branch or department: the viewer's scope (the whole organization for OWNER, a branch for
// LEADER, a department for MANAGER) filters every query on the server, so one template serves
// every organization, and the grouping is what differs (branches, departments, people).

const productsCreatedKpi = (target: number): PlacedWidget => ({
  widget: {
    id: 'products-created-kpi',
    type: 'kpi_card',
    title: 'Products created today',
    query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['PRODUCT_CREATED'] }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
    options: { target, numberFormat: 'integer' },
  },
  w: 3,
  h: 2,
});

const reportsGeneratedProgress = (target: number): PlacedWidget => ({
  widget: {
    id: 'reports-generated',
    type: 'progress_bar',
    title: 'Reports generated today',
    query: { source: 'reports', measure: 'generated_count', timeRange: { kind: 'relative', range: 'today' } },
    options: { target },
  },
  w: 3,
  h: 2,
});

const eventsBy = (id: string, title: string, by: 'branch' | 'department' | 'user', type: 'bar_chart' | 'pie_chart'): PlacedWidget => ({
  widget: { id, type, title, query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by }, timeRange: { kind: 'relative', range: 'last_24h' }, limit: 10 } },
  w: 6,
  h: 4,
});

const eventsByTypeWeek: PlacedWidget = {
  widget: {
    id: 'events-by-type-week',
    type: 'bar_chart',
    title: 'Events by type, last 7 days',
    query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'event_type' }, timeRange: { kind: 'relative', range: 'last_7d' }, limit: 10 },
  },
  w: 6,
  h: 4,
};

const distinctUsersToday: PlacedWidget = {
  widget: {
    id: 'distinct-users-today',
    type: 'kpi_card',
    title: 'People active today',
    query: { source: 'activity', measure: { kind: 'distinct_users' }, timeRange: { kind: 'relative', range: 'today' }, compare: 'previous_period' },
    options: { target: 25 },
  },
  w: 3,
  h: 2,
};

const liveCounters = [
  counterCard('active-users', 'Active users (5 min)', 'active_users'),
  counterCard('api-calls-per-minute', 'API calls per minute', 'api_calls_per_minute'),
  counterCard('logins-per-hour', 'Logins in the last hour', 'logins_per_hour'),
];

export const ROLE_DEFAULT_DASHBOARDS: Record<OrgRole, DashboardContent> = {
  OWNER: dashboardFromTemplate('Organization overview', 'role', 'OWNER', [
    ...liveCounters,
    productsCreatedKpi(100),
    eventsPerMinute(),
    eventsByTypeToday(),
    eventsBy('events-by-branch', 'Events by branch, last 24 hours', 'branch', 'bar_chart'),
    eventsBy('events-by-department', 'Events by department, last 24 hours', 'department', 'pie_chart'),
    apiLatencyGauge(),
    apiLatencyOverTime(),
    mostActiveUsers(),
    mostViewedReports(),
    reportsGeneratedProgress(50),
    eventsTodaySparkline(),
    distinctUsersToday,
    activityHeatmap(),
  ]),
  LEADER: dashboardFromTemplate('Branch overview', 'role', 'LEADER', [
    ...liveCounters,
    productsCreatedKpi(40),
    eventsPerMinute(),
    eventsByTypeToday(),
    eventsBy('events-by-department', 'Events by department, last 24 hours', 'department', 'bar_chart'),
    eventsByTypeWeek,
    apiLatencyGauge(),
    apiLatencyOverTime(),
    mostActiveUsers(),
    mostViewedReports(),
    reportsGeneratedProgress(20),
    eventsTodaySparkline(),
    activityHeatmap(),
  ]),
  MANAGER: dashboardFromTemplate('Department overview', 'role', 'MANAGER', [
    ...liveCounters,
    productsCreatedKpi(15),
    eventsPerMinute(),
    eventsByTypeToday(),
    eventsBy('events-by-person', 'Events by person, last 24 hours', 'user', 'bar_chart'),
    eventsByTypeWeek,
    apiLatencyGauge(),
    mostActiveUsers('most-active-users', 15),
    mostViewedReports(),
    reportsGeneratedProgress(10),
    distinctUsersToday,
    eventsTodaySparkline(),
    activityHeatmap(),
  ]),
};
