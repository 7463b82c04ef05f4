import { describe, expect, it } from 'vitest';
import { DashboardContent } from '@pulse/api-contract/schemas';
import { makeWidget } from '../../test/dashboard-fixtures.ts';
import { describeDiff, diffDashboards } from './dashboard-diff.ts';
import { addWidget, draftOf, duplicateWidget, removeWidget } from './draft.ts';
import { leavesDashboard } from './useLeaveGuard.ts';

const orders = makeWidget('orders', 'Orders');
const refunds = makeWidget('refunds', 'Refunds');
const base = draftOf({
  widgetPreferences: [orders, refunds],
  layoutConfig: { lg: [{ widgetId: 'orders', x: 0, y: 3, w: 3, h: 2 }], xs: [{ widgetId: 'orders', x: 0, y: 0, w: 12, h: 2 }] },
});
/** What dashboards.update would accept as the content. */
const valid = (draft: typeof base) =>
  DashboardContent.safeParse({ name: 'x', visibility: 'organization', widgetPreferences: draft.widgets, layoutConfig: draft.layoutConfig }).success;

describe('drafts', () => {
  it('starts compacted, placing a widget the saved layout forgot', () => {
    expect(base.layoutConfig.lg).toEqual([
      { widgetId: 'orders', x: 0, y: 0, w: 3, h: 2 },
      { widgetId: 'refunds', x: 0, y: 2, w: 12, h: 2 },
    ]);
    expect(valid(base)).toBe(true);
  });

  it('adds, duplicates and removes a widget at every breakpoint the document places, staying valid', () => {
    const added = addWidget(base, 'heatmap');
    expect(added.widget.type).toBe('heatmap');
    expect(added.draft.layoutConfig.xs?.map((item) => item.widgetId)).toEqual(['orders', 'heatmap']);
    expect(valid(added.draft)).toBe(true);

    const copied = duplicateWidget(added.draft, 'orders');
    expect(copied?.widget).toMatchObject({ id: 'orders-copy', title: 'Orders (copy)', query: orders.query });
    expect(copied && valid(copied.draft)).toBe(true);
    expect(copied?.draft.widgets.map((widget) => widget.id)).toEqual(['orders', 'orders-copy', 'refunds', 'heatmap']);

    const removed = removeWidget(added.draft, 'orders');
    expect(removed.widgets.map((widget) => widget.id)).toEqual(['refunds', 'heatmap']);
    expect(removed.layoutConfig.xs?.map((item) => item.widgetId)).toEqual(['heatmap']);
    expect(valid(removed)).toBe(true);
  });
});

describe('what someone else changed', () => {
  it('names widgets added, removed, moved and edited by title', () => {
    const theirs = addWidget(removeWidget(base, 'refunds'), 'kpi_card').draft;
    const moved = { ...theirs, widgets: theirs.widgets.map((widget) => (widget.id === 'orders' ? { ...widget, title: 'All orders' } : widget)) };
    moved.layoutConfig = { ...moved.layoutConfig, lg: moved.layoutConfig.lg.map((item) => (item.widgetId === 'orders' ? { ...item, x: 6 } : item)) };
    const diff = diffDashboards(base, moved);
    expect(diff).toEqual({ added: ['Events in the last 24 hours'], removed: ['Refunds'], moved: ['All orders'], edited: ['All orders'] });
    expect(describeDiff(diff)).toEqual(['Added: Events in the last 24 hours.', 'Removed: Refunds.', 'Moved or resized: All orders.', 'Edited: All orders.']);
    expect(describeDiff(diffDashboards(base, base))).toEqual([]);
  });
});

describe('leaving the dashboard being edited', () => {
  const at = (pathname: string, search: string) => ({ pathname, search });
  it('is another screen, dashboard or organization; not a time range or filter of the same one', () => {
    expect(leavesDashboard(at('/', '?dashboard=a'), at('/audit', ''))).toBe(true);
    expect(leavesDashboard(at('/', '?dashboard=a'), at('/', '?dashboard=b'))).toBe(true);
    expect(leavesDashboard(at('/', '?org=x&dashboard=a'), at('/', '?org=y&dashboard=a'))).toBe(true);
    expect(leavesDashboard(at('/', '?dashboard=a'), at('/', '?dashboard=a&range=last_7d'))).toBe(false);
  });
});

