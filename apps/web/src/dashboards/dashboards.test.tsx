import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDashboards, makeDashboard, makeResult, makeUpdate, makeWidget, MANAGER_DEFAULT, OWNER_DEFAULT } from '../test/dashboard-fixtures.ts';
import { withServices } from '../test/fake-services.ts';
import { ACME, makeMe, makeSession } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';

const OWNER = makeMe({ id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', email: 'owner@acme.test', name: 'Olga Owner', orgRole: 'OWNER' });
const SALES = makeDashboard({
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Sales floor',
  widgetPreferences: [makeWidget('orders', 'Orders today'), makeWidget('refunds', 'Refunds today')],
});
const EMPTY = makeDashboard({ id: '44444444-4444-4444-8444-444444444444', name: 'Scratch' });

const widget = (title: string) => screen.getByRole('region', { name: title });
const switcher = () => screen.getByRole('combobox', { name: 'Dashboard' });
const dashboardParam = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('dashboard');

async function expectWidgets(titles: string[]) {
  for (const title of titles) expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
}

afterEach(() => {
  window.location.hash = '';
});

describe('dashboard screen', () => {
  it("opens the owner's home dashboard (their role's default) with every widget's numbers from one widgets.data call", async () => {
    const { calls } = renderApp({
      session: makeSession({ user: OWNER }),
      services: { auth: { me: () => OWNER }, ...fakeDashboards({ dashboards: [MANAGER_DEFAULT, OWNER_DEFAULT, SALES], valueFor: () => 1234 }) },
    });
    expect(await screen.findByRole('heading', { name: 'Organization overview' })).toBeTruthy();
    await expectWidgets(['API calls per minute', 'Logins per hour', 'Products created today']);
    await waitFor(() => expect(widget('Logins per hour').textContent).toContain('1,234'));
    expect(screen.queryByRole('heading', { name: 'Active users' })).toBeNull();

    expect(calls.filter((call) => call.path === 'dashboards.home').map((call) => call.input)).toEqual([{ organizationId: ACME.id }]);
    expect(calls.filter((call) => call.path === 'widgets.data').map((call) => call.input)).toEqual([{ organizationId: ACME.id, dashboardId: OWNER_DEFAULT.id }]);
    // Nothing on the screen polls: the engagement tables and counters of the old page are gone.
    expect(calls.some((call) => call.path === 'dashboards.engagement' || call.path === 'dashboards.summary')).toBe(false);
    // The switcher lists what the owner may see, the home one marked; the home needs no "Set as my home".
    const options = within(switcher()).getAllByRole('option');
    await waitFor(() => expect(options.map((option) => option.textContent)).toEqual(['Department overview', 'Organization overview (home)', 'Sales floor']));
    expect(screen.getByText('Your home dashboard')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Set as my home' })).toBeNull();
  });

  it("opens the manager's own role default, not the owner's", async () => {
    renderApp({ services: { auth: { me: () => makeMe() }, ...fakeDashboards({ dashboards: [OWNER_DEFAULT, MANAGER_DEFAULT] }) } });
    expect(await screen.findByRole('heading', { name: 'Department overview' })).toBeTruthy();
    await expectWidgets(['Active users', 'Events today']);
    expect(screen.queryByRole('heading', { name: 'API calls per minute' })).toBeNull();
  });

  it('switches dashboards through the address: the widgets and the live stream follow, and a reload keeps it', async () => {
    const auth = { me: () => makeMe(), refresh: () => makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' }) };
    const services = withServices({ auth }, fakeDashboards({ dashboards: [MANAGER_DEFAULT, SALES] }));
    const first = renderApp({ services });
    await expectWidgets(['Active users', 'Events today']);
    await waitFor(() => expect(first.live.active('live.dashboard').map((subscription) => subscription.input.dashboardId)).toEqual([MANAGER_DEFAULT.id]));

    await userEvent.setup().selectOptions(switcher(), SALES.id);
    await expectWidgets(['Orders today', 'Refunds today']);
    expect(screen.getByRole('heading', { name: 'Sales floor' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Active users' })).toBeNull();
    expect(dashboardParam()).toBe(SALES.id);
    await waitFor(() => expect(first.live.active('live.dashboard').map((subscription) => subscription.input.dashboardId)).toEqual([SALES.id]));
    first.unmount();

    const reloaded = renderApp({ services, reload: true });
    await expectWidgets(['Orders today', 'Refunds today']);
    expect(reloaded.calls.filter((call) => call.path === 'dashboards.get').map((call) => call.input)).toEqual([{ organizationId: ACME.id, id: SALES.id }]);
    expect(reloaded.calls.some((call) => call.path === 'dashboards.home')).toBe(false);
  });

  it('sets the dashboard on screen as the home one', async () => {
    window.location.hash = `#/?dashboard=${SALES.id}`;
    const { calls } = renderApp({ services: { auth: { me: () => makeMe() }, ...fakeDashboards({ dashboards: [MANAGER_DEFAULT, SALES] }) } });
    await expectWidgets(['Orders today']);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Set as my home' }));

    expect(await screen.findByText('Your home dashboard')).toBeTruthy();
    expect(calls.find((call) => call.path === 'dashboards.setHome')?.input).toEqual({ organizationId: ACME.id, id: SALES.id });
    await waitFor(() => expect(within(switcher()).getByRole('option', { name: 'Sales floor (home)' })).toBeTruthy());
  });

  it("moves a widget's number with a live update, in place and without a refetch; an older update changes nothing", async () => {
    const { calls, live } = renderApp({ services: { auth: { me: () => makeMe() }, ...fakeDashboards({ version: 5 }) } });
    await waitFor(() => expect(widget('Active users').textContent).toContain('7'));
    const heading = screen.getByRole('heading', { name: 'Active users' });
    await waitFor(() => expect(live.active('live.dashboard')).toHaveLength(1));
    expect(live.active('live.dashboard')[0]?.input).toEqual({ organizationId: ACME.id, dashboardId: MANAGER_DEFAULT.id });

    expect(live.emit('live.dashboard', makeUpdate(6, [makeResult('active-users', 57)]), '6')).toBe(1);
    await waitFor(() => expect(widget('Active users').textContent).toContain('57'));
    expect(widget('Events today').textContent).toContain('7');
    // The same element: the widget re-rendered, it was not mounted again.
    expect(screen.getByRole('heading', { name: 'Active users' })).toBe(heading);

    // Frames arrive in order: the older one is skipped, the newer one after it applies.
    live.emit('live.dashboard', makeUpdate(4, [makeResult('active-users', 3)]), '4');
    live.emit('live.dashboard', makeUpdate(7, [makeResult('events-today', 91)]), '7');
    await waitFor(() => expect(widget('Events today').textContent).toContain('91'));
    expect(widget('Active users').textContent).toContain('57');
    expect(calls.filter((call) => call.path === 'widgets.data')).toHaveLength(1);
  });

  it('marks every widget stale while the live stream is down, keeps the numbers, and resumes after the last update', async () => {
    const { live } = renderApp({ services: { auth: { me: () => makeMe() }, ...fakeDashboards() } });
    await waitFor(() => expect(screen.getByTestId('connection-state').getAttribute('data-state')).toBe('live'));
    await waitFor(() => expect(live.active('live.dashboard')).toHaveLength(1));
    live.emit('live.dashboard', makeUpdate(2, [makeResult('active-users', 40)]), '2');
    await waitFor(() => expect(widget('Active users').textContent).toContain('40'));
    expect(within(widget('Active users')).queryByText('stale')).toBeNull();

    live.refuse(true);
    live.dropAll();
    await waitFor(() => expect(screen.getByTestId('connection-state').textContent).toBe('Reconnecting…'));
    expect(within(widget('Active users')).getByText('stale')).toBeTruthy();
    expect(within(widget('Events today')).getByText('stale')).toBeTruthy();
    expect(widget('Active users').textContent).toContain('40');

    live.refuse(false);
    await waitFor(() => expect(screen.getByTestId('connection-state').getAttribute('data-state')).toBe('live'), { timeout: 5000 });
    await waitFor(() => expect(live.active('live.dashboard')).toHaveLength(1));
    expect(live.active('live.dashboard')[0]?.lastEventId).toBe('2');
    expect(within(widget('Active users')).queryByText('stale')).toBeNull();
    live.emit('live.dashboard', makeUpdate(3, [makeResult('active-users', 41)]), '3');
    await waitFor(() => expect(widget('Active users').textContent).toContain('41'));
  });

  it('says why the widgets could not load, and loads them on "Try again"', async () => {
    let broken = true;
    const dashboards = fakeDashboards();
    renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: dashboards.dashboards,
        widgets: {
          data: (...args) => {
            if (broken) throw new Error('database is down');
            return dashboards.widgets.data(...args);
          },
        },
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The widgets could not load');
    // The dashboard itself answered: its name and switcher stay.
    expect(screen.getByRole('heading', { name: 'Department overview' })).toBeTruthy();

    broken = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(widget('Active users').textContent).toContain('7'));
    expect(screen.queryByText('The widgets could not load')).toBeNull();
  });

  it("shows one widget's error with a Retry that asks again, the others' numbers meanwhile", async () => {
    let broken = true;
    const dashboards = fakeDashboards();
    const { calls } = renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: dashboards.dashboards,
        widgets: {
          data: (...args) => {
            const data = dashboards.widgets.data(...args);
            if (!broken) return data;
            const failed = { ...makeResult('events-today', null), data: null, error: { code: 'QUERY_FAILED', message: 'Events today could not be counted.' } };
            return { ...data, widgets: data.widgets.map((result) => (result.widgetId === 'events-today' ? failed : result)) };
          },
        },
      },
    });
    expect(await within(await screen.findByRole('region', { name: 'Events today' })).findByText('Events today could not be counted.')).toBeTruthy();
    expect(widget('Active users').textContent).toContain('7');

    broken = false;
    await userEvent.setup().click(within(widget('Events today')).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(within(widget('Events today')).queryByText('Events today could not be counted.')).toBeNull());
    expect(widget('Events today').textContent).toContain('7');
    expect(calls.filter((call) => call.path === 'widgets.data')).toHaveLength(2);
  });

  it('says how to add widgets to a dashboard that has none', async () => {
    renderApp({ services: { auth: { me: () => makeMe() }, ...fakeDashboards({ dashboards: [EMPTY] }) } });
    const title = await screen.findByText('This dashboard has no widgets yet.');
    expect(title.parentElement?.textContent).toContain('Whoever may edit it can add widgets.');
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('offers the home dashboard when the one in the address is gone', async () => {
    window.location.hash = '#/?dashboard=55555555-5555-4555-8555-555555555555';
    renderApp({ services: { auth: { me: () => makeMe() }, ...fakeDashboards() } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This dashboard is not available');

    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Open my home dashboard' }));
    await expectWidgets(['Active users', 'Events today']);
    expect(dashboardParam()).toBeNull();
  });
});
