import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ORG_ADMIN } from '../test/alert-fixtures.ts';
import { makeMe, makeSession, SUPERADMIN } from '../test/fixtures.ts';
import { findHomeDashboard } from '../test/dashboard-fixtures.ts';
import { renderApp } from '../test/render-app.tsx';


afterEach(() => {
  window.location.hash = '';
});

describe('navigation', () => {
  it('a manager sees no admin navigation, and an admin screen typed into the address shows the dashboard', async () => {
    window.location.hash = '#/rules';
    const { calls } = renderApp({ services: { auth: { me: () => makeMe() } } });
    await findHomeDashboard();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Alerts' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Alert rules' })).toBeNull();
    // The bell is everyone's.
    expect(screen.getByRole('button', { name: /^Notifications/ })).toBeTruthy();
    expect(calls.some((call) => call.path.startsWith('alerts.'))).toBe(false);
  });

  it.each([
    ['an organization ADMIN', ORG_ADMIN],
    ['a SUPERADMIN', SUPERADMIN],
  ])('%s gets Dashboard, Alerts, Rules, Silences, the audit log and Privacy', async (_who, user) => {
    renderApp({ session: makeSession({ user }), services: { auth: { me: () => user }, alerts: { silences: { list: () => [] } } } });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect([...nav.querySelectorAll('a')].map((link) => link.textContent)).toEqual(['Dashboard', 'Alerts', 'Rules', 'Silences', 'Audit log', 'Privacy']);
    expect(screen.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBe('page');
    screen.getByRole('link', { name: 'Silences' }).click();
    await waitFor(() => expect(screen.getByRole('link', { name: 'Silences' }).getAttribute('aria-current')).toBe('page'));
    expect(await screen.findByText('No active silences.')).toBeTruthy();
    expect(window.location.hash).toBe('#/silences');
  });
});
