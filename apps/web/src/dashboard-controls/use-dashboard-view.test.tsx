import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Widget } from '@pulse/api-contract/schemas';
import { renderWithApi } from '../test/render-with-api.tsx';
import { drillFilterOf } from './drill-down.ts';
import { FilterChips } from './FilterChips.tsx';
import { TimeRangePicker } from './TimeRangePicker.tsx';
import { useDashboardView } from './useDashboardView.ts';
import { toLocalInput } from './custom-range.ts';

const SALES = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const byDepartment = Widget.parse({
  id: 'departments',
  title: 'By department',
  type: 'bar_chart',
  query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'department' }, timeRange: { kind: 'relative', range: 'last_7d' } },
});
const overTime = Widget.parse({
  id: 'hours',
  title: 'Per hour',
  type: 'line_chart',
  query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: { kind: 'relative', range: 'last_24h' } },
});

/** The pieces as the dashboard screen mounts them, and what the view would send to `widgets.data`. */
function Controls() {
  const view = useDashboardView();
  const click = (widget: Widget, key: string, label: string) => {
    const drill = drillFilterOf(widget, { key, label });
    if (drill) view.drill(drill);
  };
  return (
    <>
      <TimeRangePicker timeRange={view.timeRange} compare={view.compare} onTimeRange={view.setTimeRange} onCompare={view.setCompare} />
      <FilterChips filters={view.filters} onRemove={view.removeFilter} />
      <button type="button" onClick={() => click(byDepartment, SALES, 'Sales')}>
        Click the Sales bar
      </button>
      <button type="button" onClick={() => click(overTime, '2026-12-01T10:00:00.000Z', '10:00')}>
        Click the 10:00 point
      </button>
      <output data-testid="view">{JSON.stringify({ timeRange: view.timeRange ?? null, compare: view.compare, filters: view.filters })}</output>
    </>
  );
}

const view = () => JSON.parse(screen.getByTestId('view').textContent ?? 'null') as unknown;
const search = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '');
const rangeButton = () => screen.getByRole('button', { name: /^Time range:/ });

function open(hash = '#/') {
  window.location.hash = hash;
  return renderWithApi(<Controls />, { services: {} });
}

afterEach(() => {
  window.location.hash = '';
});

describe('the dashboard view in the address', () => {
  it('a range and the comparison picked go into the address, and a reload opens the same view', async () => {
    const user = userEvent.setup();
    const first = open('#/?org=acme');
    expect(rangeButton().getAttribute('aria-label')).toBe("Time range: Each widget's own range");
    await user.click(rangeButton());
    await user.click(screen.getByRole('option', { name: 'Last 7 days' }));
    expect(search().get('range')).toBe('last_7d');
    await user.click(rangeButton());
    await user.click(screen.getByRole('checkbox', { name: 'Compare with previous period' }));
    expect(search().get('compare')).toBe('previous');
    expect(search().get('org')).toBe('acme');
    const seen = view();
    expect(seen).toEqual({ timeRange: { kind: 'relative', range: 'last_7d' }, compare: 'previous_period', filters: [] });

    first.unmount();
    open(window.location.hash);
    expect(view()).toEqual(seen);
    expect(rangeButton().getAttribute('aria-label')).toBe('Time range: Last 7 days, compared with the previous period');
  });

  it('a custom range goes into the address as instants and comes back the same', async () => {
    const user = userEvent.setup();
    const first = open();
    await user.click(rangeButton());
    await user.click(screen.getByRole('option', { name: 'Custom range…' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    await user.clear(from);
    await user.type(from, '2026-11-20T08:30');
    await user.clear(to);
    await user.type(to, '2026-11-21T18:00');
    await user.click(screen.getByRole('button', { name: 'Apply range' }));
    const expected = { kind: 'absolute', from: new Date('2026-11-20T08:30').toISOString(), to: new Date('2026-11-21T18:00').toISOString() };
    expect(search().get('from')).toBe(expected.from);
    expect(search().get('to')).toBe(expected.to);
    expect(screen.queryByRole('dialog')).toBeNull();

    first.unmount();
    open(window.location.hash);
    expect(view()).toMatchObject({ timeRange: expected });
    // Opening the custom form again starts from that range.
    await user.click(rangeButton());
    await user.click(screen.getByRole('option', { name: 'Custom range…' }));
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe(toLocalInput(expected.from));
  });

  it('ignores what is not valid in the address and takes it out, keeping the rest', async () => {
    open(`#/?org=acme&range=last_2y&from=yesterday&to=2026-11-01T00:00:00Z&compare=yes&filter=eventType%3ANOPE&filter=eventType%3APAGE_VIEW&filter=eventType%3APAGE_VIEW&filter=department%3Asales`);
    expect(view()).toEqual({ timeRange: null, compare: null, filters: [{ dimension: 'event_type', value: 'PAGE_VIEW' }] });
    expect(rangeButton().getAttribute('aria-label')).toBe("Time range: Each widget's own range");
    await waitFor(() => expect(window.location.hash).toBe('#/?org=acme&filter=eventType%3APAGE_VIEW'));
    expect(screen.getAllByRole('listitem').map((chip) => chip.textContent)).toEqual(['Event type: PAGE_VIEW']);
  });

  it('the picker works by keyboard alone: arrows, Enter, Escape back to the button', async () => {
    const user = userEvent.setup();
    open('#/?range=last_1h');
    await user.tab();
    expect(document.activeElement).toBe(rangeButton());
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('listbox', { name: 'Ranges' }));
    const active = () => document.getElementById(screen.getByRole('listbox').getAttribute('aria-activedescendant') ?? '')?.textContent;
    expect(active()).toBe('Last hour');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(active()).toBe('Last 7 days');
    await user.keyboard('{ArrowUp}');
    expect(active()).toBe('Last 24 hours');
    await user.keyboard('{Enter}');
    expect(search().get('range')).toBe('last_24h');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(document.activeElement).toBe(rangeButton());

    await user.keyboard('{Enter}');
    await user.keyboard('{Home}');
    expect(active()).toBe("Each widget's own range");
    await user.keyboard('{End}');
    expect(active()).toBe('Custom range…');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(rangeButton());
    expect(search().get('range')).toBe('last_24h');

    // Escape from the custom form too.
    await user.keyboard('{Enter}{End}{Enter}');
    expect(document.activeElement).toBe(screen.getByLabelText('From'));
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(rangeButton());
  });

  it('a custom range is checked before it applies, each message beside its input', async () => {
    const user = userEvent.setup();
    open('#/?range=today');
    await user.click(rangeButton());
    await user.click(screen.getByRole('option', { name: 'Custom range…' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    const apply = screen.getByRole('button', { name: 'Apply range' });
    const messageOf = (input: HTMLElement) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent;

    await user.clear(from);
    await user.click(apply);
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(messageOf(from)).toBe('Choose when the range starts.');

    await user.type(from, '2026-11-21T10:00');
    await user.clear(to);
    await user.type(to, '2026-11-21T09:00');
    await user.click(apply);
    expect(from.getAttribute('aria-invalid')).toBeNull();
    expect(messageOf(to)).toBe('The end must be after the start.');

    await user.clear(from);
    await user.type(from, '2025-11-01T10:00');
    await user.clear(to);
    await user.type(to, '2026-11-21T10:00');
    await user.click(apply);
    expect(messageOf(to)).toBe('A range covers at most 366 days.');
    expect(search().get('range')).toBe('today');
    expect(search().has('from')).toBe(false);
  });

  it('a click on a bar adds a chip and a filter in the address; removing the chip takes it out', async () => {
    const user = userEvent.setup();
    open('#/?range=last_7d&filter=eventType%3APAGE_VIEW');
    await user.click(screen.getByRole('button', { name: 'Click the Sales bar' }));
    expect(search().getAll('filter')).toEqual(['eventType:PAGE_VIEW', `department:${SALES}`]);
    const chips = within(screen.getByRole('list', { name: 'Filters' }));
    expect(chips.getAllByRole('listitem').map((chip) => chip.textContent)).toEqual(['Event type: PAGE_VIEW', 'Department: Sales']);
    // A second click on the same bar adds nothing.
    await user.click(screen.getByRole('button', { name: 'Click the Sales bar' }));
    expect(search().getAll('filter')).toHaveLength(2);

    await user.click(chips.getByRole('button', { name: 'Remove filter Event type: PAGE_VIEW' }));
    expect(search().getAll('filter')).toEqual([`department:${SALES}`]);
    await user.click(screen.getByRole('button', { name: 'Remove filter Department: Sales' }));
    expect(search().has('filter')).toBe(false);
    expect(screen.queryByRole('list', { name: 'Filters' })).toBeNull();
    expect(search().get('range')).toBe('last_7d');
  });

  it('a click on a time bucket zooms the dashboard into that bucket', async () => {
    const user = userEvent.setup();
    open('#/?range=last_24h');
    await user.click(screen.getByRole('button', { name: 'Click the 10:00 point' }));
    expect(search().has('range')).toBe(false);
    expect(view()).toMatchObject({ timeRange: { kind: 'absolute', from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T11:00:00.000Z' } });
  });

  it('cleaning the address replaces its history entry: Back does not return to the invalid one', async () => {
    window.location.hash = '#/?range=nope';
    const length = window.history.length;
    renderWithApi(<Controls />, { services: {} });
    await waitFor(() => expect(window.location.hash).toBe('#/'));
    expect(window.history.length).toBe(length);
  });
});
