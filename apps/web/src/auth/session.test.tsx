import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '@pulse/api-contract/errors';
import { makeMe, makeSession } from '../test/fixtures.ts';
import { findHomeDashboard, makeResult, makeUpdate, MANAGER_DEFAULT } from '../test/dashboard-fixtures.ts';
import { renderApp } from '../test/render-app.tsx';
import { SESSION_STORAGE_KEY } from './session-hint.ts';

/** Everything script in the page can read from storage: no token may be in it. */
function storedText(): string {
  const all = (storage: Storage) => Object.keys(storage).map((key) => `${key}=${storage.getItem(key)}`);
  return [...all(window.localStorage), ...all(window.sessionStorage)].join('\n');
}

describe('session', () => {
  it('signs out: clears the tokens and closes the socket', async () => {
    const { live } = renderApp({
      services: {
        auth: { me: () => makeMe() },
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
    const { calls, store } = renderApp({
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
      },
    });
    await findHomeDashboard();
    await waitFor(() => expect(screen.getByRole('region', { name: 'Active users' }).textContent).toContain('7'));
    // Two calls failed together, one refresh served both.
    expect(calls.filter((call) => call.path === 'auth.refresh')).toHaveLength(1);
    // The new token is used from memory; storage holds none (it used to hold the session's tokens).
    expect(store.getAccessToken()).toBe('access-2');
    expect(storedText()).not.toContain('access-');
    expect(storedText()).not.toContain('refresh-');
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
    const { calls, store } = renderApp({
      session: makeSession({ accessTokenExpiresAt: new Date(Date.now() + 1500).toISOString() }),
      services: {
        auth: { me: () => makeMe(), refresh: () => makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' }) },
      },
    });
    await waitFor(() => expect(store.getAccessToken()).toBe('access-2'), { timeout: 5000 });
    expect(storedText()).not.toContain('access-');
    expect(calls.filter((call) => call.path === 'auth.refresh').map((call) => call.input)).toEqual([{ refreshToken: 'refresh-1' }]);
    expect(calls.some((call) => call.path === 'dashboards.home' && call.authorization === 'Bearer access-1')).toBe(true);
  });

  it('refreshes, reconnects with the new token and resumes when a live stream answers UNAUTHORIZED', async () => {
    const { live, calls } = renderApp({
      services: {
        auth: { me: () => makeMe(), refresh: () => makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' }) },
      },
    });
    const activeUsers = () => screen.getByRole('region', { name: 'Active users' }).textContent;
    await waitFor(() => expect(live.active('live.dashboard')).toHaveLength(1));
    live.emit('live.dashboard', makeUpdate(7, [makeResult('active-users', 70)]), '7');
    await waitFor(() => expect(activeUsers()).toContain('70'));

    live.fail('live.dashboard', 'UNAUTHORIZED', 'Token expired');

    await waitFor(() => expect(calls.filter((call) => call.path === 'auth.refresh')).toHaveLength(1));
    await waitFor(() => expect(live.active('live.dashboard')).toHaveLength(1));
    // The token is read once per connection: a new socket brings the new one.
    expect(live.connectionParams).toEqual([{ token: 'access-1' }, { token: 'access-2' }]);
    expect(live.active('live.dashboard')[0]?.client).not.toBe(live.subscriptions.find((subscription) => subscription.path === 'live.dashboard')?.client);
    // The new subscription resumes after the last update seen, and the numbers stayed on screen.
    expect(live.active('live.dashboard')[0]?.input).toEqual({ organizationId: makeMe().organization?.id, dashboardId: MANAGER_DEFAULT.id, lastEventId: '7' });
    expect(activeUsers()).toContain('70');
    live.emit('live.dashboard', makeUpdate(8, [makeResult('active-users', 80)]), '8');
    await waitFor(() => expect(activeUsers()).toContain('80'));
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it('a reloaded page gets its access token from the cookie, and no token is ever in storage', async () => {
    const { calls, store } = renderApp({
      reload: true,
      services: {
        auth: { me: () => makeMe(), refresh: ({ refreshToken }) => makeSession({ accessToken: `access-from-${refreshToken}`, refreshToken: 'refresh-2' }) },
      },
    });
    expect(screen.getByRole('status').textContent).toBe('Restoring your session…');
    await findHomeDashboard();
    expect(calls.filter((call) => call.path === 'auth.refresh').map((call) => call.input)).toEqual([{ refreshToken: 'refresh-1' }]);
    expect(calls.find((call) => call.path === 'widgets.data')?.authorization).toBe('Bearer access-from-refresh-1');
    expect(store.getAccessToken()).toBe('access-from-refresh-1');
    expect(storedText()).not.toContain('access-');
    expect(storedText()).not.toContain('refresh-');
  });

  it('a reloaded page whose cookie is refused goes to sign-in with a message', async () => {
    const { jar } = renderApp({
      reload: true,
      services: {
        auth: {
          refresh: () => {
            throw new UnauthorizedError('Your session has ended. Sign in again.');
          },
          logout: () => ({ signedOut: false }),
        },
      },
    });
    expect(await screen.findByText('Your session has expired. Sign in again to continue.')).toBeTruthy();
    expect(jar.refreshToken).toBeNull();
    expect(window.localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('another tab signing out ends this one too', async () => {
    renderApp({
      services: {
        auth: { me: () => makeMe() },
      },
    });
    await findHomeDashboard();
    const oldValue = window.localStorage.getItem(SESSION_STORAGE_KEY);
    window.localStorage.removeItem(SESSION_STORAGE_KEY);
    window.dispatchEvent(new StorageEvent('storage', { key: SESSION_STORAGE_KEY, oldValue, newValue: null }));
    expect(await screen.findByText('You were signed out in another tab.')).toBeTruthy();
  });
});
