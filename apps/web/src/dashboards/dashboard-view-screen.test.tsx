import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { getInstanceByDom } from 'echarts/core';
import type { ECElementEvent } from 'echarts/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Widget } from '@pulse/api-contract/schemas';
import type { Dashboard, DashboardVersionItem, WidgetsData, WidgetsDataInput } from '@pulse/api-contract/schemas';
import { loadChart } from '../widgets/echarts/load.ts';
import { fakeDashboards, makeDashboard, makeResult, makeUpdate, makeWidget } from '../test/dashboard-fixtures.ts';
import { withServices } from '../test/fake-services.ts';
import type { FakeServices } from '../test/fake-services.ts';
import { ACME, makeMe, makeSession } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';
import { deferred } from '../test/trpc-server.ts';

const OWNER = makeMe({ id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', email: 'owner@acme.test', name: 'Olga Owner', orgRole: 'OWNER' });
const BY_TYPE = Widget.parse({
  id: 'by-type',
  title: 'Events by type',
  type: 'bar_chart',
  query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'event_type' }, timeRange: { kind: 'relative', range: 'last_24h' } },
});
const TRAFFIC = makeDashboard({
  id: '66666666-6666-4666-8666-666666666666',
  name: 'Traffic',
  version: 3,
  canEdit: true,
  widgetPreferences: [makeWidget('active-users', 'Active users'), BY_TYPE],
});
const PAST = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' };

/** Ten times the numbers for the last 7 days, as a wider range would count. */
const factorOf = (input: WidgetsDataInput) => (input.timeRange?.kind === 'relative' && input.timeRange.range === 'last_7d' ? 10 : 1);

function trafficData(input: WidgetsDataInput): WidgetsData {
  const factor = factorOf(input);
  const asOf = new Date().toISOString();
  const items = [
    { key: 'PAGE_VIEW', label: 'PAGE_VIEW', value: 5 * factor },
    { key: 'USER_LOGIN', label: 'USER_LOGIN', value: 3 * factor },
  ];
  return { asOf, version: 1, widgets: [makeResult('active-users', 7 * factor, asOf), { ...makeResult('by-type', null, asOf), data: { shape: 'categories', items } }] };
}

function openTraffic(hash: string, services: FakeServices = {}, options: { reload?: boolean; dashboards?: Dashboard[] } = {}) {
  window.location.hash = hash;
  const base = withServices(fakeDashboards({ dashboards: options.dashboards ?? [TRAFFIC] }), { auth: { me: () => OWNER, refresh: () => makeSession({ user: OWNER, accessToken: 'access-2', refreshToken: 'refresh-2' }) }, widgets: { data: (_actor, _org, input) => trafficData(input) } });
  return renderApp({ session: makeSession({ user: OWNER }), services: withServices(base, services), reload: options.reload ?? false });
}

const widget = (title: string) => screen.getByRole('region', { name: title });
const search = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '');
const widgetsDataInputs = (calls: { path: string; input: unknown }[]) => calls.filter((call) => call.path === 'widgets.data').map((call) => call.input);
/** The first paint goes through the session, the dashboard and its numbers: slower than a re-render on a busy machine. */
const shows = (title: string, text: string) => waitFor(() => expect(widget(title).textContent).toContain(text), { timeout: 5000 });
const rangeButton = () => screen.getByRole('button', { name: /^Time range:/ });

async function pickRange(name: string) {
  const user = userEvent.setup();
  await user.click(rangeButton());
  await user.click(within(screen.getByRole('listbox', { name: 'Ranges' })).getByRole('option', { name }));
}

beforeAll(async () => {
  await loadChart('bar');
}, 60_000);

beforeEach(() => {
  // jsdom lays nothing out: the chart needs a size to draw its bars.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(480);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(240);
});

afterEach(() => {
  window.location.hash = '';
  vi.restoreAllMocks();
});

describe('the dashboard view on the dashboard screen', () => {
  it('asks widgets.data for the picked range with the previous numbers on screen meanwhile, keeps it in the address, and a reload keeps it', async () => {
    const weekAnswer = deferred<void>();
    const services: FakeServices = {
      widgets: {
        data: async (_actor, _org, input) => {
          if (factorOf(input) === 10) await weekAnswer.promise;
          return trafficData(input);
        },
      },
    };
    const first = openTraffic(`#/?dashboard=${TRAFFIC.id}`, services);
    await shows('Active users', '7');
    expect(screen.getByTestId('view-mode').textContent).toBe('Live');

    await pickRange('Last 7 days');
    expect(search().get('range')).toBe('last_7d');
    expect(search().get('dashboard')).toBe(TRAFFIC.id);
    await waitFor(() => expect(widgetsDataInputs(first.calls)).toContainEqual({ organizationId: ACME.id, dashboardId: TRAFFIC.id, timeRange: { kind: 'relative', range: 'last_7d' } }));
    // The new range is on its way: the last numbers stay, no skeleton, and the row says it is updating.
    expect(screen.getByText('Updating…')).toBeTruthy();
    expect(widget('Active users').textContent).toContain('7');
    expect(screen.queryByTestId('widget-skeleton')).toBeNull();
    expect(widget('Active users').getAttribute('aria-busy')).toBe('false');

    weekAnswer.resolve();
    await shows('Active users', '70');
    expect(screen.queryByText('Updating…')).toBeNull();
    expect(rangeButton().textContent).toContain('Last 7 days');
    first.unmount();

    const reloaded = openTraffic(window.location.hash, services, { reload: true });
    await shows('Active users', '70');
    expect(widgetsDataInputs(reloaded.calls)).toEqual([{ organizationId: ACME.id, dashboardId: TRAFFIC.id, timeRange: { kind: 'relative', range: 'last_7d' } }]);
    expect(rangeButton().textContent).toContain('Last 7 days');
  });

  it("streams the view itself: live.dashboard is asked with the range and filters on screen, and its frames move the numbers in place", async () => {
    const { calls, live } = openTraffic(`#/?dashboard=${TRAFFIC.id}&range=last_7d&filter=eventType:PAGE_VIEW`);
    await shows('Active users', '70');
    await waitFor(() => expect(live.active('live.dashboard')).toHaveLength(1));
    const view = { timeRange: { kind: 'relative', range: 'last_7d' }, filters: [{ dimension: 'event_type', value: 'PAGE_VIEW' }] };
    expect(live.active('live.dashboard')[0]?.input).toEqual({ organizationId: ACME.id, dashboardId: TRAFFIC.id, ...view });
    expect(widgetsDataInputs(calls)).toEqual([{ organizationId: ACME.id, dashboardId: TRAFFIC.id, ...view }]);

    live.emit('live.dashboard', makeUpdate(2, [makeResult('active-users', 4321)]), '2');
    await waitFor(() => expect(widget('Active users').textContent).toContain('4,321'));
    // No second read: the frame was the view's own numbers.
    expect(widgetsDataInputs(calls)).toHaveLength(1);
  });

  it('does not subscribe to live.dashboard for a range in the past, and does once the range ends now', async () => {
    const { calls, live } = openTraffic(`#/?dashboard=${TRAFFIC.id}&from=${PAST.from}&to=${PAST.to}`);
    await shows('Active users', '7');
    expect(widgetsDataInputs(calls)).toEqual([{ organizationId: ACME.id, dashboardId: TRAFFIC.id, timeRange: { kind: 'absolute', ...PAST } }]);
    expect(screen.getByTestId('view-mode').textContent).toBe('Still: a past range');
    expect(live.subscriptions.filter((subscription) => subscription.path === 'live.dashboard')).toHaveLength(0);

    // The same screen subscribes as soon as the range is live: its absence above was the range's doing.
    await pickRange('Last 24 hours');
    await waitFor(() => expect(live.active('live.dashboard')).toHaveLength(1));
    expect(screen.getByTestId('view-mode').textContent).toBe('Live');
    expect(live.subscriptions.filter((subscription) => subscription.path === 'live.dashboard')).toHaveLength(1);
  });

  it('drills down on a click on a bar, or on its row of the numbers: a chip and a filter in the address, which its ✕ removes', async () => {
    openTraffic(`#/?dashboard=${TRAFFIC.id}`);
    await shows('Active users', '7');
    const chartElement = await within(widget('Events by type')).findByTestId('widget-chart');
    const chart = await waitFor(() => {
      const instance = getInstanceByDom(chartElement);
      expect(instance?.getOption()).toBeDefined();
      return instance;
    });
    expect(chartElement.className).toMatch(/drillable/);

    // What ECharts emits for a click on the second bar (jsdom cannot hit-test the SVG).
    act(() => {
      const click: Partial<ECElementEvent> = { type: 'click', componentType: 'series', componentSubType: 'bar', seriesIndex: 0, dataIndex: 1, name: 'USER_LOGIN', value: 3 };
      chart?.trigger('click', click as ECElementEvent);
    });
    const chips = await screen.findByRole('list', { name: 'Filters' });
    expect(within(chips).getByText('Event type: USER_LOGIN')).toBeTruthy();
    expect(search().getAll('filter')).toEqual(['eventType:USER_LOGIN']);

    const user = userEvent.setup();
    await user.click(within(chips).getByRole('button', { name: 'Remove filter Event type: USER_LOGIN' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Filters' })).toBeNull());
    expect(search().getAll('filter')).toEqual([]);

    // The keyboard's way: each row of the chart's numbers drills as its bar does.
    await user.click(within(widget('Events by type')).getByRole('button', { name: 'Show numbers' }));
    await user.click(within(widget('Events by type')).getByRole('button', { name: 'Drill down into PAGE_VIEW' }));
    expect(within(await screen.findByRole('list', { name: 'Filters' })).getByText('Event type: PAGE_VIEW')).toBeTruthy();
    expect(search().getAll('filter')).toEqual(['eventType:PAGE_VIEW']);
  });
});

describe('the version history on the dashboard screen', () => {
  const RESTORED_WIDGET = makeWidget('signups', 'Sign-ups');
  const versions: DashboardVersionItem[] = [3, 2, 1].map((version) => ({
    version,
    createdAt: new Date(Date.UTC(2026, 10, version, 9)).toISOString(),
    createdBy: { userId: OWNER.id, name: 'Olga Owner' },
    summary: version === 2 ? 'Sign-ups only' : `change ${version}`,
    note: null,
  }));

  it('opens the list from the toolbar as a dialog; a restore shows the restored dashboard; Escape closes it back to the button', async () => {
    const dashboards = [TRAFFIC];
    const { calls } = openTraffic(
      `#/?dashboard=${TRAFFIC.id}`,
      {
        dashboards: {
          versions: () => ({ items: versions, nextBeforeVersion: null }),
          restore: (_actor, _org, input) => {
            const restored: Dashboard = { ...TRAFFIC, version: 4, widgetPreferences: [RESTORED_WIDGET], layoutConfig: { lg: [{ widgetId: 'signups', x: 0, y: 0, w: 3, h: 2 }] } };
            dashboards[0] = restored;
            expect(input).toMatchObject({ id: TRAFFIC.id, version: 2, expectedVersion: 3 });
            return restored;
          },
        },
        widgets: { data: () => ({ asOf: new Date().toISOString(), version: 1, widgets: dashboards[0]?.widgetPreferences.map((each) => makeResult(each.id, 7)) ?? [] }) },
      },
      { dashboards },
    );
    const user = userEvent.setup();
    await shows('Active users', '7');
    const historyButton = screen.getByRole('button', { name: 'History' });
    await user.click(historyButton);

    const dialog = screen.getByRole('dialog', { name: 'History of Traffic' });
    const list = await within(dialog).findByRole('list', { name: 'Versions' });
    expect(within(list).getAllByRole('listitem').map((item) => item.getAttribute('aria-label'))).toEqual(['Version 3', 'Version 2', 'Version 1']);
    await user.click(within(dialog).getByRole('button', { name: 'Restore version 2' }));
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));

    expect(await within(dialog).findByText('Restored version 2 as version 4.')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Sign-ups' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Active users' })).toBeNull();
    expect(calls.some((call) => call.path === 'dashboards.restore')).toBe(true);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(historyButton);
  });

  it('lists the versions for someone who may not edit, without a restore', async () => {
    openTraffic(`#/?dashboard=${TRAFFIC.id}`, { dashboards: { versions: () => ({ items: versions, nextBeforeVersion: null }) } }, { dashboards: [{ ...TRAFFIC, canEdit: false }] });
    await shows('Active users', '7');
    await userEvent.setup().click(screen.getByRole('button', { name: 'History' }));
    const dialog = screen.getByRole('dialog', { name: 'History of Traffic' });
    expect(await within(dialog).findByRole('list', { name: 'Versions' })).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /^Restore/ })).toBeNull();
  });
});
