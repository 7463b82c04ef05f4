import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditListInput } from '@pulse/api-contract/schemas';
import { ACME, makeMe, makeSession, SUPERADMIN } from '../test/fixtures.ts';
import { withServices } from '../test/fake-services.ts';
import type { FakeServices } from '../test/fake-services.ts';
import { findHomeDashboard } from '../test/dashboard-fixtures.ts';
import { recordDownloads } from '../test/downloads.ts';
import { renderApp } from '../test/render-app.tsx';

const OWNER = makeMe({ id: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', email: 'owner@acme.test', name: 'Olivia Owner', orgRole: 'OWNER' });
const LEADER = makeMe({ id: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f', email: 'leader@acme.test', name: 'Leo Leader', orgRole: 'LEADER' });

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `66666666-6666-4666-8666-${String(n).padStart(12, '0')}`,
    organizationId: ACME.id,
    actorUserId: OWNER.id,
    actorEmail: OWNER.email,
    action: 'auth.login',
    targetType: null,
    targetId: null,
    details: {},
    ip: '203.0.113.7',
    createdAt: new Date(Date.UTC(2026, 10, 23, 10, 0, 60 - n)).toISOString(),
    ...overrides,
  };
}


function renderAudit(services: FakeServices, user = OWNER) {
  window.location.hash = '#/audit';
  return renderApp({
    session: makeSession({ user }),
    services: withServices({ auth: { me: () => user } }, services),
  });
}

/** The rows' actions, top to bottom. */
const actions = () =>
  within(screen.getByRole('table', { name: 'Audit entries' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.querySelector('code')?.textContent);

const saved = recordDownloads();

afterEach(() => {
  window.location.hash = '';
});

describe('audit log', () => {
  it('an owner reads their organization’s log newest first, page by page', async () => {
    const inputs: AuditListInput[] = [];
    renderAudit({
      audit: {
        list: (organizationId, input) => {
          expect(organizationId).toBe(ACME.id);
          inputs.push(input);
          return input.cursor === 'page-2'
            ? { entries: [entry(3, { action: 'alert_rule.create', targetType: 'alert_rule', targetId: 'r-1', details: { name: 'Queue' } })], nextCursor: null }
            : { entries: [entry(1, { action: 'audit.exported' }), entry(2)], nextCursor: 'page-2' };
        },
      },
    });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect([...nav.querySelectorAll('a')].map((link) => link.textContent)).toEqual(['Dashboard', 'Audit log', 'Privacy']);
    expect(screen.getByRole('link', { name: 'Audit log' }).getAttribute('aria-current')).toBe('page');

    await screen.findByRole('table', { name: 'Audit entries' });
    expect(actions()).toEqual(['audit.exported', 'auth.login']);
    expect(inputs[0]).toEqual({ organizationId: ACME.id, limit: 50 });

    await userEvent.setup().click(screen.getByRole('button', { name: 'Load older entries' }));
    await waitFor(() => expect(actions()).toEqual(['audit.exported', 'auth.login', 'alert_rule.create']));
    expect(inputs.at(-1)).toEqual({ organizationId: ACME.id, limit: 50, cursor: 'page-2' });
    expect(screen.getByRole('row', { name: /alert_rule\.create/ }).textContent).toContain('alert_rule r-1');
    expect(screen.queryByRole('button', { name: 'Load older entries' })).toBeNull();
  });

  it('keeps the filters in the address and sends them; an actor is picked from the list', async () => {
    const inputs: AuditListInput[] = [];
    renderAudit({
      audit: {
        list: (_organizationId, input) => {
          inputs.push(input);
          return { entries: [entry(1)], nextCursor: null };
        },
      },
    });
    await screen.findByRole('table', { name: 'Audit entries' });
    const user = userEvent.setup();
    const filters = screen.getByRole('form', { name: 'Audit filters' });
    await user.type(within(filters).getByLabelText('Action'), 'auth.');
    await user.type(within(filters).getByLabelText('Target type'), 'session');
    await user.selectOptions(within(filters).getByLabelText('Time'), '24h');
    // Nothing is asked until the filters are applied (Enter in a field does it too).
    expect(inputs).toHaveLength(1);
    await user.type(within(filters).getByLabelText('Target id'), 's-9{Enter}');

    await waitFor(() => expect(inputs).toHaveLength(2));
    const applied = inputs[1];
    expect(applied).toMatchObject({ action: 'auth.', targetType: 'session', targetId: 's-9', limit: 50 });
    expect(Date.now() - Date.parse(applied?.from ?? '')).toBeGreaterThanOrEqual(86_400_000 - 5000);
    expect(Date.now() - Date.parse(applied?.from ?? '')).toBeLessThan(86_400_000 + 5000);
    const params = new URLSearchParams(window.location.hash.split('?')[1]);
    expect(Object.fromEntries(params)).toEqual({ action: 'auth.', targetType: 'session', targetId: 's-9', time: '24h' });

    await user.click(await screen.findByRole('button', { name: OWNER.email }));
    await waitFor(() => expect(inputs.at(-1)?.actorUserId).toBe(OWNER.id));
    expect(new URLSearchParams(window.location.hash.split('?')[1]).get('actor')).toBe(OWNER.id);
    expect(screen.getByText(/Only entries by/).textContent).toContain(OWNER.email);

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(inputs.at(-1)).toEqual({ organizationId: ACME.id, limit: 50 }));
    expect(window.location.hash).toBe('#/audit');
    expect((within(screen.getByRole('form', { name: 'Audit filters' })).getByLabelText('Action') as HTMLInputElement).value).toBe('');
  });

  it('exports the filtered log as the CSV file the server names, and says when it was cut short', async () => {
    const exports: unknown[] = [];
    window.location.hash = '#/audit?action=auth.';
    renderApp({
      session: makeSession({ user: OWNER }),
      services: {
        auth: { me: () => OWNER },
        audit: {
          list: () => ({ entries: [entry(1)], nextCursor: null }),
          export: (_actor, organizationId, input) => {
            exports.push({ organizationId, ...input });
            return { filename: 'pulse-audit-acme.csv', csv: 'createdAt,action\n2026-11-23T10:00:59.000Z,auth.login\n', rows: 10_000, truncated: true };
          },
        },
      },
    });
    await screen.findByRole('table', { name: 'Audit entries' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(exports).toEqual([{ organizationId: ACME.id, action: 'auth.' }]);
    expect(saved[0]?.filename).toBe('pulse-audit-acme.csv');
    expect(saved[0]?.blob.type).toBe('text/csv;charset=utf-8');
    expect(await saved[0]?.blob.text()).toBe('createdAt,action\n2026-11-23T10:00:59.000Z,auth.login\n');
    const status = await screen.findByText(/Exported the newest 10,000 entries as pulse-audit-acme\.csv/);
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toContain('There are more');
  });

  it('says when nothing matches, and what went wrong when the log cannot load', async () => {
    let broken = false;
    renderAudit({
      audit: {
        list: () => {
          if (broken) throw new Error('database is down');
          return { entries: [], nextCursor: null };
        },
      },
    });
    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
    broken = true;
    const user = userEvent.setup();
    await user.type(within(screen.getByRole('form', { name: 'Audit filters' })).getByLabelText('Action'), 'x{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The audit log could not load');
    broken = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
  });

  it('a SUPERADMIN reads one organization’s log, or every organization’s at once', async () => {
    const scopes: (string | null)[] = [];
    renderAudit(
      {
        audit: {
          list: (organizationId) => {
            scopes.push(organizationId);
            return { entries: [entry(1, { organizationId })], nextCursor: null };
          },
        },
      },
      SUPERADMIN,
    );
    await screen.findByRole('table', { name: 'Audit entries' });
    expect(scopes).toEqual([ACME.id]);
    await userEvent.setup().click(screen.getByRole('checkbox', { name: 'All organizations' }));
    await waitFor(() => expect(scopes).toEqual([ACME.id, null]));
    expect(new URLSearchParams(window.location.hash.split('?')[1]).get('scope')).toBe('all');
    expect(screen.getByText(/What was done in every organization/)).toBeTruthy();
  });

  it.each([
    ['a leader', LEADER],
    ['a manager', makeMe()],
  ])('%s has no audit log: no navigation to it, and its address shows the dashboard', async (_who, user) => {
    const { calls } = renderAudit({}, user);
    await findHomeDashboard();
    expect(screen.queryByRole('link', { name: 'Audit log' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Audit log' })).toBeNull();
    expect(calls.some((call) => call.path.startsWith('audit.'))).toBe(false);
  });
});
