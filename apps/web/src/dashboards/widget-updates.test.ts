import { describe, expect, it } from 'vitest';
import type { WidgetsData } from '@pulse/api-contract/schemas';
import { makeResult } from '../test/dashboard-fixtures.ts';
import { applyDashboardUpdate, keepNewerWidgetsData } from './widget-updates.ts';

const cached: WidgetsData = {
  asOf: '2026-12-01T10:00:00.000Z',
  version: 5,
  widgets: [makeResult('a', 1, '2026-12-01T10:00:00.000Z'), makeResult('b', 2, '2026-12-01T10:00:00.000Z')],
};

describe('applyDashboardUpdate', () => {
  it('replaces the changed widgets by id, keeps the others as they were, and moves version and as-of on', () => {
    const next = applyDashboardUpdate(cached, { version: 6, widgets: [makeResult('b', 20, '2026-12-01T10:00:05.000Z')] });
    expect(next.version).toBe(6);
    expect(next.asOf).toBe('2026-12-01T10:00:05.000Z');
    expect(next.widgets.map((widget) => widget.data)).toEqual([
      { shape: 'scalar', value: 1 },
      { shape: 'scalar', value: 20 },
    ]);
    expect(next.widgets[0]).toBe(cached.widgets[0]);
  });

  it('ignores an update older than the cached answer, and applies one of the same version (counters move between versions)', () => {
    expect(applyDashboardUpdate(cached, { version: 4, widgets: [makeResult('a', 9)] })).toBe(cached);
    expect(applyDashboardUpdate(cached, { version: 5, widgets: [makeResult('a', 9)] }).widgets[0]?.data).toEqual({ shape: 'scalar', value: 9 });
  });

  it('takes the update as the answer when nothing is cached yet, and adds a widget the cache did not have', () => {
    const update = { version: 3, widgets: [makeResult('a', 1, '2026-12-01T09:00:00.000Z')] };
    expect(applyDashboardUpdate(undefined, update)).toEqual({ asOf: '2026-12-01T09:00:00.000Z', version: 3, widgets: update.widgets });
    expect(applyDashboardUpdate(cached, { version: 6, widgets: [makeResult('c', 3)] }).widgets.map((widget) => widget.widgetId)).toEqual(['a', 'b', 'c']);
  });
});

describe('keepNewerWidgetsData', () => {
  it('keeps what the live stream wrote over an older answer that was in flight, and takes a newer one', () => {
    expect(keepNewerWidgetsData(cached, { ...cached, version: 4 })).toBe(cached);
    const newer = { ...cached, version: 6, widgets: [cached.widgets[0], makeResult('b', 3)] };
    const kept = keepNewerWidgetsData(cached, newer) as WidgetsData;
    expect(kept.version).toBe(6);
    expect(kept.widgets[0]).toBe(cached.widgets[0]);
    expect(keepNewerWidgetsData(undefined, cached)).toBe(cached);
  });
});
