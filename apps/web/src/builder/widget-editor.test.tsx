import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Widget, WidgetData, WidgetPreviewInput, WidgetQuery, WidgetResult } from '@pulse/api-contract/schemas';
import { ACME } from '../test/fixtures.ts';
import { renderWithApi } from '../test/render-with-api.tsx';
import { defaultWidget } from './default-widgets.fixture.ts';
import { WidgetEditor } from './WidgetEditor.tsx';
import type { WidgetIssue } from './WidgetEditor.tsx';

/** The preview's numbers, by the query's grouping: a series of as many points as the bucket says, else one number. */
function dataFor(query: WidgetQuery): WidgetData {
  if (query.source === 'activity' && query.groupBy.by === 'time') {
    const points = { minute: 3, hour: 24, day: 7, week: 2 }[query.groupBy.bucket];
    return { shape: 'series', points: Array.from({ length: points }, (_, index) => ({ t: new Date(Date.UTC(2026, 11, 1, index)).toISOString(), value: index })) };
  }
  return { shape: 'scalar', value: 42 };
}

function previewService(inputs: WidgetPreviewInput[]) {
  return (_actor: unknown, _organizationId: string, input: WidgetPreviewInput): WidgetResult => {
    inputs.push(input);
    return { widgetId: 'preview', asOf: new Date().toISOString(), range: null, data: dataFor(input.query), compare: null, error: null, stale: null };
  };
}

type Drawn = { widget: Widget; result: WidgetResult | undefined; loading: boolean };

function renderEditor(widget: Widget, serverIssues?: WidgetIssue[]) {
  const previews: WidgetPreviewInput[] = [];
  const drawn: Drawn[] = [];
  const onChange = vi.fn<(widget: Widget) => void>();
  const onClose = vi.fn<() => void>();
  const renderPreview = (shown: Widget, result: WidgetResult | undefined, loading: boolean) => {
    drawn.push({ widget: shown, result, loading });
    const points = result?.data?.shape === 'series' ? `${result.data.points.length} points` : result?.data?.shape === 'scalar' ? `value ${result.data.value}` : 'nothing yet';
    return <p data-testid="drawn">{`${shown.type}: ${shown.title}: ${points}`}</p>;
  };
  const view = renderWithApi(<WidgetEditor organizationId={ACME.id} widget={widget} onChange={onChange} onClose={onClose} renderPreview={renderPreview} serverIssues={serverIssues} />, {
    services: { widgets: { preview: previewService(previews) } },
  });
  const form = screen.getByRole('form', { name: 'Widget settings' });
  return { ...view, previews, drawn, onChange, onClose, form, user: userEvent.setup({ delay: null }) };
}

/** The preview after its pause and a round trip through the router: slow on a busy machine, so waited for generously. */
const PREVIEW_WAIT = { timeout: 5000 };
const findDrawn = (text: string | RegExp) => screen.findByText(text, {}, PREVIEW_WAIT);

const lastCall = (onChange: ReturnType<typeof vi.fn<(widget: Widget) => void>>) => onChange.mock.lastCall?.[0];
const describedBy = (field: HTMLElement) => document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent;

describe('widget editor', () => {
  it('sends every valid edit up: a new title', async () => {
    const { form, user, onChange } = renderEditor(defaultWidget('api-latency-trend'));
    const title = within(form).getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Checkout latency');

    expect(lastCall(onChange)).toEqual({ ...defaultWidget('api-latency-trend'), title: 'Checkout latency' });
    // Clearing the title made it invalid for a moment: that was never sent.
    expect(onChange.mock.calls.every(([widget]) => widget.title.trim() !== '')).toBe(true);
    expect(await findDrawn('line_chart: Checkout latency: 24 points')).toBeTruthy();
  });

  it("shows the contract's issue beside the field and does not send the invalid widget", async () => {
    const { form, user, onChange } = renderEditor(defaultWidget('api-latency-p95'));
    const title = within(form).getByLabelText('Title');
    await user.click(title);
    await user.paste('x'.repeat(120));

    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(title)).toMatch(/Too big: expected string to have <=120 characters/);

    const second = within(form).getByRole('group', { name: 'Threshold 2' });
    const value = within(second).getByLabelText('From value');
    await user.clear(value);
    await user.type(value, 'abc');
    await waitFor(() => expect(value.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(value)).toMatch(/expected number, received NaN/);
    expect(onChange).not.toHaveBeenCalled();

    // Fixed, the issue goes and the widget is sent again.
    await user.clear(title);
    await user.type(title, 'Latency');
    await user.clear(value);
    await user.type(value, '750');
    await waitFor(() => expect(value.getAttribute('aria-invalid')).toBeNull());
    expect(title.getAttribute('aria-invalid')).toBeNull();
    expect(lastCall(onChange)?.title).toBe('Latency');
    expect(lastCall(onChange)?.options.thresholds.map((threshold) => threshold.value)).toEqual([0, 750, 1000]);
    expect(onChange.mock.calls.every(([widget]) => widget.title.length <= 120)).toBe(true);
  });

  it('says beside the threshold list when thresholds do not ascend', async () => {
    const { form, user, onChange } = renderEditor(defaultWidget('api-latency-p95'));
    const value = within(within(form).getByRole('group', { name: 'Threshold 3' })).getByLabelText('From value');
    await user.clear(value);
    await user.type(value, '100');
    expect((await within(form).findByRole('alert')).textContent).toBe('thresholds ascend by value');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('previews the edited query and draws its answer, keeping the last one while the next loads', async () => {
    const { form, user, previews, drawn } = renderEditor(defaultWidget('api-latency-trend'));
    expect(await findDrawn('line_chart: API latency p95 by hour: 24 points')).toBeTruthy();
    expect(previews[0]).toEqual({ organizationId: ACME.id, query: defaultWidget('api-latency-trend').query });

    await user.selectOptions(within(form).getByLabelText('Time bucket'), 'day');
    expect(await findDrawn('line_chart: API latency p95 by hour: 7 points')).toBeTruthy();
    expect(previews.at(-1)?.query).toMatchObject({ source: 'activity', groupBy: { by: 'time', bucket: 'day' }, measure: { kind: 'p95', property: 'durationMs' } });
    // Once the first answer came, the preview never went back to nothing.
    const firstAnswer = drawn.findIndex((entry) => entry.result !== undefined);
    expect(drawn.slice(firstAnswer).every((entry) => entry.result !== undefined)).toBe(true);
    expect(drawn.some((entry) => entry.loading && entry.result?.data?.shape === 'series' && entry.result.data.points.length === 24)).toBe(true);
  });

  it('asks no preview of an invalid query and says why beside the grouping', async () => {
    const { form, user, previews, onChange } = renderEditor(defaultWidget('api-latency-trend'));
    await findDrawn(/24 points/);
    await user.selectOptions(within(form).getByLabelText('Group by'), 'none');

    const groupBy = within(form).getByLabelText('Group by');
    await waitFor(() => expect(groupBy.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(groupBy)).toMatch(/a line_chart needs a series over time/);
    expect(onChange).not.toHaveBeenCalled();
    expect(previews.every((input) => input.query.source === 'activity' && input.query.groupBy.by === 'time')).toBe(true);
    expect(screen.getByTestId('drawn').textContent).toBe('line_chart: API latency p95 by hour: 24 points');
  });

  it('switching the type keeps what fits: a line chart becomes a card without grouping, then a heatmap', async () => {
    const { form, user, onChange, previews } = renderEditor(defaultWidget('api-latency-trend'));
    await user.selectOptions(within(form).getByLabelText('Type'), 'metric_card');

    const card = lastCall(onChange);
    expect(card).toMatchObject({ type: 'metric_card', title: 'API latency p95 by hour', options: { unit: 'ms', numberFormat: 'duration_ms' } });
    expect(card?.query).toMatchObject({ source: 'activity', measure: { kind: 'p95', property: 'durationMs' }, groupBy: { by: 'none' }, compare: 'previous_period', filters: { eventTypes: ['API_CALL'] } });
    expect((within(form).getByLabelText('Group by') as HTMLSelectElement).value).toBe('none');
    expect(within(form).queryByLabelText('Time bucket')).toBeNull();
    expect(await findDrawn('metric_card: API latency p95 by hour: value 42')).toBeTruthy();
    expect(previews.at(-1)?.query).toMatchObject({ groupBy: { by: 'none' } });

    await user.selectOptions(within(form).getByLabelText('Type'), 'heatmap');
    expect(lastCall(onChange)?.query).toMatchObject({ groupBy: { by: 'hour_of_week' }, compare: null, measure: { kind: 'p95', property: 'durationMs' } });
    expect(within(form).getByText('Hour of day × weekday, darker where there is more.')).toBeTruthy();
  });

  it('trying types one after another starts each from the widget as edited, so coming back restores it', async () => {
    const { form, user, onChange } = renderEditor(defaultWidget('api-latency-trend'));
    const type = within(form).getByLabelText('Type');
    await user.selectOptions(type, 'heatmap');
    await user.selectOptions(type, 'pie_chart');
    expect(lastCall(onChange)?.query).toMatchObject({ groupBy: { by: 'event_type' }, compare: null });
    await user.selectOptions(type, 'line_chart');
    expect(lastCall(onChange)).toEqual(defaultWidget('api-latency-trend'));
    expect((within(form).getByLabelText('Time bucket') as HTMLSelectElement).value).toBe('hour');
    expect((within(form).getByLabelText('Compare with the previous period') as HTMLInputElement).checked).toBe(true);

    // A hand edit after a switch is what the next switch starts from.
    await user.selectOptions(type, 'bar_chart');
    await user.clear(within(form).getByLabelText('Title'));
    await user.type(within(form).getByLabelText('Title'), 'Bars');
    await user.selectOptions(type, 'table');
    expect(lastCall(onChange)).toMatchObject({ type: 'table', title: 'Bars', query: { groupBy: { by: 'time', bucket: 'hour' } } });
  });

  it('builds a query from the filter, time and option fields', { timeout: 20_000 }, async () => {
    const { form, user, onChange } = renderEditor(defaultWidget('events-by-branch'));
    await user.click(within(form).getByLabelText('USER_LOGIN'));
    await user.type(within(form).getByLabelText('Custom event types (optional)'), 'custom.checkout');
    await user.click(within(form).getByRole('button', { name: 'Add property filter' }));
    const filter = within(form).getByRole('group', { name: 'Property filter 1' });
    await user.type(within(filter).getByLabelText('Property'), 'route');
    await user.selectOptions(within(filter).getByLabelText('Condition'), 'neq');
    await user.type(within(filter).getByLabelText('Values'), '/health, /metrics');
    await user.click(within(form).getByLabelText('Absolute'));
    const from = within(form).getByLabelText('From');
    const to = within(form).getByLabelText('To');
    await user.clear(from);
    await user.type(from, '2026-11-02T08:00');
    await user.clear(to);
    await user.type(to, '2026-11-01T08:00');
    await waitFor(() => expect(to.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(to)).toBe('to is after from');
    await user.clear(to);
    await user.type(to, '2026-11-03T08:00');
    await user.click(within(form).getByRole('button', { name: 'Add threshold' }));
    await user.type(within(within(form).getByRole('group', { name: 'Threshold 1' })).getByLabelText('From value'), '500');

    await waitFor(() => expect(lastCall(onChange)?.options.thresholds).toEqual([{ value: 500, color: '#ed6c02' }]));
    expect(lastCall(onChange)?.query).toEqual({
      source: 'activity',
      measure: { kind: 'count' },
      groupBy: { by: 'branch' },
      filters: { eventTypes: ['USER_LOGIN', 'custom.checkout'], properties: [{ property: 'route', op: 'neq', values: ['/health', '/metrics'] }] },
      timeRange: { kind: 'absolute', from: new Date(2026, 10, 2, 8).toISOString(), to: new Date(2026, 10, 3, 8).toISOString() },
      compare: null,
      limit: 10,
    });
  });

  it("shows the chosen source's fields, says when its answer does not fit the type, and keeps the other sources' values", { timeout: 20_000 }, async () => {
    const { form, user, onChange } = renderEditor(defaultWidget('events-per-minute'));
    const counter = within(form).getByLabelText('Counter');
    expect((counter as HTMLSelectElement).value).toBe('events_per_minute');
    await user.selectOptions(counter, 'events_today');
    await waitFor(() => expect(counter.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(counter)).toMatch(/a line_chart needs a series over time/);
    expect(onChange).not.toHaveBeenCalled();

    await user.selectOptions(within(form).getByLabelText('Source'), 'activity');
    await user.selectOptions(within(form).getByLabelText('Group by'), 'time');
    await waitFor(() =>
      expect(lastCall(onChange)?.query).toEqual({
        source: 'activity',
        measure: { kind: 'count' },
        groupBy: { by: 'time', bucket: 'hour' },
        filters: {},
        timeRange: { kind: 'relative', range: 'last_24h' },
        compare: null,
        limit: 10,
      }),
    );

    await user.selectOptions(within(form).getByLabelText('Source'), 'metrics');
    const metricName = within(form).getByLabelText('Metric name');
    await waitFor(() => expect(metricName.getAttribute('aria-invalid')).toBe('true'));
    await user.type(metricName, 'queue_depth');
    await user.type(within(form).getByLabelText('Label filter (optional)'), 'queue=emails');
    await waitFor(() => expect(lastCall(onChange)?.query).toMatchObject({ source: 'metrics', metricName: 'queue_depth', labels: { queue: 'emails' }, groupBy: { by: 'time', bucket: 'hour' } }));

    // Back to the counters: the counter chosen before is still there.
    await user.selectOptions(within(form).getByLabelText('Source'), 'counters');
    expect((within(form).getByLabelText('Counter') as HTMLSelectElement).value).toBe('events_today');
  });

  it("shows the server's issues from saving the dashboard beside their fields until the next edit", async () => {
    const { form, user } = renderEditor(defaultWidget('api-latency-p95'), [
      { path: ['options', 'thresholds', 1, 'label'], message: 'a label names one threshold' },
      { path: [], message: 'the dashboard changed since it was opened' },
    ]);
    const label = within(within(form).getByRole('group', { name: 'Threshold 2' })).getByLabelText('Label (optional)');
    await waitFor(() => expect(label.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(label)).toBe('a label names one threshold');
    expect(within(form).getByRole('alert').textContent).toBe('the dashboard changed since it was opened');

    await user.type(label, '!');
    await waitFor(() => expect(label.getAttribute('aria-invalid')).toBeNull());
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('takes the focus when it opens and closes on Escape', async () => {
    const { user, onClose } = renderEditor(defaultWidget('products-today'));
    const editor = screen.getByRole('region', { name: 'Edit widget' });
    expect(editor.contains(document.activeElement)).toBe(true);
    await user.tab();
    expect(document.activeElement).toBe(within(editor).getByRole('button', { name: 'Close' }));
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
