import { screen, waitFor, within } from '@testing-library/react';
import { LIVE_CLOSE_CODES } from '@pulse/api-contract/schemas';
import { describe, expect, it } from 'vitest';
import { makeMe } from '../test/fixtures.ts';
import { findHomeDashboard } from '../test/dashboard-fixtures.ts';
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
};

describe('connection badge', () => {
  it('is live once the socket is open, sending the access token as connectionParams', async () => {
    const { live } = renderApp({ services });
    expect(screen.getByTestId('connection-state').getAttribute('role')).toBe('status');
    await expectBadge('live', 'Live');
    expect(live.connectionParams).toEqual([{ token: 'access-1' }]);
  });

  // A drop (Reconnecting…, widgets marked stale, resumed after the last update) is proven with the dashboard: src/dashboards/dashboards.test.tsx.

  it('shows "Offline" when the browser loses the network', async () => {
    renderApp({ services });
    await expectBadge('live', 'Live');
    await findHomeDashboard();
    window.dispatchEvent(new Event('offline'));
    await expectBadge('offline', 'Offline');
    expect(within(screen.getByRole('region', { name: 'Events today' })).getByText('stale')).toBeTruthy();
    window.dispatchEvent(new Event('online'));
    await expectBadge('live', 'Live');
    expect(within(screen.getByRole('region', { name: 'Events today' })).queryByText('stale')).toBeNull();
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
