import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ACME, GLOBEX, makeEvent, makeMe, makeSession, makeSummary, SUPERADMIN } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';

async function metricValue(name: string): Promise<string | null> {
  const card = screen.getByRole('article', { name });
  return (await within(card).findByTestId('metric-value')).textContent;
}

function feedIds(): (string | null)[] {
  const feed = screen.getByRole('list', { name: 'Activity feed' });
  return within(feed)
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('data-event-id'));
}

describe('dashboard', () => {
  it('renders the four cards from dashboards.summary and the feed from events.recent', async () => {
    const events = [
      makeEvent(1, { type: 'API_CALL', properties: { method: 'GET', route: '/api/employees', status: 200, durationMs: 41.6 } }),
      makeEvent(2),
    ];
    const { calls } = renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: { summary: () => makeSummary() },
        events: { recent: () => events },
      },
    });

    expect(await metricValue('Active users')).toBe('12');
    expect(await metricValue('API calls per minute')).toBe('345');
    expect(await metricValue('Logins last hour')).toBe('7');
    expect(await metricValue('Events today')).toBe('12,345');

    await screen.findByRole('list', { name: 'Activity feed' });
    expect(feedIds()).toEqual(events.map((event) => event.id));
    const first = screen.getAllByRole('listitem')[0];
    expect(first?.textContent).toContain('API_CALL');
    expect(first?.textContent).toContain('GET /api/employees · → 200 · 42 ms');
    expect(first?.textContent).toContain('user-1');

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Acme Corp');
    expect(screen.getByText('Maya Manager')).toBeTruthy();
    expect(screen.getByText('Manager')).toBeTruthy();
    // Both initial queries went out in one batched request, with the access token.
    const summaryCall = calls.find((call) => call.path === 'dashboards.summary');
    expect(summaryCall?.authorization).toBe('Bearer access-1');
    expect(summaryCall?.input).toEqual({ organizationId: ACME.id });
    expect(calls.find((call) => call.path === 'events.recent')?.input).toEqual({ organizationId: ACME.id, limit: 50 });
  });

  it('shows the empty state with the ingest curl example when there are no events', async () => {
    renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: { summary: () => makeSummary({ eventsToday: 0 }) },
        events: { recent: () => [] },
      },
    });
    expect(await screen.findByText('No events yet — send one with curl:')).toBeTruthy();
    expect(screen.getByLabelText('Example ingest command').textContent).toBe(
      `curl -X POST http://localhost:3000/api/ingest -H 'Authorization: Bearer pk_demo_acme' -H 'Content-Type: application/json' -d '{"events":[{"type":"PAGE_VIEW","userId":"u1","properties":{"path":"/"}}]}'`,
    );
    expect(screen.queryByRole('list', { name: 'Activity feed' })).toBeNull();
  });

  it('says what went wrong and loads again on "Try again"', async () => {
    let broken = true;
    renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: {
          summary: () => {
            if (broken) throw new Error('database is down');
            return makeSummary();
          },
        },
        events: { recent: () => [makeEvent(1)] },
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The dashboard could not load');
    expect(alert.textContent).toContain('Try again in a moment');

    broken = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await metricValue('Active users')).toBe('12');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('merges a live activity delta into the feed, newest first, without duplicates, capped at 50', async () => {
    const base = Date.now();
    const initial = Array.from({ length: 50 }, (_, index) => makeEvent(index + 10, {}, base));
    const { live } = renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: { summary: () => makeSummary() },
        events: { recent: () => initial },
      },
    });
    await screen.findByRole('list', { name: 'Activity feed' });
    await waitFor(() => expect(live.active('live.activity')).toHaveLength(1));

    // One persisted batch, newest last: one event the feed already has, two new ones.
    const fresh = [makeEvent(2, { type: 'USER_LOGIN', properties: { method: 'sso' } }, base), makeEvent(1, {}, base)];
    expect(live.emit('live.activity', { events: [initial[0], ...fresh] }, 'delta-1')).toBe(1);

    await waitFor(() => expect(feedIds()[0]).toBe(fresh[1]?.id));
    const ids = feedIds();
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect(ids.slice(0, 3)).toEqual([fresh[1]?.id, fresh[0]?.id, initial[0]?.id]);
    expect(ids).not.toContain(initial[49]?.id);
    expect(ids).not.toContain(initial[48]?.id);

    // The same delta again (a resumed stream may repeat it) changes nothing.
    live.emit('live.activity', { events: fresh }, 'delta-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feedIds()).toEqual(ids);
  });

  it('moves the cards with live.counters and ignores an older summary', async () => {
    const { live } = renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: { summary: () => makeSummary() },
        events: { recent: () => [] },
      },
    });
    expect(await metricValue('Active users')).toBe('12');
    await waitFor(() => expect(live.active('live.counters')).toHaveLength(1));

    live.emit('live.counters', makeSummary({ generatedAt: new Date(Date.now() + 1000).toISOString(), activeUsers: 99, eventsToday: 20_000 }));
    await waitFor(async () => expect(await metricValue('Active users')).toBe('99'));
    expect(await metricValue('Events today')).toBe('20,000');

    live.emit('live.counters', makeSummary({ generatedAt: new Date(Date.now() - 60_000).toISOString(), activeUsers: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await metricValue('Active users')).toBe('99');
  });

  it('lets a SUPERADMIN switch organizations: queries and subscriptions follow', async () => {
    const { calls, live } = renderApp({
      session: makeSession({ user: SUPERADMIN }),
      services: {
        auth: { me: () => SUPERADMIN },
        dashboards: { summary: (organizationId) => makeSummary({ organizationId, activeUsers: organizationId === GLOBEX.id ? 55 : 12 }) },
        events: { recent: () => [] },
      },
    });
    expect(await metricValue('Active users')).toBe('12');
    expect(screen.getByText('Superadmin')).toBeTruthy();

    const select = screen.getByRole('combobox', { name: 'Organization' });
    await userEvent.setup().selectOptions(select, GLOBEX.id);

    expect(await metricValue('Active users')).toBe('55');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Globex');
    expect(calls.filter((call) => call.path === 'dashboards.summary').map((call) => call.input)).toEqual([
      { organizationId: ACME.id },
      { organizationId: GLOBEX.id },
    ]);
    await waitFor(() => expect(live.active('live.activity').map((subscription) => subscription.input)).toEqual([{ organizationId: GLOBEX.id }]));
    expect(live.active('live.counters').map((subscription) => subscription.input)).toEqual([{ organizationId: GLOBEX.id }]);
  });
});
