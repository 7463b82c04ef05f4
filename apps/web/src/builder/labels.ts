import type { WidgetType } from '@pulse/api-contract/schemas';

/** Each widget type in words: its name and what it draws (the type select's hint). */
export const TYPE_TEXT: Record<WidgetType, { label: string; description: string }> = {
  metric_card: { label: 'Metric card', description: 'One number, large, with its change from the previous period.' },
  kpi_card: { label: 'KPI card', description: 'One number against a target (and the previous period).' },
  gauge: { label: 'Gauge', description: 'One number on a dial between a minimum and a maximum.' },
  progress_bar: { label: 'Progress bar', description: 'One number as progress towards a target.' },
  sparkline: { label: 'Sparkline', description: 'A small line of a series over time, without axes.' },
  line_chart: { label: 'Line chart', description: 'A series over time, with the previous period if compared.' },
  bar_chart: { label: 'Bar chart', description: 'A series over time or values per category.' },
  pie_chart: { label: 'Pie chart', description: 'Shares of a whole per category.' },
  table: { label: 'Table', description: 'Rows: categories, a series or a ranking (users, reports).' },
  heatmap: { label: 'Heatmap', description: 'Hour of day × weekday, darker where there is more.' },
};

export const SOURCE_LABELS = {
  activity: 'Activity events',
  metrics: 'Metrics',
  counters: 'Live counters',
  engagement: 'User engagement',
  reports: 'Reports',
} as const;

export const MEASURE_LABELS = {
  count: 'Count of events',
  distinct_users: 'Distinct users',
  sum: 'Sum of a property',
  avg: 'Average of a property',
  p50: 'Median (p50) of a property',
  p95: '95th percentile of a property',
  p99: '99th percentile of a property',
} as const;

export const GROUPING_LABELS = {
  none: 'None (one number)',
  time: 'Time',
  event_type: 'Event type',
  property: 'A property',
  user: 'User',
  branch: 'Branch',
  department: 'Department',
  hour_of_week: 'Hour of day × weekday',
  label: 'A label',
} as const;

export const BUCKET_LABELS = { minute: 'Minute', hour: 'Hour', day: 'Day', week: 'Week' } as const;


export const COUNTER_LABELS = {
  active_users: 'Active users (last 5 minutes)',
  api_calls_per_minute: 'API calls this minute',
  logins_per_hour: 'Logins in the last hour',
  logouts_per_hour: 'Logouts in the last hour',
  products_created_today: 'Products created today',
  events_today: 'Events today',
  events_per_minute: 'Events per minute (last hour)',
  events_by_type_today: 'Events by type today',
} as const;

export const ORDER_LABELS = {
  eventCount: 'Events',
  loginCount: 'Logins',
  pageViews: 'Page views',
  apiCalls: 'API calls',
  reportsGenerated: 'Reports generated',
  reportsViewed: 'Reports viewed',
  aiChatMessagesSent: 'AI chat messages',
} as const;

export const REPORT_MEASURE_LABELS = {
  most_viewed: 'Most viewed reports (ranking)',
  recently_generated: 'Recently generated reports (list)',
  generated_count: 'Reports generated (number)',
  views: 'Report views (number)',
  avg_processing_seconds: 'Average processing time, seconds',
} as const;

export const FORMAT_LABELS = {
  integer: 'Integer',
  decimal: 'Decimal',
  percent: 'Percent',
  compact: 'Compact (1.2k)',
  duration_ms: 'Duration (from ms)',
  bytes: 'Bytes',
} as const;

export const SCALE_LABELS = { blues: 'Blues', greens: 'Greens', oranges: 'Oranges', greys: 'Greys' } as const;

/** Select choices for the keys of a label table, in its order. */
export function choicesOf<K extends string>(labels: Record<K, string>, keys: readonly K[] = Object.keys(labels) as K[]): { value: K; label: string }[] {
  return keys.map((value) => ({ value, label: labels[value] }));
}
