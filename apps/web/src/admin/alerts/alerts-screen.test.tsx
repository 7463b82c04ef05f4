import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AlertView } from '@pulse/api-contract/schemas';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAlert, makeAlertDetail, makeRule, ORG_ADMIN } from '../../test/alert-fixtures.ts';
import { ACME, makeSession } from '../../test/fixtures.ts';
import { renderApp } from '../../test/render-app.tsx';
import { withServices } from '../../test/fake-services.ts';
import type { FakeServices } from '../../test/fake-services.ts';
import { deferred } from '../../test/trpc-server.ts';
import type { ProcedureCall } from '../../test/trpc-server.ts';

function renderAlerts(services: FakeServices) {
  window.location.hash = '#/alerts';
  return renderApp({
    session: makeSession({ user: ORG_ADMIN }),
    services: withServices({ auth: { me: () => ORG_ADMIN }, alerts: { rules: { list: () => [makeRule()] } } }, services),
  });
}

const rowIds = () =>
  within(screen.getByRole('table', { name: 'Alert list' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-alert-id'));

const rowState = (alert: AlertView) =>
  document.querySelector(`[data-alert-id="${alert.id}"] [data-testid="alert-state"]`)?.textContent;

afterEach(() => {
  window.location.hash = '';
});

describe('alerts screen', () => {
  const open = makeAlert(1);
  const resolved = makeAlert(2, { status: 'resolved', state: 'resolved', resolvedAt: new Date().toISOString(), resolution: 'auto' });

  it('filters by status and keeps the filtered list current from live.alerts', async () => {
    const { calls, live } = renderAlerts({
      alerts: {
        list: (_organizationId, { status }) => ({ items: [open, resolved].filter((alert) => !status || status.includes(alert.status)), nextCursor: null }),
      },
    });
    await screen.findByRole('table', { name: 'Alert list' });
    expect(rowIds()).toEqual([open.id, resolved.id]);

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'open');
    await waitFor(() => expect(rowIds()).toEqual([open.id]));
    const lastList = calls.filter((call: ProcedureCall) => call.path === 'alerts.list').at(-1);
    expect(lastList?.input).toMatchObject({ organizationId: ACME.id, status: ['pending', 'triggered', 'acknowledged'] });

    await waitFor(() => expect(live.active('live.alerts')).toHaveLength(1));
    expect(live.active('live.alerts')[0]?.input).toEqual({ organizationId: ACME.id });
    // A new alert arrives live and goes on top, without asking the server again.
    const fresh = makeAlert(3, { severity: 'critical', updatedAt: new Date().toISOString() });
    const listCalls = calls.filter((call) => call.path === 'alerts.list').length;
    live.emit('live.alerts', { type: 'alertNotification', event: 'triggered', at: new Date().toISOString(), alert: fresh }, '1-0');
    await waitFor(() => expect(rowIds()).toEqual([fresh.id, open.id]));
    // The open one resolves by itself: under "Open" it leaves the list.
    const nowResolved = { ...open, status: 'resolved' as const, state: 'resolved' as const, resolvedAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
    live.emit('live.alerts', { type: 'alertNotification', event: 'resolved', at: new Date().toISOString(), alert: nowResolved }, '2-0');
    await waitFor(() => expect(rowIds()).toEqual([fresh.id]));
    expect(calls.filter((call) => call.path === 'alerts.list')).toHaveLength(listCalls);
  });

  it('keeps a live change that arrives while the list is still loading', async () => {
    const answer = deferred<{ items: AlertView[]; nextCursor: null }>();
    const { live } = renderAlerts({ alerts: { list: () => answer.promise } });
    await waitFor(() => expect(live.active('live.alerts')).toHaveLength(1));
    const fresh = makeAlert(4, { updatedAt: new Date().toISOString() });
    live.emit('live.alerts', { type: 'alertNotification', event: 'triggered', at: new Date().toISOString(), alert: fresh }, '1-0');
    // Let the frame reach the page (a WebSocket message is a task of its own) while the list still loads.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByText('Loading…')).toBeTruthy();
    // The server read its answer before the alert was raised.
    answer.resolve({ items: [open], nextCursor: null });
    await screen.findByRole('table', { name: 'Alert list' });
    expect(rowIds()).toEqual([fresh.id, open.id]);
  });

  it('loads older alerts page by page with the same filters', async () => {
    const older = makeAlert(5);
    const { calls } = renderAlerts({
      alerts: { list: (_organizationId, { cursor }) => (cursor === 'page-2' ? { items: [older], nextCursor: null } : { items: [open], nextCursor: 'page-2' }) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Load older alerts' }));
    await waitFor(() => expect(rowIds()).toEqual([open.id, older.id]));
    expect(screen.queryByRole('button', { name: 'Load older alerts' })).toBeNull();
    expect(calls.filter((call) => call.path === 'alerts.list').at(-1)?.input).toEqual({ organizationId: ACME.id, limit: 100, cursor: 'page-2' });
  });

  it('acknowledges an alert with a comment and shows the new state in the detail and the list', async () => {
    let current = open;
    const { calls } = renderAlerts({
      alerts: {
        list: () => ({ items: [current], nextCursor: null }),
        get: () => makeAlertDetail(current),
        acknowledge: () => {
          current = {
            ...open,
            status: 'acknowledged',
            state: 'acknowledged',
            acknowledgedAt: new Date().toISOString(),
            acknowledgedBy: { id: ORG_ADMIN.id, name: ORG_ADMIN.name, email: ORG_ADMIN.email },
            acknowledgeComment: 'on it',
            updatedAt: new Date().toISOString(),
          };
          return current;
        },
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Checkout latency' }));
    const detail = await screen.findByRole('region', { name: 'Alert detail' });
    expect((await within(detail).findByTestId('detail-state')).textContent).toBe('triggered');
    expect(within(detail).getByRole('list', { name: 'Alert timeline' }).textContent).toContain('Triggered');

    await user.type(within(detail).getByLabelText('Comment (optional)'), 'on it');
    await user.click(within(detail).getByRole('button', { name: 'Acknowledge' }));

    await waitFor(() => expect(within(detail).getByTestId('detail-state').textContent).toBe('acknowledged'));
    expect(rowState(open)).toBe('acknowledged');
    expect(within(detail).getByText(/by Adam Admin: “on it”/)).toBeTruthy();
    expect(within(detail).queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(calls.find((call) => call.path === 'alerts.acknowledge')?.input).toEqual({ organizationId: ACME.id, id: open.id, comment: 'on it' });
  });
});
