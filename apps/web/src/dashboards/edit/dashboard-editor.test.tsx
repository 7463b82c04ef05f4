import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, UpdateDashboardInput } from '@pulse/api-contract/schemas';
import { ConflictError } from '@pulse/api-contract/errors';
import { fakeDashboards, makeDashboard, makeWidget, MANAGER_DEFAULT } from '../../test/dashboard-fixtures.ts';
import { ACME, makeMe, makeSession } from '../../test/fixtures.ts';
import { renderApp } from '../../test/render-app.tsx';

const OWNER = makeMe({ id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', email: 'owner@acme.test', name: 'Olga Owner', orgRole: 'OWNER' });
const SALES_ID = '33333333-3333-4333-8333-333333333333';
const COPY_ID = '66666666-6666-4666-8666-666666666666';
/** Three cards in a row: Orders today, Refunds today, Visits. */
const SALES = makeDashboard({
  id: SALES_ID,
  name: 'Sales floor',
  canEdit: true,
  widgetPreferences: [makeWidget('orders', 'Orders today'), makeWidget('refunds', 'Refunds today'), makeWidget('visits', 'Visits')],
});

/**
 * The dashboards service with a memory: `update` checks the expected version as the server does
 * (CONFLICT when someone saved in between) and writes a new version; `duplicate` makes a private
 * copy. `dashboards` is what `get` and `list` read, so a test can save "as someone else" in it.
 */
function editableDashboards(initial: Dashboard[]) {
  const dashboards = [...initial];
  const updates: UpdateDashboardInput[] = [];
  const fake = fakeDashboards({ dashboards });
  const at = (id: string) => dashboards.findIndex((dashboard) => dashboard.id === id);
  const services = {
    ...fake,
    dashboards: {
      ...fake.dashboards,
      update: (_actor: unknown, _organizationId: string, input: UpdateDashboardInput) => {
        updates.push(input);
        const current = dashboards[at(input.id)];
        if (!current) throw new Error('no such dashboard');
        if (current.version !== input.expectedVersion) throw new ConflictError(`The dashboard is at version ${current.version} now.`);
        const next: Dashboard = {
          ...current,
          version: current.version + 1,
          widgetPreferences: input.widgetPreferences ?? current.widgetPreferences,
          layoutConfig: input.layoutConfig ?? current.layoutConfig,
        };
        dashboards[at(input.id)] = next;
        return next;
      },
      duplicate: (_actor: unknown, _organizationId: string, input: { id: string; name?: string }) => {
        const original = dashboards[at(input.id)];
        if (!original) throw new Error('no such dashboard');
        const copy: Dashboard = { ...original, id: COPY_ID, name: input.name ?? `${original.name} (copy)`, visibility: 'private', userId: OWNER.id, version: 1, isDefault: false };
        dashboards.push(copy);
        return copy;
      },
      versions: () => ({
        items: [{ version: 2, createdAt: '2026-12-01T09:00:00.000Z', createdBy: { userId: MANAGER_DEFAULT.id, name: 'Maya Manager' }, summary: '1 widget added: Signups', note: null }],
        nextBeforeVersion: null,
      }),
    },
  };
  /** Someone else saves first: Visits goes, Signups comes. */
  const saveAsSomeoneElse = () => {
    const current = dashboards[at(SALES_ID)];
    if (!current) throw new Error('no such dashboard');
    const widgets = [...current.widgetPreferences.filter((widget) => widget.id !== 'visits'), makeWidget('signups', 'Signups')];
    dashboards[at(SALES_ID)] = makeDashboard({ ...current, version: current.version + 1, widgetPreferences: widgets });
  };
  return { services, updates, dashboards, saveAsSomeoneElse };
}

/**
 * The grid measures its container (offsetWidth, then a ResizeObserver reading clientWidth);
 * jsdom lays nothing out, so the test says how wide it is.
 */
function containerWidth(width: number) {
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(width);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(width);
}

const cell = (title: string) => screen.getByRole('group', { name: title });
const announced = () => screen.getByTestId('arrange-announcer').textContent?.trim();
const editStatus = () => within(screen.getByRole('region', { name: 'Edit mode' })).getByRole('status').textContent;

async function openEditor(store = editableDashboards([SALES])) {
  window.location.hash = `#/?dashboard=${SALES_ID}`;
  const view = renderApp({ session: makeSession({ user: OWNER }), services: { auth: { me: () => OWNER }, ...store.services } });
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Edit' }));
  await screen.findByRole('region', { name: 'Edit mode' });
  return { ...view, user, store };
}

beforeEach(() => {
  containerWidth(1280);
});

afterEach(() => {
  window.location.hash = '';
});

describe('dashboard edit mode', () => {
  it('is offered only to those who may edit the dashboard', async () => {
    renderApp({ services: { auth: { me: () => makeMe() }, ...fakeDashboards() } });
    expect(await screen.findByRole('heading', { name: 'Department overview' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('moves and resizes a widget by keyboard, announcing each step, and saves the layout with the version it started from', async () => {
    const { user, store } = await openEditor();
    cell('Orders today').focus();
    await user.keyboard(' ');
    expect(announced()).toMatch(/^Orders today picked up at column 1, row 1, 3 columns by 2 rows\./);
    await user.keyboard('{ArrowRight}');
    expect(announced()).toBe('Orders today moved to column 2, row 1');
    await user.keyboard('{ArrowRight}');
    expect(announced()).toBe('Orders today moved to column 3, row 1');
    await user.keyboard('{Shift>}{ArrowRight}{ArrowDown}{/Shift}');
    expect(announced()).toBe('Orders today resized to 4 columns by 3 rows');
    await user.keyboard(' ');
    expect(announced()).toBe('Orders today dropped at column 3, row 1, 4 columns by 3 rows');
    expect(document.activeElement).toBe(cell('Orders today'));
    expect(editStatus()).toBe('Unsaved changes');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(store.updates).toHaveLength(1));
    const [sent] = store.updates;
    expect(sent).toMatchObject({ organizationId: ACME.id, id: SALES_ID, expectedVersion: 1 });
    expect(sent?.layoutConfig?.lg).toContainEqual({ widgetId: 'orders', x: 2, y: 0, w: 4, h: 3 });
    // Refunds was in the way: it went below, as a drag would have put it.
    expect(sent?.layoutConfig?.lg).toContainEqual({ widgetId: 'refunds', x: 3, y: 3, w: 3, h: 2 });
    // Saved: back to the view, which shows the new version's places.
    expect(await screen.findByRole('button', { name: 'Edit' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Orders today' })).toBeNull();
    const orders = document.querySelector<HTMLElement>('[data-widget-id="orders"]');
    expect(orders?.style.getPropertyValue('--column-lg')).toBe('3 / span 4');
  });

  it('puts a widget back where it was on Escape, and says so', async () => {
    const { user } = await openEditor();
    cell('Refunds today').focus();
    await user.keyboard(' {ArrowDown}{ArrowLeft}');
    expect(announced()).toBe('Refunds today moved to column 3, row 1');
    await user.keyboard('{Escape}');
    expect(announced()).toBe('Move cancelled. Refunds today is back at column 4, row 1, 3 columns by 2 rows');
    expect(editStatus()).toBe('No changes yet');
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    // Arrows do nothing to a widget that is not picked up.
    await user.keyboard('{ArrowRight}');
    expect(editStatus()).toBe('No changes yet');
  });

  it('undoes and redoes the whole edit with the buttons and with Ctrl+Z / Ctrl+Shift+Z', async () => {
    const { user, store } = await openEditor();
    cell('Visits').focus();
    await user.keyboard(' {ArrowRight} ');
    await user.click(within(cell('Orders today')).getByRole('button', { name: 'Remove' }));
    expect(screen.queryByRole('group', { name: 'Orders today' })).toBeNull();

    await user.keyboard('{Control>}z{/Control}');
    expect(await screen.findByRole('group', { name: 'Orders today' })).toBeTruthy();
    expect(announced()).toBe('Undone.');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(editStatus()).toBe('No changes yet');
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(true);

    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(editStatus()).toBe('Unsaved changes');
    await user.click(screen.getByRole('button', { name: 'Redo' }));
    expect(screen.queryByRole('group', { name: 'Orders today' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Undo' }));

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(store.updates).toHaveLength(1));
    expect(store.updates[0]?.widgetPreferences?.map((widget) => widget.id)).toEqual(['orders', 'refunds', 'visits']);
    expect(store.updates[0]?.layoutConfig?.lg).toContainEqual({ widgetId: 'visits', x: 7, y: 0, w: 3, h: 2 });
  });

  it('adds a widget from the palette of the ten types, duplicates one and removes one; Save sends the widgets', async () => {
    const { user, store } = await openEditor();
    await user.click(screen.getByRole('button', { name: 'Add widget' }));
    const palette = screen.getByRole('list', { name: 'Widget types' });
    expect(within(palette).getAllByRole('button')).toHaveLength(10);
    await user.click(within(palette).getByRole('button', { name: /^Heatmap/ }));
    expect(screen.queryByRole('list', { name: 'Widget types' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(cell('Activity by hour of week')));
    expect(announced()).toBe('Activity by hour of week added at column 1, row 3');

    await user.click(within(cell('Refunds today')).getByRole('button', { name: 'Duplicate' }));
    expect(cell('Refunds today (copy)')).toBeTruthy();
    await user.click(within(cell('Orders today')).getByRole('button', { name: 'Remove' }));
    expect(announced()).toBe('Orders today removed. Undo brings it back.');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(store.updates).toHaveLength(1));
    const sent = store.updates[0];
    expect(sent?.widgetPreferences?.map((widget) => [widget.id, widget.type])).toEqual([
      ['refunds', 'metric_card'],
      ['refunds-copy', 'metric_card'],
      ['visits', 'metric_card'],
      ['heatmap', 'heatmap'],
    ]);
    expect(sent?.layoutConfig?.lg.map((item) => item.widgetId).sort()).toEqual(['heatmap', 'refunds', 'refunds-copy', 'visits']);
    expect(await screen.findByRole('heading', { name: 'Activity by hour of week' })).toBeTruthy();
  });

  it('opens the widget editor beside the grid on Configure; its edits go into the draft, and undo brings a fresh form', async () => {
    const { user, store } = await openEditor();
    await user.click(within(cell('Visits')).getByRole('button', { name: 'Configure' }));
    const editor = screen.getByRole('complementary', { name: 'Widget editor' });
    expect(within(editor).getByRole('heading', { name: 'Edit widget' })).toBeTruthy();
    const title = within(editor).getByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Visitors');
    // The grid draws the draft: the renamed widget is there at once.
    await waitFor(() => expect(cell('Visitors')).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(within(screen.getByRole('complementary', { name: 'Widget editor' })).getByRole<HTMLInputElement>('textbox', { name: 'Title' }).value).toBe('Visits'));
    await user.click(within(screen.getByRole('complementary', { name: 'Widget editor' })).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('complementary', { name: 'Widget editor' })).toBeNull();
    expect(document.activeElement).toBe(cell('Visits'));
    expect(store.updates).toHaveLength(0);
  });

  it('shows what someone else saved meanwhile, and "Reload theirs" drops the draft for their version', async () => {
    const { user, store } = await openEditor();
    cell('Orders today').focus();
    await user.keyboard(' {ArrowRight} ');
    store.saveAsSomeoneElse();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Someone saved a newer version' });
    expect(dialog.textContent).toContain('version 2 now');
    expect(within(dialog).getByText('Added: Signups.')).toBeTruthy();
    expect(within(dialog).getByText('Removed: Visits.')).toBeTruthy();
    expect(within(within(dialog).getByRole('list', { name: 'Their versions' })).getByRole('listitem').textContent).toContain('Version 2 by Maya Manager');
    expect(store.updates[0]?.expectedVersion).toBe(1);

    await user.click(within(dialog).getByRole('button', { name: 'Reload theirs' }));
    expect(await screen.findByRole('heading', { name: 'Signups' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Visits' })).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeTruthy();
    expect(store.updates).toHaveLength(1);
  });

  it('"Save mine as a copy" keeps the draft as a private copy and opens it', async () => {
    const { user, store } = await openEditor();
    await user.click(within(cell('Visits')).getByRole('button', { name: 'Remove' }));
    store.saveAsSomeoneElse();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Someone saved a newer version' });
    await user.click(within(dialog).getByRole('button', { name: 'Save mine as a copy' }));

    expect(await screen.findByRole('heading', { name: 'Sales floor (my copy)' })).toBeTruthy();
    expect(new URLSearchParams(window.location.hash.split('?')[1]).get('dashboard')).toBe(COPY_ID);
    expect(store.updates.at(-1)).toMatchObject({ id: COPY_ID, expectedVersion: 1 });
    expect(store.updates.at(-1)?.widgetPreferences?.map((widget) => widget.id)).toEqual(['orders', 'refunds']);
    // Theirs is untouched.
    expect(store.dashboards.find((dashboard) => dashboard.id === SALES_ID)?.widgetPreferences.map((widget) => widget.id)).toEqual(['orders', 'refunds', 'signups']);
  });

  it('asks before dropping unsaved changes: on Cancel, on opening another dashboard, and on closing the tab', async () => {
    const store = editableDashboards([SALES, MANAGER_DEFAULT]);
    const { user } = await openEditor(store);
    // Nothing changed yet: Cancel just leaves.
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    await user.click(within(await screen.findByRole('group', { name: 'Visits' })).getByRole('button', { name: 'Remove' }));

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Discard your changes?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep editing' }));
    await user.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(editStatus()).toBe('Unsaved changes');

    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Dashboard' }), MANAGER_DEFAULT.id);
    dialog = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    expect(screen.getByRole('heading', { name: 'Sales floor' })).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByRole('heading', { name: 'Department overview' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Edit mode' })).toBeNull();
    const after = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });

  it('arranges a phone column with Move up / Move down at 360 px, saved as the xs layout', async () => {
    containerWidth(360);
    const { user, store } = await openEditor();
    const column = screen.getByRole('list', { name: 'Widgets in the order a phone shows them' });
    expect(within(column).getAllByRole('listitem').map((item) => item.getAttribute('data-edit-cell'))).toEqual(['orders', 'refunds', 'visits']);
    const moveDown = within(within(column).getAllByRole('listitem')[0]!).getByRole('button', { name: 'Move down' });
    await user.click(moveDown);
    expect(announced()).toBe('Orders today moved to position 2 of 3');
    expect(within(column).getAllByRole('listitem').map((item) => item.getAttribute('data-edit-cell'))).toEqual(['refunds', 'orders', 'visits']);
    expect(document.activeElement?.textContent).toBe('Move down');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(store.updates).toHaveLength(1));
    expect(store.updates[0]?.layoutConfig?.xs).toEqual([
      { widgetId: 'refunds', x: 0, y: 0, w: 12, h: 2 },
      { widgetId: 'orders', x: 0, y: 2, w: 12, h: 2 },
      { widgetId: 'visits', x: 0, y: 4, w: 12, h: 2 },
    ]);
    // The large layout is left as it was.
    expect(store.updates[0]?.layoutConfig?.lg).toEqual(SALES.layoutConfig.lg);
  });
});
