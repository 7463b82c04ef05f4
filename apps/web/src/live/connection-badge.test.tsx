import { screen, waitFor, within } from '@testing-library/react';
import { LIVE_CLOSE_CODES } from '@pulse/api-contract/schemas';
import { describe, expect, it } from 'vitest';
import { makeEvent, makeMe, makeSummary } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';

function badge() {
  return screen.getByTestId('connection-state');
}

async function expectBadge(state: 'live' | 'reconnecting' | 'offline', text: string) {
  await waitFor(
    () => {
      expect(badge().getAttribute('data-state')).toBe(state);
      expect(badge().textContent).toBe(text);
    },
    { timeout: 5000 },
  );
}

const services = {
  auth: { me: () => makeMe() },
  dashboards: { summary: () => makeSummary() },
  events: { recent: () => [makeEvent(5)] },
};

describe('connection badge', () => {
  it('is live once the socket is open, sending the access token as connectionParams', async () => {
    const { live } = renderApp({ services });
    expect(screen.getByRole('status').getAttribute('data-testid')).toBe('connection-state');
    await expectBadge('live', 'Live');
    expect(live.connectionParams).toEqual([{ token: 'access-1' }]);
  });

  it('shows "Reconnecting…" and stale numbers when the socket drops, then resumes after the last event', async () => {
    const { live } = renderApp({ services });
    await expectBadge('live', 'Live');
    await screen.findByRole('list', { name: 'Activity feed' });
    await waitFor(() => expect(live.active('live.activity')).toHaveLength(1));
    live.emit('live.activity', { events: [makeEvent(1)] }, 'stream-41');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    expect(within(screen.getByRole('article', { name: 'Active users' })).queryByText('stale')).toBeNull();

    live.refuse(true);
    live.dropAll();
    await expectBadge('reconnecting', 'Reconnecting…');
    expect(within(screen.getByRole('article', { name: 'Active users' })).getByText('stale')).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Active users' }).className).toContain('is-stale');

    live.refuse(false);
    await expectBadge('live', 'Live');
    // tRPC resubscribed on the new socket with the id of the last delta it delivered.
    await waitFor(() => expect(live.active('live.activity')).toHaveLength(1));
    expect(live.active('live.activity')[0]?.lastEventId).toBe('stream-41');
    expect(within(screen.getByRole('article', { name: 'Active users' })).queryByText('stale')).toBeNull();
  });

  it('shows "Offline" when the browser loses the network', async () => {
    renderApp({ services });
    await expectBadge('live', 'Live');
    await screen.findByRole('list', { name: 'Activity feed' });
    window.dispatchEvent(new Event('offline'));
    await expectBadge('offline', 'Offline');
    expect(within(screen.getByRole('article', { name: 'Events today' })).getByText('stale')).toBeTruthy();
    window.dispatchEvent(new Event('online'));
    await expectBadge('live', 'Live');
    expect(within(screen.getByRole('article', { name: 'Events today' })).queryByText('stale')).toBeNull();
  });

  it('says why when the server closes the socket for a limit, until it is live again', async () => {
    const { live } = renderApp({ services });
    await expectBadge('live', 'Live');
    expect(screen.queryByTestId('live-close-notice')).toBeNull();
    live.refuse(true);
    live.dropAll(LIVE_CLOSE_CODES.tooManyConnectionsForUser, 'too many connections for this user');
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('too many Pulse tabs');
    live.refuse(false);
    await expectBadge('live', 'Live');
    await waitFor(() => expect(screen.queryByTestId('live-close-notice')).toBeNull());
  });
});
