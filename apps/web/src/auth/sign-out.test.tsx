import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeMe } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';

describe('sign-out', () => {
  it('asks the server to end the session with the refresh token', async () => {
    const { calls } = renderApp({
      services: {
        auth: { me: () => makeMe(), logout: () => ({ signedOut: true }) },
      },
    });
    await waitFor(() => expect(screen.getByTestId('connection-state').getAttribute('data-state')).toBe('live'));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    await waitFor(() => expect(calls.filter((call) => call.path === 'auth.logout').map((call) => call.input)).toEqual([{ refreshToken: 'refresh-1' }]));
  });
});
