import { describe, expect, it } from 'vitest';
import { Widget } from '@pulse/api-contract/schemas';
import type { WidgetInput } from '@pulse/api-contract/schemas';
import { drillFilterOf, gridCellKey } from './drill-down.ts';
import { describeFilter, filterToken, parseFilterToken, parseFilterTokens } from './drill-filters.ts';
import type { DrillFilter } from './drill-filters.ts';

const SALES = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';

function activityWidget(type: WidgetInput['type'], groupBy: object): Widget {
  return Widget.parse({ id: 'w1', title: 'Events', type, query: { source: 'activity', measure: { kind: 'count' }, groupBy, timeRange: { kind: 'relative', range: 'last_7d' } } });
}

describe('drillFilterOf', () => {
  it('turns a category into a filter on what the widget groups by, with the clicked label', () => {
    expect(drillFilterOf(activityWidget('bar_chart', { by: 'event_type' }), { key: 'PAGE_VIEW', label: 'PAGE_VIEW' })).toEqual({
      kind: 'filter',
      filter: { dimension: 'event_type', value: 'PAGE_VIEW' },
      label: 'PAGE_VIEW',
    });
    expect(drillFilterOf(activityWidget('pie_chart', { by: 'department' }), { key: SALES, label: 'Sales' })).toEqual({
      kind: 'filter',
      filter: { dimension: 'department', value: SALES },
      label: 'Sales',
    });
    expect(drillFilterOf(activityWidget('pie_chart', { by: 'branch' }), { key: 'none', label: 'Unassigned' })).toMatchObject({ filter: { dimension: 'branch', value: 'none' } });
    expect(drillFilterOf(activityWidget('bar_chart', { by: 'property', property: 'page.path' }), { key: '/reports', label: '/reports' })).toMatchObject({
      filter: { dimension: 'property', property: 'page.path', value: '/reports' },
    });
    expect(drillFilterOf(activityWidget('bar_chart', { by: 'user' }), { key: 'u-17', label: 'u-17' })).toMatchObject({ filter: { dimension: 'user', value: 'u-17' } });
  });

  it('turns a heatmap cell into one filter on that hour of that weekday', () => {
    const drill = drillFilterOf(activityWidget('heatmap', { by: 'hour_of_week' }), { key: gridCellKey({ x: 14, y: 1 }), label: 'Monday 14:00' });
    expect(drill).toMatchObject({ kind: 'filter', filter: { dimension: 'hour_of_week', weekday: 1, hour: 14 } });
    expect(drill?.kind === 'filter' && describeFilter(drill.filter)).toBe('Time of week: Monday 14:00–15:00 UTC');
  });

  it('turns a time bucket into the absolute range of that bucket', () => {
    expect(drillFilterOf(activityWidget('line_chart', { by: 'time', bucket: 'hour' }), { key: '2026-12-01T10:00:00.000Z', label: '10:00' })).toEqual({
      kind: 'range',
      timeRange: { kind: 'absolute', from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T11:00:00.000Z' },
    });
    const counter = Widget.parse({ id: 'c', title: 'Per minute', type: 'line_chart', query: { source: 'counters', counter: 'events_per_minute' } });
    expect(drillFilterOf(counter, { key: '2026-12-01T10:05:00.000Z', label: '' })).toMatchObject({ timeRange: { from: '2026-12-01T10:05:00.000Z', to: '2026-12-01T10:06:00.000Z' } });
  });

  it('answers null where nothing can be drilled into, or the key names nothing valid', () => {
    expect(drillFilterOf(activityWidget('metric_card', { by: 'none' }), { key: 'x', label: 'x' })).toBeNull();
    expect(drillFilterOf(activityWidget('bar_chart', { by: 'event_type' }), { key: 'NOT_A_TYPE', label: 'x' })).toBeNull();
    expect(drillFilterOf(activityWidget('bar_chart', { by: 'department' }), { key: 'not-a-uuid', label: 'x' })).toBeNull();
    expect(drillFilterOf(activityWidget('bar_chart', { by: 'user' }), { key: 'none', label: 'none' })).toBeNull();
    expect(drillFilterOf(activityWidget('line_chart', { by: 'time', bucket: 'day' }), { key: 'yesterday', label: '' })).toBeNull();
    expect(drillFilterOf(activityWidget('heatmap', { by: 'hour_of_week' }), { key: '8-25', label: '' })).toBeNull();
    const engagement = Widget.parse({ id: 'e', title: 'Most active', type: 'table', query: { source: 'engagement', measure: 'most_active_users' } });
    expect(drillFilterOf(engagement, { key: 'u-1', label: 'u-1' })).toBeNull();
  });
});

describe('filter tokens', () => {
  const filters: DrillFilter[] = [
    { dimension: 'event_type', value: 'custom.checkout' },
    { dimension: 'property', property: 'page.path', value: '/a=b:c' },
    { dimension: 'user', value: 'u:1' },
    { dimension: 'branch', value: 'none' },
    { dimension: 'department', value: SALES },
    { dimension: 'hour_of_week', weekday: 7, hour: 0 },
  ];

  it('round-trip every dimension through the address', () => {
    for (const filter of filters) expect(parseFilterToken(filterToken(filter))).toEqual(filter);
    expect(filterToken({ dimension: 'event_type', value: 'PAGE_VIEW' })).toBe('eventType:PAGE_VIEW');
  });

  it('drop what names nothing, repeats, and more than the limit', () => {
    for (const token of ['', 'eventType', 'eventType:', 'colour:red', 'property:=x', 'property:1bad=x', 'hourOfWeek:0-1', 'hourOfWeek:1-24', 'department:sales']) {
      expect(parseFilterToken(token)).toBeNull();
    }
    expect(parseFilterTokens(['eventType:PAGE_VIEW', 'eventType:PAGE_VIEW', 'nope'])).toEqual([{ dimension: 'event_type', value: 'PAGE_VIEW' }]);
    const many = Array.from({ length: 30 }, (_, hour) => `hourOfWeek:1-${hour % 24}`).concat(Array.from({ length: 30 }, (_, hour) => `hourOfWeek:2-${hour % 24}`));
    expect(parseFilterTokens(many)).toHaveLength(20);
  });
});
