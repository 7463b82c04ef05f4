import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '@pulse/api-contract/errors';
import { makeEvent, makeMe, makeSession, makeSummary } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';
import { SESSION_STORAGE_KEY } from './token-storage.ts';

function storedAccessToken(): string | null {
  const raw = window.localStorage.getItem(SESSION_STORAGE_KEY);
  return raw ? (JSON.parse(raw) as { accessToken: string }).accessToken : null;
}

describe('session', () => {
  it('signs out: clears the tokens and closes the socket', async () => {
    const { live } = renderApp({
      services: {
        auth: { me: () => makeMe() },
        dashboards: { summary: () => makeSummary() },
        events: { recent: () => [makeEvent(1)] },
      },
    });
    await waitFor(() => expect(screen.getByTestId('connection-state').getAttribute('data-state')).toBe('live'));
    expect(live.clients.size).toBe(1);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(window.localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    await waitFor(() => expect(live.clients.size).toBe(0));
    expect(live.closedClients.size).toBe(1);
  });

  it('refreshes the access token once on UNAUTHORIZED and repeats the calls with the new one', async () => {
    const { calls } = renderApp({
      // The first access token has expired: the server answers UNAUTHORIZED to every call carrying it.
      authenticate: (token) => (token === 'access-2' ? makeMe() : null),
      services: {
        auth: {
          me: () => makeMe(),
          refresh: ({ refreshToken }) => {
            if (refreshToken !== 'refresh-1') throw new UnauthorizedError('Unknown refresh token');
            return makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' });
          },
        },
        dashboards: { summary: () => makeSummary() },
        events: { recent: () => [makeEvent(1)] },
      },
    });
    await screen.findByRole('list', { name: 'Activity feed' });
    expect(screen.getByRole('article', { name: 'Active users' }).textContent).toContain('12');
    // Two calls failed together, one refresh served both.
    expect(calls.filter((call) => call.path === 'auth.refresh')).toHaveLength(1);
    expect(storedAccessToken()).toBe('access-2');
  });

  it('goes back to sign-in with a message when the refresh token is refused', async () => {
    renderApp({
      // The access token has expired, and the refresh token was revoked.
      authenticate: () => null,
      services: {
        auth: {
          refresh: () => {
            throw new UnauthorizedError('Refresh token revoked');
          },
        },
      },
    });
    const notice = await screen.findByText('Your session has expired. Sign in again to continue.');
    expect(notice.getAttribute('role')).toBe('status');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(window.localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('refreshes shortly before the access token expires, without waiting for a failure', async () => {
    const { calls } = renderApp({
      session: makeSession({ accessTokenExpiresAt: new Date(Date.now() + 400).toISOString() }),
      services: {
        auth: { me: () => makeMe(), refresh: () => makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' }) },
        dashboards: { summary: () => makeSummary() },
        events: { recent: () => [] },
      },
    });
    await waitFor(() => expect(storedAccessToken()).toBe('access-2'), { timeout: 2000 });
    expect(calls.filter((call) => call.path === 'auth.refresh').map((call) => call.input)).toEqual([{ refreshToken: 'refresh-1' }]);
    expect(calls.some((call) => call.path === 'dashboards.summary' && call.authorization === 'Bearer access-1')).toBe(true);
  });

  it('refreshes, reconnects with the new token and resumes when a live stream answers UNAUTHORIZED', async () => {
    const { live, calls } = renderApp({
      services: {
        auth: { me: () => makeMe(), refresh: () => makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' }) },
        dashboards: { summary: () => makeSummary() },
        events: { recent: () => [makeEvent(3)] },
      },
    });
    await waitFor(() => expect(live.active('live.activity')).toHaveLength(1));
    live.emit('live.activity', { events: [makeEvent(2)] }, 'stream-7');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));

    live.fail('live.activity', 'UNAUTHORIZED', 'Token expired');

    await waitFor(() => expect(calls.filter((call) => call.path === 'auth.refresh')).toHaveLength(1));
    await waitFor(() => expect(live.active('live.activity')).toHaveLength(1));
    // The token is read once per connection: a new socket brings the new one.
    expect(live.connectionParams).toEqual([{ token: 'access-1' }, { token: 'access-2' }]);
    expect(live.active('live.activity')[0]?.client).not.toBe(live.subscriptions[0]?.client);
    // The new subscription resumes after the last delta seen, and the feed stayed on screen.
    expect(live.active('live.activity')[0]?.input).toEqual({ organizationId: makeMe().organization?.id, lastEventId: 'stream-7' });
    live.emit('live.activity', { events: [makeEvent(1)] }, 'stream-8');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });
});
