import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { getQueryKey } from '@trpc/react-query';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '@pulse/api-contract/errors';
import { Widget } from '@pulse/api-contract/schemas';
import type { Dashboard, DashboardVersionItem, DashboardVersionsInput, RestoreDashboardInput } from '@pulse/api-contract/schemas';
import { trpc } from '../api/trpc.ts';
import { ACME, makeMe } from '../test/fixtures.ts';
import { renderWithApi } from '../test/render-with-api.tsx';
import type { FakeServices } from '../test/fake-services.ts';
import { VersionHistory } from './VersionHistory.tsx';

const DASHBOARD_ID = '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9';
const OWNER = makeMe({ orgRole: 'OWNER', name: 'Olivia Owner' });

function makeDashboard(version: number, overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    id: DASHBOARD_ID,
    organizationId: ACME.id,
    userId: null,
    role: null,
    name: 'Operations',
    visibility: 'organization',
    layoutConfig: { lg: [] },
    widgetPreferences: [],
    themeSettings: { mode: 'light', primaryColor: '#1976d2' },
    isDefault: false,
    builtIn: false,
    version,
    canEdit: true,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-30T09:00:00.000Z',
    updatedBy: OWNER.id,
    ...overrides,
  };
}

function version(n: number, summary = `change ${n}`): DashboardVersionItem {
  return {
    version: n,
    createdAt: new Date(Date.UTC(2026, 10, n, 9)).toISOString(),
    createdBy: n === 1 ? null : { userId: OWNER.id, name: 'Olivia Owner' },
    summary,
    note: n === 2 ? 'Before the reorg' : null,
  };
}

/** A history of `count` versions, answered in pages as the server does (newest first, `beforeVersion`). */
function historyOf(items: DashboardVersionItem[]) {
  return (input: DashboardVersionsInput) => {
    const older = items.filter((item) => input.beforeVersion === undefined || item.version < input.beforeVersion).sort((a, b) => b.version - a.version);
    const page = older.slice(0, input.limit);
    return { items: page, nextBeforeVersion: older.length > input.limit ? (page.at(-1)?.version ?? null) : null };
  };
}

const versionsShown = () =>
  within(screen.getByRole('list', { name: 'Versions' }))
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('aria-label'));

function renderHistory(services: FakeServices) {
  return renderWithApi(<VersionHistory organizationId={ACME.id} dashboardId={DASHBOARD_ID} />, { services, user: OWNER });
}

describe('version history', () => {
  it('lists who saved each version, when and what changed, older pages on request', async () => {
    const user = userEvent.setup();
    const inputs: DashboardVersionsInput[] = [];
    const items = Array.from({ length: 25 }, (_, index) => version(index + 1));
    const list = historyOf(items);
    const { calls } = renderHistory({
      dashboards: {
        get: () => makeDashboard(25),
        versions: (_actor, organizationId, input) => {
          expect(organizationId).toBe(ACME.id);
          inputs.push(input);
          return list(input);
        },
      },
    });
    await screen.findByRole('list', { name: 'Versions' });
    expect(versionsShown()).toHaveLength(20);
    const newest = within(screen.getByRole('listitem', { name: 'Version 25' }));
    expect(newest.getByText('Current')).toBeTruthy();
    expect(newest.getByText(/Olivia Owner/)).toBeTruthy();
    expect(newest.getByText('change 25')).toBeTruthy();
    // The current version is not offered for restore; older ones are.
    expect(newest.queryByRole('button')).toBeNull();
    expect(screen.getByRole('button', { name: 'Restore version 24' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Load older versions' }));
    await waitFor(() => expect(versionsShown()).toHaveLength(25));
    expect(inputs.map((input) => input.beforeVersion)).toEqual([undefined, 6]);
    expect(versionsShown().at(-1)).toBe('Version 1');
    const seeded = within(screen.getByRole('listitem', { name: 'Version 1' }));
    expect(seeded.getByText(/^Pulse/)).toBeTruthy();
    expect(screen.getByText('“Before the reorg”')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load older versions' })).toBeNull();
    expect(calls.filter((call) => call.path === 'dashboards.versions')).toHaveLength(2);
  });

  it('restores an older version after confirming: the mutation runs and the new version heads the list', async () => {
    const user = userEvent.setup();
    let items = [version(1), version(2), version(3, 'widget "Errors" added')];
    let current = makeDashboard(3);
    const restores: RestoreDashboardInput[] = [];
    const { calls, queryClient } = renderHistory({
      dashboards: {
        get: () => current,
        versions: (_actor, _organizationId, input) => historyOf(items)(input),
        restore: (_actor, organizationId, input) => {
          expect(organizationId).toBe(ACME.id);
          restores.push(input);
          items = [...items, version(4, 'restored version 2: widget "Errors" removed')];
          current = makeDashboard(4);
          return current;
        },
      },
    });
    // The dashboard's numbers, as the dashboard screen would have them cached.
    const numbers = getQueryKey(trpc.widgets.data, { organizationId: ACME.id, dashboardId: DASHBOARD_ID }, 'query');
    queryClient.setQueryData(numbers, { asOf: '2026-12-01T10:00:00.000Z', version: 1, widgets: [] });
    await user.click(await screen.findByRole('button', { name: 'Restore version 2' }));
    const question = screen.getByRole('group', { name: 'Restore version 2?' });
    expect(question.textContent).toContain('become version 4');
    // Cancel asks nothing of the server.
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(restores).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Restore version 2' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Restore' }));
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    await screen.findByText('Restored version 2 as version 4.');
    expect(restores).toEqual([{ organizationId: ACME.id, id: DASHBOARD_ID, version: 2, expectedVersion: 3 }]);
    await waitFor(() => expect(versionsShown()).toEqual(['Version 4', 'Version 3', 'Version 2', 'Version 1']));
    expect(within(screen.getByRole('listitem', { name: 'Version 4' })).getByText('Current')).toBeTruthy();
    expect(screen.getByText('restored version 2: widget "Errors" removed')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore version 3' })).toBeTruthy();
    expect(queryClient.getQueryState(numbers)?.isInvalidated).toBe(true);
    expect(calls.filter((call) => call.path === 'dashboards.versions').length).toBeGreaterThanOrEqual(2);
  });

  it('after a conflict (someone saved in between) says so, shows their version, and restores from it on the next try', async () => {
    const user = userEvent.setup();
    let items = [version(1), version(2), version(3)];
    let current = makeDashboard(3);
    const restores: RestoreDashboardInput[] = [];
    renderHistory({
      dashboards: {
        get: () => current,
        versions: (_actor, _organizationId, input) => historyOf(items)(input),
        restore: (_actor, _organizationId, input) => {
          restores.push(input);
          if (input.expectedVersion !== current.version) throw new ConflictError(`This dashboard is at version ${current.version}, not ${input.expectedVersion}.`);
          current = makeDashboard(current.version + 1);
          return current;
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Restore version 1' }));
    // Someone else saves while the question is open.
    items = [...items, version(4, 'layout changed')];
    current = makeDashboard(4);
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The restore failed: Someone saved this dashboard in between; their version now heads the list. Restore again if you still want this one.');
    await waitFor(() => expect(versionsShown()[0]).toBe('Version 4'));
    const question = screen.getByRole('group', { name: 'Restore version 1?' });
    await waitFor(() => expect(question.textContent).toContain('become version 5'));
    await user.click(within(question).getByRole('button', { name: 'Restore' }));
    await screen.findByText('Restored version 1 as version 5.');
    expect(restores.map((input) => input.expectedVersion)).toEqual([3, 4]);
  });

  it('previews what a kept version held, read only when opened: its name and widgets in reading order', async () => {
    const asked: number[] = [];
    const widget = (id: string, title: string) => Widget.parse({ id, type: 'metric_card', title, query: { source: 'counters', counter: 'active_users' } });
    const { calls } = renderHistory({
      dashboards: {
        get: () => makeDashboard(2),
        versions: (_actor, _organizationId, input) => historyOf([version(1), version(2)])(input),
        version: (_actor, _organizationId, input) => {
          asked.push(input.version);
          return {
            ...version(input.version),
            dashboardId: DASHBOARD_ID,
            content: {
              name: 'Operations then',
              visibility: 'organization',
              role: null,
              layoutConfig: { lg: [{ widgetId: 'second', x: 0, y: 2, w: 3, h: 2 }, { widgetId: 'first', x: 0, y: 0, w: 3, h: 2 }] },
              widgetPreferences: [widget('second', 'Logins'), widget('first', 'Visitors')],
              themeSettings: { mode: 'light', primaryColor: '#1976d2' },
            },
          };
        },
      },
    });
    await screen.findByRole('list', { name: 'Versions' });
    expect(calls.filter((call) => call.path === 'dashboards.version')).toHaveLength(0);
    await userEvent.click(screen.getByText('Preview version 1'));
    const widgets = await screen.findByRole('list', { name: 'Widgets of version 1' });
    expect(within(widgets).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Visitors (metric card)', 'Logins (metric card)']);
    expect(screen.getByText('Operations then')).toBeTruthy();
    expect(asked).toEqual([1]);
  });

  it('someone who may not edit the dashboard reads its history without restore buttons', async () => {
    renderHistory({
      dashboards: { get: () => makeDashboard(2, { canEdit: false }), versions: (_actor, _organizationId, input) => historyOf([version(1), version(2)])(input) },
    });
    await screen.findByRole('list', { name: 'Versions' });
    await screen.findByText('Current');
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull();
  });

  it('shows an empty history, and an error with a retry that works', async () => {
    const user = userEvent.setup();
    let fail = true;
    renderHistory({
      dashboards: {
        get: () => makeDashboard(1),
        versions: () => {
          if (fail) throw new Error('database unavailable');
          return { items: [], nextBeforeVersion: null };
        },
      },
    });
    const error = await screen.findByRole('alert');
    expect(within(error).getByRole('heading', { name: 'The version history could not load' })).toBeTruthy();
    fail = false;
    await user.click(within(error).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No versions kept yet.')).toBeTruthy();
  });
});
