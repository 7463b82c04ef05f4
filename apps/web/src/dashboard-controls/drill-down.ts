import { TimeRange } from '@pulse/api-contract/schemas';
import type { Widget, WidgetQuery } from '@pulse/api-contract/schemas';
import { DrillFilter } from './drill-filters.ts';

/** What a click on a chart asks of the dashboard: a filter on a value, or the range of one time bucket. */
export type Drill = { kind: 'filter'; filter: DrillFilter; label: string } | { kind: 'range'; timeRange: TimeRange };

/**
 * What was clicked, as the renderers know it:
 * - a bar or slice of categories: the item's `key` and `label`;
 * - a point or bar of a series: the point's `t` (its bucket's start) as `key`;
 * - a heatmap cell: `gridCellKey(cell)` as `key`.
 */
export type Clicked = { key: string; label: string };

/** A heatmap cell (x: hour of day, y: ISO weekday) as a click's key: `1-14` is Monday 14 h. */
export const gridCellKey = (cell: { x: number; y: number }) => `${cell.y}-${cell.x}`;

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

function bucketRange(start: string, bucket: keyof typeof BUCKET_MS): Drill | null {
  const from = Date.parse(start);
  if (Number.isNaN(from)) return null;
  const parsed = TimeRange.safeParse({ kind: 'absolute', from: new Date(from).toISOString(), to: new Date(from + BUCKET_MS[bucket]).toISOString() });
  return parsed.success ? { kind: 'range', timeRange: parsed.data } : null;
}

/** The clicked label goes with the filter: the chip names a department, not its id. */
function filterDrill(candidate: unknown, label: string): Drill | null {
  const parsed = DrillFilter.safeParse(candidate);
  return parsed.success ? { kind: 'filter', filter: parsed.data, label } : null;
}

/** The live counter split by event type; its keys are event types. */
const EVENT_TYPE_COUNTER = 'events_by_type_today';

/** How one widget turns a click into a drill (null from it: that item names nothing to drill into). */
export type Driller = (clicked: Clicked) => Drill | null;

/**
 * `widgets.data` answers `none` for the events without a value: for a branch or department
 * that is "Unassigned" (a filter can say so); for a property or a user it is no value a
 * filter could name (and a real value "none" would be the same key), so it does not drill.
 */
function activityDriller(query: Extract<WidgetQuery, { source: 'activity' }>): Driller | null {
  const { groupBy } = query;
  switch (groupBy.by) {
    case 'none':
      return null;
    case 'time':
      return ({ key }) => bucketRange(key, groupBy.bucket);
    case 'hour_of_week':
      return ({ key, label }) => {
        const [weekday, hour] = key.split('-').map(Number);
        return filterDrill({ dimension: 'hour_of_week', weekday, hour }, label);
      };
    case 'property':
      return ({ key, label }) => (key === 'none' ? null : filterDrill({ dimension: 'property', property: groupBy.property, value: key }, label));
    case 'user':
      return ({ key, label }) => (key === 'none' ? null : filterDrill({ dimension: 'user', value: key }, label));
    default: {
      const dimension = groupBy.by;
      return ({ key, label }) => filterDrill({ dimension, value: key }, label);
    }
  }
}

/**
 * How a click on a widget's bar, slice, cell or point drills down, by what its query groups by
 * (null: nothing of it ever drills, so its chart is not clickable):
 * a category becomes a filter on that event type, property value, user, branch or department;
 * a time bucket becomes the absolute range of that bucket (the dashboard zooms in, and the
 * range is still unless the bucket is the current one); a heatmap cell becomes a filter on
 * that hour of that weekday (a chip for the cell, not two, since the cell is one thing).
 *
 * Nothing drills from an ungrouped number, a table of engagement or reports, or a metric
 * label (the drill-down contract filters events, not metrics).
 */
export function drillerOf(widget: Widget): Driller | null {
  const { query } = widget;
  switch (query.source) {
    case 'activity':
      return activityDriller(query);
    case 'metrics': {
      const { groupBy } = query;
      return groupBy.by === 'time' ? ({ key }) => bucketRange(key, groupBy.bucket) : null;
    }
    case 'counters':
      if (query.counter === EVENT_TYPE_COUNTER) return ({ key, label }) => filterDrill({ dimension: 'event_type', value: key }, label);
      return query.counter === 'events_per_minute' ? ({ key }) => bucketRange(key, 'minute') : null;
    default:
      return null;
  }
}

/** A click on a widget's chart as a drill-down (see drillerOf); null for a key that names nothing valid. */
export function drillFilterOf(widget: Widget, clicked: Clicked): Drill | null {
  return drillerOf(widget)?.(clicked) ?? null;
}
