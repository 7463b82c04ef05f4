import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeEvent, makeMe, makeSession, makeSummary } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';
import { fail } from '../test/trpc-http.ts';
import { SESSION_STORAGE_KEY } from './token-storage.ts';

function storedAccessToken(): string | null {
  const raw = window.localStorage.getItem(SESSION_STORAGE_KEY);
  return raw ? (JSON.parse(raw) as { accessToken: string }).accessToken : null;
}

describe('session', () => {
  it('signs out: clears the tokens and closes the socket', async () => {
    const { live } = renderApp({
      resolvers: {
        'auth.me': () => makeMe(),
        'dashboards.summary': () => makeSummary(),
        'events.recent': () => ({ events: [makeEvent(1)] }),
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
      resolvers: {
        'auth.me': () => makeMe(),
        'auth.refresh': ({ input }) =>
          (input as { refreshToken: string }).refreshToken === 'refresh-1'
            ? makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' })
            : fail('UNAUTHORIZED', 'Unknown refresh token'),
        'dashboards.summary': ({ authorization }) => (authorization === 'Bearer access-2' ? makeSummary() : fail('UNAUTHORIZED', 'Token expired')),
        'events.recent': ({ authorization }) => (authorization === 'Bearer access-2' ? { events: [makeEvent(1)] } : fail('UNAUTHORIZED', 'Token expired')),
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
      resolvers: {
        'auth.me': () => fail('UNAUTHORIZED', 'Token expired'),
        'auth.refresh': () => fail('UNAUTHORIZED', 'Refresh token revoked'),
        'dashboards.summary': () => fail('UNAUTHORIZED', 'Token expired'),
        'events.recent': () => fail('UNAUTHORIZED', 'Token expired'),
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
      resolvers: {
        'auth.me': () => makeMe(),
        'auth.refresh': () => makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' }),
        'dashboards.summary': () => makeSummary(),
        'events.recent': () => ({ events: [] }),
      },
    });
    await waitFor(() => expect(storedAccessToken()).toBe('access-2'), { timeout: 2000 });
    expect(calls.filter((call) => call.path === 'auth.refresh').map((call) => call.input)).toEqual([{ refreshToken: 'refresh-1' }]);
    expect(calls.some((call) => call.path === 'dashboards.summary' && call.authorization === 'Bearer access-1')).toBe(true);
  });

  it('refreshes, reconnects with the new token and resumes when a live stream answers UNAUTHORIZED', async () => {
    const { live, calls } = renderApp({
      resolvers: {
        'auth.me': () => makeMe(),
        'auth.refresh': () => makeSession({ accessToken: 'access-2', refreshToken: 'refresh-2' }),
        'dashboards.summary': () => makeSummary(),
        'events.recent': () => ({ events: [makeEvent(3)] }),
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
