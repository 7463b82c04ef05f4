import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '@pulse/api-contract/errors';
import type { Dashboard, UpdateDashboardInput } from '@pulse/api-contract/schemas';
import { fakeDashboards, makeDashboard, makeWidget } from '../test/dashboard-fixtures.ts';
import { withServices } from '../test/fake-services.ts';
import { ACME, makeMe, makeSession } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';
import { fakeShares, shareToken } from '../test/share-fixtures.ts';

const OWNER = makeMe({ id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', email: 'owner@acme.test', name: 'Olga Owner', orgRole: 'OWNER' });
const SALES = makeDashboard({
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Sales floor',
  visibility: 'organization',
  canEdit: true,
  version: 3,
  widgetPreferences: [makeWidget('orders', 'Orders today')],
});

function renderShared(dashboard: Dashboard, over: Parameters<typeof withServices>[1] = {}) {
  window.location.hash = `#/?dashboard=${dashboard.id}`;
  const shares = fakeShares(dashboard);
  const services = withServices(withServices({ auth: { me: () => OWNER } }, fakeDashboards({ dashboards: [dashboard] })), withServices(shares.services, over));
  return { ...renderApp({ session: makeSession({ user: OWNER }), services }), shares };
}

async function openShareDialog() {
  const user = userEvent.setup();
  const button = await screen.findByRole('button', { name: 'Share' });
  await user.click(button);
  return { user, button, dialog: await screen.findByRole('dialog', { name: `Share “${SALES.name}”` }) };
}

/** A date input's value 30 days ahead, in the local calendar (within the form's limits). */
function inThirtyDays(): string {
  const day = new Date(Date.now() + 30 * 86_400_000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

afterEach(() => {
  window.location.hash = '';
});

describe('share dialog', () => {
  it('creates a public link and shows its address once, with a copy button and the warning', async () => {
    const { calls } = renderShared(SALES);
    const { user, dialog } = await openShareDialog();
    expect(await within(dialog).findByText('No working public links.')).toBeTruthy();

    const expiry = inThirtyDays();
    await user.type(within(dialog).getByLabelText('Expires after (optional)'), expiry);
    await user.click(within(dialog).getByRole('button', { name: 'Create public link' }));

    const address = `http://localhost:3000/public/dashboards/${shareToken(1)}`;
    const field = await within(dialog).findByRole<HTMLInputElement>('textbox', { name: 'Public link' });
    expect(field.value).toBe(address);
    expect(within(dialog).getByText(/shown only once/).textContent).toContain('Copy it now');
    const create = calls.find((call) => call.path === 'dashboards.shares.create');
    expect(create?.input).toEqual({ organizationId: ACME.id, dashboardId: SALES.id, expiresAt: new Date(`${expiry}T23:59:59.999`).toISOString() });
    await waitFor(() => expect(within(within(dialog).getByRole('list', { name: 'Working public links' })).getAllByRole('listitem')).toHaveLength(1));

    await user.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(await within(dialog).findByText('Copied.')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe(address);

    // Closed and opened again: the list remains, the address is gone for good.
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const again = await openShareDialog();
    await waitFor(() => expect(within(again.dialog).getAllByText(/Created .* by /)).toHaveLength(1));
    expect(within(again.dialog).queryByRole('textbox', { name: 'Public link' })).toBeNull();
    expect(again.dialog.textContent).not.toContain(shareToken(1));
  });

  it('revokes a link after asking, and it leaves the working links', async () => {
    const { calls, shares } = renderShared(SALES);
    const { user, dialog } = await openShareDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Create public link' }));
    const working = await within(dialog).findByRole('list', { name: 'Working public links' });

    await user.click(within(working).getByRole('button', { name: 'Revoke' }));
    const confirm = within(working).getByRole('group', { name: 'Revoke this link?' });
    expect(calls.some((call) => call.path === 'dashboards.shares.revoke')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Yes, revoke' }));

    await waitFor(() => expect(within(dialog).queryByRole('list', { name: 'Working public links' })).toBeNull());
    expect(within(dialog).getByText('No working public links.')).toBeTruthy();
    expect(within(dialog).getByText('Ended links (1)')).toBeTruthy();
    expect(calls.find((call) => call.path === 'dashboards.shares.revoke')?.input).toEqual({ organizationId: ACME.id, shareId: shares.links[0]?.id });
  });

  it('saves the visibility with the version on screen, and the dialog closes with Escape back to the Share button', async () => {
    const updates: UpdateDashboardInput[] = [];
    const { calls } = renderShared(SALES, {
      dashboards: {
        update: (_actor, _organizationId, input) => {
          updates.push(input);
          return { ...SALES, visibility: input.visibility ?? SALES.visibility, role: input.role ?? null, version: SALES.version + 1 };
        },
      },
    });
    const { user, button, dialog } = await openShareDialog();
    const save = within(dialog).getByRole('button', { name: 'Save visibility' });
    expect(save).toHaveProperty('disabled', true);

    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Who sees it' }), 'role');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Role' }), 'LEADER');
    await user.click(save);

    expect(await within(dialog).findByText(/Saved\. Leaders, the owner and the administrators see this dashboard\./)).toBeTruthy();
    expect(calls.find((call) => call.path === 'dashboards.update')?.input).toEqual({
      organizationId: ACME.id,
      id: SALES.id,
      expectedVersion: 3,
      visibility: 'role',
      role: 'LEADER',
    });
    expect(updates).toHaveLength(1);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('says so when someone saved the dashboard meanwhile, and reloads it on request', async () => {
    const { calls } = renderShared(SALES, {
      dashboards: {
        update: () => {
          throw new ConflictError('The dashboard is at version 4: someone saved it since version 3.');
        },
      },
    });
    const { user, dialog } = await openShareDialog();
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Who sees it' }), 'private');
    await user.click(within(dialog).getByRole('button', { name: 'Save visibility' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Someone saved this dashboard since you opened it');
    const gets = () => calls.filter((call) => call.path === 'dashboards.get').length;
    const before = gets();
    await user.click(within(alert).getByRole('button', { name: 'Reload the dashboard' }));
    await waitFor(() => expect(gets()).toBe(before + 1));
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('keeps Tab inside the dialog', async () => {
    renderShared(SALES);
    const { user, dialog } = await openShareDialog();
    await within(dialog).findByText('No working public links.');
    const close = within(dialog).getByRole('button', { name: 'Close' });
    expect(document.activeElement).toBe(close);
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Create public link' }));
    await user.tab();
    expect(document.activeElement).toBe(close);
  });

  it('offers no Share button on a dashboard the user may not edit', async () => {
    renderShared({ ...SALES, canEdit: false });
    expect(await screen.findByRole('heading', { name: 'Orders today' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
  });
});
