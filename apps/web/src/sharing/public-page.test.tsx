import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeDashboard, makeResult, makeUpdate, makeWidget } from '../test/dashboard-fixtures.ts';
import { renderApp } from '../test/render-app.tsx';
import { fakeShares, shareToken } from '../test/share-fixtures.ts';

const SHARED = makeDashboard({
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Sales floor',
  widgetPreferences: [makeWidget('orders', 'Orders today'), makeWidget('refunds', 'Refunds today')],
});

const widget = (title: string) => screen.getByRole('region', { name: title });

/** The app opened at a link's address by someone who never signed in here. */
function openLink(token: string, links = fakeShares(SHARED, { valueFor: (widgetId) => (widgetId === 'orders' ? 12 : 3) }), search = '') {
  window.history.replaceState(null, '', `/public/dashboards/${token}${search}`);
  return { ...renderApp({ session: null, services: links.services }), links };
}

/** A working link: made through the fake service, as the owner's dialog makes it. */
function workingLink() {
  const links = fakeShares(SHARED, { valueFor: (widgetId) => (widgetId === 'orders' ? 12 : 3) });
  return { links, token: links.createLink({ dashboardId: SHARED.id }).token };
}

describe('a public link', () => {
  it('shows the dashboard read-only without a session, and its numbers move live', async () => {
    const { links, token } = workingLink();
    const { calls, live } = openLink(token, links);

    expect(await screen.findByRole('heading', { name: 'Sales floor', level: 1 })).toBeTruthy();
    expect(screen.getByText('Shared dashboard · read-only · live')).toBeTruthy();
    await waitFor(() => expect(widget('Orders today').textContent).toContain('12'));
    expect(widget('Refunds today').textContent).toContain('3');
    await waitFor(() => expect(screen.getByTestId('connection-state').getAttribute('data-state')).toBe('live'));

    await waitFor(() => expect(live.active('live.publicDashboard')).toHaveLength(1));
    live.emit('live.publicDashboard', makeUpdate(2, [makeResult('orders', 13)]), '2');
    await waitFor(() => expect(widget('Orders today').textContent).toContain('13'));

    // No session anywhere: no sign-in page, no refresh, no credential on any call or socket.
    expect(screen.queryByLabelText('Password')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Export/ })).toBeNull();
    expect(calls.map((call) => call.path).sort()).toEqual(['public.dashboard', 'public.widgets']);
    expect(calls.every((call) => call.authorization === null)).toBe(true);
    expect(calls.map((call) => call.input)).toEqual([{ token }, { token }]);
    expect(live.connectionParams.every((params) => params === null || params === undefined)).toBe(true);
  });

  it("opens with the range and comparison of the link's address, asks public.widgets for them, and keeps a new range in the address", async () => {
    const { links, token } = workingLink();
    const { calls, live } = openLink(token, links, '?range=last_7d&compare=previous');
    await waitFor(() => expect(widget('Orders today').textContent).toContain('12'));
    expect(screen.getByRole('button', { name: 'Time range: Last 7 days, compared with the previous period' })).toBeTruthy();
    expect(calls.filter((call) => call.path === 'public.widgets').map((call) => call.input)).toEqual([
      { token, timeRange: { kind: 'relative', range: 'last_7d' }, compare: 'previous_period' },
    ]);
    await waitFor(() => expect(live.active('live.publicDashboard')).toHaveLength(1));

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Time range:/ }));
    await user.click(screen.getByRole('option', { name: 'Last hour' }));
    expect(new URLSearchParams(window.location.search).get('range')).toBe('last_1h');
    expect(window.location.pathname).toBe(`/public/dashboards/${token}`);
    await waitFor(() =>
      expect(calls.filter((call) => call.path === 'public.widgets').at(-1)?.input).toEqual({ token, timeRange: { kind: 'relative', range: 'last_1h' }, compare: 'previous_period' }),
    );
  });

  it('does not stream a link opened on a range in the past', async () => {
    const { links, token } = workingLink();
    const { calls, live } = openLink(token, links, '?from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z');
    await waitFor(() => expect(widget('Orders today').textContent).toContain('12'));
    expect(screen.getByText('Shared dashboard · read-only')).toBeTruthy();
    expect(calls.find((call) => call.path === 'public.widgets')?.input).toEqual({ token, timeRange: { kind: 'absolute', from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' } });
    expect(live.subscriptions).toHaveLength(0);
  });

  it('says the link no longer works once it is revoked, and the page holds nothing of the dashboard', async () => {
    const { links, token } = workingLink();
    const { live } = openLink(token, links);
    await waitFor(() => expect(widget('Orders today').textContent).toContain('12'));
    await waitFor(() => expect(live.active('live.publicDashboard')).toHaveLength(1));

    links.revokeLink(links.links[0]?.id ?? '');
    live.fail('live.publicDashboard', 'NOT_FOUND', 'This link does not work: it was revoked or it expired.');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'This link no longer works' })).toBeTruthy();
    expect(screen.queryByText('Sales floor')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Orders today' })).toBeNull();
  });

  it('opened after it was revoked or with an unknown token, says it no longer works', async () => {
    const { calls } = openLink(shareToken(99));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This link no longer works');
    expect(calls.some((call) => call.path === 'public.dashboard')).toBe(true);
  });

  it('with a malformed token, says so without asking the server', async () => {
    const { calls } = openLink('not-a-token');
    expect((await screen.findByRole('alert')).textContent).toContain('This link no longer works');
    expect(calls).toEqual([]);
  });
});
