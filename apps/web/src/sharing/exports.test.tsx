import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dashboard, DashboardDocument } from '@pulse/api-contract/schemas';
import { fakeDashboards, makeDashboard, makeWidget } from '../test/dashboard-fixtures.ts';
import { recordDownloads } from '../test/downloads.ts';
import { withServices } from '../test/fake-services.ts';
import type { FakeServices } from '../test/fake-services.ts';
import { ACME, makeMe, makeSession } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';

const OWNER = makeMe({ id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', email: 'owner@acme.test', name: 'Olga Owner', orgRole: 'OWNER' });
const SALES = makeDashboard({ id: '33333333-3333-4333-8333-333333333333', name: 'Sales floor', widgetPreferences: [makeWidget('orders', 'Orders today')] });
const DOCUMENT: DashboardDocument = {
  format: 'pulse.dashboard',
  version: 1,
  name: 'Support load',
  description: null,
  widgets: [makeWidget('tickets', 'Tickets today')],
  layoutConfig: { lg: [{ widgetId: 'tickets', x: 0, y: 0, w: 3, h: 2 }] },
  themeSettings: { mode: 'light', primaryColor: '#1976d2' },
};

const saved = recordDownloads();

function renderDashboards(dashboards: Dashboard[], services: FakeServices = {}) {
  window.location.hash = `#/?dashboard=${SALES.id}`;
  return renderApp({ session: makeSession({ user: OWNER }), services: withServices(withServices({ auth: { me: () => OWNER } }, fakeDashboards({ dashboards })), services) });
}

const importInput = () => screen.getByLabelText<HTMLInputElement>('Dashboard file to import');
const jsonFile = (content: string) => new File([content], 'dashboard.json', { type: 'application/json' });

afterEach(() => {
  window.location.hash = '';
});

describe('exports', () => {
  it("downloads a widget's CSV under the server's file name, with the server's content", async () => {
    const csv = 'value\n7\n';
    const { calls } = renderDashboards([SALES], {
      dashboards: { widgetCsv: () => ({ filename: 'orders-today_live_organization.csv', contentType: 'text/csv; charset=utf-8', csv, rowCount: 1 }) },
    });
    const user = userEvent.setup();
    const card = await screen.findByRole('region', { name: 'Orders today' });
    await user.click(within(card).getByRole('button', { name: 'Export Orders today' }));
    await user.click(within(card).getByRole('button', { name: 'Download CSV' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.filename).toBe('orders-today_live_organization.csv');
    expect(saved[0]?.blob.type).toBe('text/csv; charset=utf-8');
    expect(await saved[0]?.blob.text()).toBe(csv);
    expect(calls.find((call) => call.path === 'dashboards.widgetCsv')?.input).toEqual({ organizationId: ACME.id, dashboardId: SALES.id, widgetId: 'orders' });
    // The menu closed behind the choice.
    expect(within(card).queryByRole('button', { name: 'Download CSV' })).toBeNull();
  });

  it("asks for the CSV of the dashboard's time range and comparison, the numbers on screen", async () => {
    const { calls } = renderDashboards([SALES], {
      dashboards: { widgetCsv: () => ({ filename: 'orders-today_last-7d_organization.csv', contentType: 'text/csv; charset=utf-8', csv: 'value\n70\n', rowCount: 1 }) },
    });
    window.location.hash = `#/?dashboard=${SALES.id}&range=last_7d&compare=previous`;
    const user = userEvent.setup();
    const card = await screen.findByRole('region', { name: 'Orders today' });
    await waitFor(() => expect(screen.getByRole('button', { name: /^Time range: Last 7 days, compared/ })).toBeTruthy());
    await user.click(within(card).getByRole('button', { name: 'Export Orders today' }));
    await user.click(within(card).getByRole('button', { name: 'Download CSV' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(calls.find((call) => call.path === 'dashboards.widgetCsv')?.input).toEqual({
      organizationId: ACME.id,
      dashboardId: SALES.id,
      widgetId: 'orders',
      timeRange: { kind: 'relative', range: 'last_7d' },
      compare: 'previous_period',
    });
  });

  it('exports the dashboard as the JSON document the server answers', async () => {
    renderDashboards([SALES], { dashboards: { export: () => ({ ...DOCUMENT, name: 'Sales floor' }) } });
    const user = userEvent.setup();
    await screen.findByRole('region', { name: 'Orders today' });
    await user.click(screen.getByRole('button', { name: 'Export or import' }));
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.filename).toBe('sales-floor.pulse-dashboard.json');
    expect(JSON.parse((await saved[0]?.blob.text()) ?? '')).toEqual({ ...DOCUMENT, name: 'Sales floor' });
  });

  it("lists the contract's issues of an invalid file, and sends nothing", async () => {
    const { calls } = renderDashboards([SALES]);
    await screen.findByRole('region', { name: 'Orders today' });
    const user = userEvent.setup();
    await user.upload(importInput(), jsonFile(JSON.stringify({ ...DOCUMENT, name: '', visibility: 'organization', layoutConfig: { lg: [] } })));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This file cannot be imported');
    const issues = within(alert)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(issues.some((issue) => issue?.includes('visibility'))).toBe(true);
    expect(issues.some((issue) => issue?.startsWith('name:'))).toBe(true);
    expect(issues.some((issue) => issue?.includes('tickets'))).toBe(true);
    expect(calls.some((call) => call.path === 'dashboards.import')).toBe(false);

    await user.upload(importInput(), jsonFile('{ not json'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The file is not JSON'));
  });

  it('imports a valid file and opens the new dashboard', async () => {
    const dashboards = [SALES];
    const imported = makeDashboard({ id: '88888888-8888-4888-8888-888888888888', name: 'Support load', visibility: 'private', userId: OWNER.id, canEdit: true, widgetPreferences: DOCUMENT.widgets });
    const { calls } = renderDashboards(dashboards, {
      dashboards: {
        import: () => {
          dashboards.push(imported);
          return imported;
        },
      },
    });
    await screen.findByRole('region', { name: 'Orders today' });
    await userEvent.setup().upload(importInput(), jsonFile(JSON.stringify(DOCUMENT)));

    expect(await screen.findByRole('heading', { name: 'Support load' })).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Tickets today' })).toBeTruthy();
    expect(new URLSearchParams(window.location.hash.split('?')[1]).get('dashboard')).toBe(imported.id);
    expect(calls.find((call) => call.path === 'dashboards.import')?.input).toEqual({ organizationId: ACME.id, document: DOCUMENT });
  });
});
