// Before this module builds its schemas: a zod object made before the config probes for eval,
// which the page's CSP reports (the bundle may evaluate this chunk before main.tsx's own import).
import '../zod-without-eval.ts';
import { z } from 'zod';
import { EventPropertyName, EventTypeName, WIDGET_LIMITS } from '@pulse/api-contract/schemas';

/**
 * A drill-down filter: one value of what a chart was split by, applied to the whole dashboard.
 *
 * This is the shape proposed for the contract (a `filters` override of `widgets.data`,
 * `widgets.preview` and `live.dashboard`, ANDed with each activity widget's own filters and
 * always inside the viewer's scope). Until it is there it lives here, so the address and the
 * chips are ready; the schema moves to `packages/api-contract` as it is.
 *
 * `branch` and `department` take an id, or `none` for the events of nobody's branch (the
 * "Unassigned" slice). `hour_of_week` is a heatmap cell: ISO weekday (1 = Monday) and hour
 * of day, UTC, as `widgets.data` answers grids.
 */
const id = z.string().min(1).max(WIDGET_LIMITS.maxFilterValueLength);
export const DrillFilter = z.discriminatedUnion('dimension', [
  z.strictObject({ dimension: z.literal('event_type'), value: EventTypeName }),
  z.strictObject({ dimension: z.literal('property'), property: EventPropertyName, value: z.string().max(WIDGET_LIMITS.maxFilterValueLength) }),
  z.strictObject({ dimension: z.literal('user'), value: id }),
  z.strictObject({ dimension: z.literal('branch'), value: z.union([z.uuid(), z.literal('none')]) }),
  z.strictObject({ dimension: z.literal('department'), value: z.union([z.uuid(), z.literal('none')]) }),
  z.strictObject({ dimension: z.literal('hour_of_week'), weekday: z.int().min(1).max(7), hour: z.int().min(0).max(23) }),
]);
export type DrillFilter = z.output<typeof DrillFilter>;

/** At most as many as a widget's own filters: each one is a condition on every query. */
export const MAX_DRILL_FILTERS = WIDGET_LIMITS.maxFilters;

/** The dimension's name in a URL (`?filter=eventType:PAGE_VIEW`), shorter and stable. */
const URL_NAMES = {
  event_type: 'eventType',
  property: 'property',
  user: 'user',
  branch: 'branch',
  department: 'department',
  hour_of_week: 'hourOfWeek',
} as const satisfies Record<DrillFilter['dimension'], string>;

/**
 * A filter as one `filter=` value: `eventType:PAGE_VIEW`, `department:<id>`,
 * `property:page.path=/home` (a property name has no `=`), `hourOfWeek:1-14` (Monday, 14 h).
 */
export function filterToken(filter: DrillFilter): string {
  const name = URL_NAMES[filter.dimension];
  switch (filter.dimension) {
    case 'property':
      return `${name}:${filter.property}=${filter.value}`;
    case 'hour_of_week':
      return `${name}:${filter.weekday}-${filter.hour}`;
    default:
      return `${name}:${filter.value}`;
  }
}

const DIMENSION_OF_NAME = new Map<string, DrillFilter['dimension']>(Object.entries(URL_NAMES).map(([dimension, name]) => [name, dimension as DrillFilter['dimension']]));

/** The filter a `filter=` value stands for, or null for anything else (a hand-edited or stale link). */
export function parseFilterToken(token: string): DrillFilter | null {
  const colon = token.indexOf(':');
  if (colon < 1) return null;
  const dimension = DIMENSION_OF_NAME.get(token.slice(0, colon));
  const rest = token.slice(colon + 1);
  let candidate: unknown;
  if (dimension === undefined) return null;
  if (dimension === 'property') {
    const equals = rest.indexOf('=');
    candidate = equals < 1 ? null : { dimension, property: rest.slice(0, equals), value: rest.slice(equals + 1) };
  } else if (dimension === 'hour_of_week') {
    const match = /^(\d)-(\d{1,2})$/.exec(rest);
    candidate = match ? { dimension, weekday: Number(match[1]), hour: Number(match[2]) } : null;
  } else {
    candidate = { dimension, value: rest };
  }
  const parsed = DrillFilter.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** The `filter=` values of an address that stand for filters, once each, at most MAX_DRILL_FILTERS. */
export function parseFilterTokens(tokens: readonly string[]): DrillFilter[] {
  const seen = new Set<string>();
  const filters: DrillFilter[] = [];
  for (const token of tokens) {
    const filter = parseFilterToken(token);
    if (!filter || seen.has(filterToken(filter)) || filters.length >= MAX_DRILL_FILTERS) continue;
    seen.add(filterToken(filter));
    filters.push(filter);
  }
  return filters;
}

export const sameFilter = (a: DrillFilter, b: DrillFilter) => filterToken(a) === filterToken(b);

const DIMENSION_LABELS: Record<DrillFilter['dimension'], string> = {
  event_type: 'Event type',
  property: 'Property',
  user: 'User',
  branch: 'Branch',
  department: 'Department',
  hour_of_week: 'Time of week',
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * A filter in words, as its chip shows it: "Event type: PAGE_VIEW", "Department: Sales".
 * `valueLabel` names an id (a department's name from the widget that was clicked); without
 * it the id shows.
 */
export function describeFilter(filter: DrillFilter, valueLabel?: string): string {
  switch (filter.dimension) {
    case 'property':
      return `${filter.property}: ${valueLabel ?? filter.value}`;
    case 'hour_of_week':
      return `${DIMENSION_LABELS.hour_of_week}: ${WEEKDAYS[filter.weekday - 1]} ${hh(filter.hour)}–${hh(filter.hour + 1)} UTC`;
    default: {
      const value = filter.value === 'none' && (filter.dimension === 'branch' || filter.dimension === 'department') ? 'Unassigned' : filter.value;
      return `${DIMENSION_LABELS[filter.dimension]}: ${valueLabel ?? value}`;
    }
  }
}
