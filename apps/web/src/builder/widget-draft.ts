import { z } from 'zod';
import {
  BUILT_IN_EVENT_TYPES,
  ENGAGEMENT_ORDER,
  LiveCounterName,
  MetricAggregation,
  NUMBER_FORMATS,
  NUMERIC_AGGREGATIONS,
  RELATIVE_RANGES,
  REPORT_MEASURES,
  TimeBucket,
  Widget,
  WidgetType,
} from '@pulse/api-contract/schemas';
import type { WidgetInput, WidgetQueryInput } from '@pulse/api-contract/schemas';
import { widgetInput } from './widget-input.ts';

export const SOURCES = ['activity', 'metrics', 'counters', 'engagement', 'reports'] as const;
export type Source = (typeof SOURCES)[number];
export const ACTIVITY_GROUPINGS = ['none', 'time', 'event_type', 'property', 'user', 'branch', 'department', 'hour_of_week'] as const;
export const METRIC_GROUPINGS = ['none', 'time', 'label'] as const;
export const ACTIVITY_MEASURES = ['count', 'distinct_users', ...NUMERIC_AGGREGATIONS] as const;
export const HEATMAP_SCALES = ['blues', 'greens', 'oranges', 'greys'] as const;
/** A new threshold's colour before it is picked: the warning orange of the seeded gauges. */
export const NEW_THRESHOLD_COLOR = '#ed6c02';

/**
 * The editor's form as typed. Every field sits at the contract's path (`query.measure.property`,
 * `options.thresholds.0.value`), so an issue of `Widget`, the browser's or the server's, names the
 * field it is about. Numbers, lists and labels stay text until the draft is read; every source's
 * fields are kept, so switching the source back loses nothing. The few fields of another shape
 * than the contract's (the reports' measure, the built-in event types) have names of their own.
 */
const WidgetDraft = z.object({
  id: z.string(),
  type: WidgetType,
  title: z.string(),
  description: z.string(),
  query: z.object({
    source: z.enum(SOURCES),
    measure: z.object({ kind: z.enum(ACTIVITY_MEASURES), property: z.string() }),
    groupBy: z.object({ by: z.enum([...ACTIVITY_GROUPINGS, 'label']), bucket: TimeBucket, property: z.string(), label: z.string() }),
    filters: z.object({
      builtInTypes: z.array(z.string()),
      /** Custom event types (`custom.checkout`), separated by commas. */
      eventTypes: z.string(),
      /** Each one's values separated by commas. */
      properties: z.array(z.object({ property: z.string(), op: z.enum(['eq', 'neq']), values: z.string() })),
    }),
    /** `from` and `to` as a datetime-local input has them (local time, minutes). */
    timeRange: z.object({ kind: z.enum(['relative', 'absolute']), range: z.enum(RELATIVE_RANGES), from: z.string(), to: z.string() }),
    compare: z.boolean(),
    limit: z.string(),
    metricName: z.string(),
    aggregation: MetricAggregation,
    /** name=value pairs separated by commas. */
    labels: z.string(),
    counter: LiveCounterName,
    orderBy: z.enum(ENGAGEMENT_ORDER),
    reportMeasure: z.enum(REPORT_MEASURES),
    reportType: z.string(),
  }),
  options: z.object({
    unit: z.string(),
    numberFormat: z.enum(NUMBER_FORMATS),
    decimals: z.string(),
    /** Kept as it came: the editor has no control for it yet. */
    color: z.string().optional(),
    thresholds: z.array(z.object({ value: z.string(), color: z.string(), label: z.string() })),
    target: z.string(),
    min: z.string(),
    max: z.string(),
    higherIsBetter: z.boolean(),
    stacked: z.boolean(),
    showLegend: z.boolean(),
    donut: z.boolean(),
    showRank: z.boolean(),
    colorScale: z.enum(HEATMAP_SCALES),
  }),
});
export type WidgetDraft = z.output<typeof WidgetDraft>;
type QueryDraft = WidgetDraft['query'];
type OptionsDraft = WidgetDraft['options'];

const pad = (n: number) => String(n).padStart(2, '0');
/** An instant as a datetime-local input shows it: the browser's local time, to the minute. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
/** A datetime-local value as an ISO instant; what cannot be read stays as typed, for the contract to refuse. */
function fromLocalInput(text: string): string {
  const ms = Date.parse(text);
  return text.trim() === '' || Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

const text = (value: number | undefined) => (value === undefined ? '' : String(value));
/** Empty text is not zero: it fails the number check and the field says so. */
const toNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
const splitList = (value: string) =>
  value
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean);

function parseLabels(value: string): Record<string, string> | null {
  const pairs = splitList(value).map((pair) => pair.split('=').map((piece) => piece.trim()));
  return pairs.every((pair) => pair.length === 2 && pair[0] !== '') ? Object.fromEntries(pairs) : null;
}

/** The form's values for a widget: its own fields, and neutral ones for what it does not use. */
export function draftFromWidget(widget: Widget, now = Date.now()): WidgetDraft {
  const query = widget.query;
  const activity = query.source === 'activity' ? query : null;
  const metrics = query.source === 'metrics' ? query : null;
  const groupBy = activity?.groupBy ?? metrics?.groupBy ?? { by: 'none' };
  const timeRange = 'timeRange' in query ? query.timeRange : { kind: 'relative' as const, range: 'last_24h' as const };
  const eventTypes = activity?.filters.eventTypes ?? [];
  const options: Record<string, unknown> = widget.options;
  const number = (key: string) => text(typeof options[key] === 'number' ? options[key] : undefined);
  const flag = (key: string, fallback: boolean) => (typeof options[key] === 'boolean' ? options[key] : fallback);
  return {
    id: widget.id,
    type: widget.type,
    title: widget.title,
    description: widget.description ?? '',
    query: {
      source: query.source,
      measure: activity?.measure.kind === 'count' || activity?.measure.kind === 'distinct_users' ? { kind: activity.measure.kind, property: '' } : (activity?.measure ?? { kind: 'count', property: '' }),
      groupBy: {
        by: groupBy.by,
        bucket: groupBy.by === 'time' ? groupBy.bucket : 'hour',
        property: groupBy.by === 'property' ? groupBy.property : '',
        label: groupBy.by === 'label' ? groupBy.label : '',
      },
      filters: {
        builtInTypes: eventTypes.filter((type) => (BUILT_IN_EVENT_TYPES as string[]).includes(type)),
        eventTypes: eventTypes.filter((type) => !(BUILT_IN_EVENT_TYPES as string[]).includes(type)).join(', '),
        properties: (activity?.filters.properties ?? []).map((filter) => ({ property: filter.property, op: filter.op, values: filter.values.join(', ') })),
      },
      // An absolute range to start from when one is chosen: the last day.
      timeRange:
        timeRange.kind === 'absolute'
          ? { kind: 'absolute', range: 'last_24h', from: toLocalInput(timeRange.from), to: toLocalInput(timeRange.to) }
          : { kind: 'relative', range: timeRange.range, from: toLocalInput(new Date(now - 86_400_000).toISOString()), to: toLocalInput(new Date(now).toISOString()) },
      compare: (activity ?? metrics)?.compare === 'previous_period',
      limit: 'limit' in query ? String(query.limit) : '10',
      metricName: metrics?.metricName ?? '',
      aggregation: metrics?.aggregation ?? 'avg',
      labels: Object.entries(metrics?.labels ?? {})
        .map(([name, value]) => `${name}=${value}`)
        .join(', '),
      counter: query.source === 'counters' ? query.counter : 'events_today',
      orderBy: query.source === 'engagement' ? query.orderBy : 'eventCount',
      reportMeasure: query.source === 'reports' ? query.measure : 'generated_count',
      reportType: query.source === 'reports' ? (query.reportType ?? '') : '',
    },
    options: {
      unit: typeof options.unit === 'string' ? options.unit : '',
      numberFormat: widget.options.numberFormat,
      decimals: String(widget.options.decimals),
      color: widget.options.color,
      thresholds: widget.options.thresholds.map((threshold) => ({ value: String(threshold.value), color: threshold.color, label: threshold.label ?? '' })),
      target: number('target'),
      min: number('min'),
      max: number('max'),
      higherIsBetter: flag('higherIsBetter', true),
      stacked: flag('stacked', false),
      showLegend: flag('showLegend', true),
      donut: flag('donut', true),
      showRank: flag('showRank', true),
      colorScale: widget.type === 'heatmap' ? widget.options.colorScale : 'blues',
    },
  };
}

const timeRangeOf = (range: QueryDraft['timeRange']) =>
  range.kind === 'relative' ? { kind: 'relative' as const, range: range.range } : { kind: 'absolute' as const, from: fromLocalInput(range.from), to: fromLocalInput(range.to) };

function activityQuery(query: QueryDraft): WidgetQueryInput {
  const { measure, groupBy, filters } = query;
  const eventTypes = [...filters.builtInTypes, ...splitList(filters.eventTypes)];
  return {
    source: 'activity',
    measure: measure.kind === 'count' || measure.kind === 'distinct_users' ? { kind: measure.kind } : { kind: measure.kind, property: measure.property.trim() },
    groupBy:
      groupBy.by === 'time'
        ? { by: 'time', bucket: groupBy.bucket }
        : groupBy.by === 'property'
          ? { by: 'property', property: groupBy.property.trim() }
          : // A metric's label grouping left over from another source reads as none.
            { by: groupBy.by === 'label' ? 'none' : groupBy.by },
    filters: {
      ...(eventTypes.length > 0 ? { eventTypes } : {}),
      ...(filters.properties.length > 0 ? { properties: filters.properties.map((filter) => ({ property: filter.property.trim(), op: filter.op, values: splitList(filter.values) })) } : {}),
    },
    timeRange: timeRangeOf(query.timeRange),
    compare: query.compare ? 'previous_period' : null,
    limit: toNumber(query.limit),
  };
}

function metricsQuery(query: QueryDraft): WidgetQueryInput {
  const { groupBy } = query;
  const labels = parseLabels(query.labels) ?? {};
  return {
    source: 'metrics',
    metricName: query.metricName.trim(),
    aggregation: query.aggregation,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    groupBy: groupBy.by === 'time' ? { by: 'time', bucket: groupBy.bucket } : groupBy.by === 'label' ? { by: 'label', label: groupBy.label.trim() } : { by: 'none' },
    timeRange: timeRangeOf(query.timeRange),
    compare: query.compare ? 'previous_period' : null,
    limit: toNumber(query.limit),
  };
}

/** The query the draft stands for, as the contract's input (numbers parsed, only the chosen source's fields). */
export function queryFromDraft(query: QueryDraft): WidgetQueryInput {
  switch (query.source) {
    case 'activity':
      return activityQuery(query);
    case 'metrics':
      return metricsQuery(query);
    case 'counters':
      return { source: 'counters', counter: query.counter };
    case 'engagement':
      return { source: 'engagement', measure: 'most_active_users', orderBy: query.orderBy, timeRange: timeRangeOf(query.timeRange), limit: toNumber(query.limit) };
    case 'reports':
      return {
        source: 'reports',
        measure: query.reportMeasure,
        ...(query.reportType.trim() === '' ? {} : { reportType: query.reportType.trim() }),
        timeRange: timeRangeOf(query.timeRange),
        limit: toNumber(query.limit),
      };
  }
}

/** The options of the draft's type only (each type's options are a strict object). */
function optionsFromDraft(type: WidgetType, options: OptionsDraft): Record<string, unknown> {
  const display = {
    ...(options.unit === '' ? {} : { unit: options.unit }),
    numberFormat: options.numberFormat,
    decimals: toNumber(options.decimals),
    thresholds: options.thresholds.map((threshold) => ({ value: toNumber(threshold.value), color: threshold.color, ...(threshold.label === '' ? {} : { label: threshold.label }) })),
    ...(options.color === undefined ? {} : { color: options.color }),
  };
  switch (type) {
    case 'kpi_card':
      return { ...display, target: toNumber(options.target), higherIsBetter: options.higherIsBetter };
    case 'gauge':
      return { ...display, min: toNumber(options.min), max: toNumber(options.max), ...(options.target.trim() === '' ? {} : { target: toNumber(options.target) }) };
    case 'progress_bar':
      return { ...display, target: toNumber(options.target) };
    case 'line_chart':
    case 'bar_chart':
      return { ...display, stacked: options.stacked, showLegend: options.showLegend };
    case 'pie_chart':
      return { ...display, donut: options.donut, showLegend: options.showLegend };
    case 'table':
      return { ...display, showRank: options.showRank };
    case 'heatmap':
      return { ...display, colorScale: options.colorScale };
    case 'metric_card':
    case 'sparkline':
      return display;
  }
}

/**
 * The form's schema: the draft, read as the contract's `Widget` and checked by it, so the form
 * knows no rule of its own and its messages are the contract's wording. Only the label filter's
 * syntax is the form's (the contract takes a record).
 */
export const widgetFormSchema = WidgetDraft.transform((draft, ctx): WidgetInput => {
  if (draft.query.source === 'metrics' && parseLabels(draft.query.labels) === null) {
    ctx.addIssue({ code: 'custom', path: ['query', 'labels'], message: 'write labels as name=value, separated by commas', input: draft.query.labels });
  }
  const fields = {
    id: draft.id,
    title: draft.title,
    ...(draft.description === '' ? {} : { description: draft.description }),
    query: queryFromDraft(draft.query),
  };
  return widgetInput(fields, draft.type, optionsFromDraft(draft.type, draft.options));
}).pipe(Widget);
