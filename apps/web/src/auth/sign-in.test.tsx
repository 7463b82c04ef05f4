import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, TooManyRequestsError, UnauthorizedError } from '@pulse/api-contract/errors';
import type { Session } from '@pulse/api-contract/schemas';
import { makeMe, makeSession } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';
import { server } from '../test/server.ts';
import { deferred, ORIGIN } from '../test/trpc-server.ts';
import type { FakeServices } from '../test/fake-services.ts';
import { SESSION_STORAGE_KEY } from './session-hint.ts';

const manager = {
  auth: { me: () => makeMe() },
} satisfies FakeServices;

describe('sign-in page', () => {
  it('signs in from the keyboard alone, shows a busy state, then the dashboard', async () => {
    const answer = deferred<Session>();
    const { calls, jar, store } = renderApp({
      session: null,
      services: { auth: { ...manager.auth, login: () => answer.promise } },
    });
    const user = userEvent.setup();

    // The email field has focus on arrival; Tab and Enter do the rest.
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
    await user.keyboard('Manager@Acme.test');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
    await user.keyboard('pulse-demo{Enter}');

    const busyButton = await screen.findByRole('button', { name: 'Signing in…' });
    expect((busyButton as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(calls.find((call) => call.path === 'auth.login')).toBeTruthy());
    expect(calls.find((call) => call.path === 'auth.login')?.input).toEqual({ email: 'Manager@Acme.test', password: 'pulse-demo' });

    answer.resolve(makeSession({ accessToken: 'fresh-token' }));
    await screen.findByRole('button', { name: 'Sign out' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Acme Corp');
    await waitFor(() => expect(calls.find((call) => call.path === 'widgets.data')?.authorization).toBe('Bearer fresh-token'));
    // Reversed: the access token is NOT in localStorage (only who is signed in is), it lives in
    // memory; the refresh token went to the httpOnly cookie and never reached the page.
    const stored = JSON.parse(window.localStorage.getItem(SESSION_STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    expect(stored.accessToken).toBeUndefined();
    expect(stored.refreshToken).toBeUndefined();
    expect(stored).toMatchObject({ user: { email: makeMe().email } });
    expect(store.getAccessToken()).toBe('fresh-token');
    expect(jar.refreshToken).toBe('refresh-1');
  });

  it("shows the server's answer to a wrong password and stays on the form", async () => {
    renderApp({
      session: null,
      services: {
        auth: {
          login: () => {
            throw new UnauthorizedError('Wrong email or password.');
          },
        },
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'manager@acme.test');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Wrong email or password.');
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
    expect(window.localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('says how long to wait when sign-in is locked after too many attempts', async () => {
    renderApp({
      session: null,
      services: {
        auth: {
          login: () => {
            throw new TooManyRequestsError('Too many sign-in attempts for this account.', 600);
          },
        },
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'manager@acme.test');
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Too many sign-in attempts for this account. Try again in 10 minutes.');
  });

  it('names the field a validation error is about', async () => {
    renderApp({
      session: null,
      services: {
        auth: {
          login: () => {
            throw new InvalidInputError('Input validation failed', [{ code: 'invalid_format', path: ['email'], message: 'Invalid email address' }]);
          },
        },
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'x@y');
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('email: Invalid email address');
  });

  it('says so when the server cannot be reached', async () => {
    renderApp({ session: null, services: {} });
    server.use(http.post(`${ORIGIN}/api/session/login`, () => HttpResponse.error()));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'manager@acme.test');
    await user.type(screen.getByLabelText('Password'), 'pulse-demo{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain("Can't reach the Pulse server");
  });

  it('offers the demo logins, which fill the form', async () => {
    renderApp({ session: null, services: {} });
    const demo = screen.getByRole('complementary', { name: 'Demo accounts' });
    expect(demo.textContent).toContain('pulse-demo');
    await userEvent.setup().click(within(demo).getByRole('button', { name: 'manager@acme.test' }));
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('manager@acme.test');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('pulse-demo');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign in' }));
  });
});
