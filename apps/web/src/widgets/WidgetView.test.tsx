import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { getInstanceByDom } from 'echarts/core';
import type { EChartsType } from 'echarts/core';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Widget, WidgetResult } from '@pulse/api-contract/schemas';
import { loadChart } from './echarts/load.ts';
import { WidgetView } from './WidgetView.tsx';
import {
  activityHeatmap,
  apiCallsCard,
  AS_OF,
  branchTable,
  eventsByBranch,
  eventsByTypeToday,
  eventsTodaySparkline,
  hourly,
  latencyGauge,
  latencyTrend,
  mostActiveUsers,
  productsKpi,
  reportsProgress,
  result,
  widget,
} from './widget-fixtures.ts';

// The first import of a chart chunk transforms ECharts, which takes seconds on a busy machine:
// done once here, so a test waits for its chart to draw, not for the transform.
beforeAll(async () => {
  await Promise.all((['line', 'bar', 'pie', 'gauge', 'heatmap'] as const).map(loadChart));
}, 60_000);

// jsdom lays nothing out: give every element a size, or ECharts draws a 0×0 chart.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(480);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(240);
});

function show(shown: Widget, shownResult: WidgetResult | undefined, { stale = false, loading = false, onRetry = () => {} } = {}) {
  return render(<WidgetView widget={shown} result={shownResult} loading={loading} stale={stale} onRetry={onRetry} />);
}

/** The chart of a widget once its ECharts modules have loaded and it has drawn. */
async function drawnChart(title: string): Promise<{ element: HTMLElement; chart: EChartsType }> {
  const element = screen.getByRole('img', { name: new RegExp(`^${title}:`) });
  // Drawn: the chunk has loaded, the instance exists and has taken its first option.
  const chart = await waitFor(() => {
    const instance = getInstanceByDom(element);
    expect(instance?.getOption()).toBeDefined();
    return instance as EChartsType;
  });
  expect(element.querySelector('svg')).not.toBeNull();
  return { element, chart };
}

type DrawnSeries = { type: string; name: string; data: unknown[]; lineStyle?: { type?: string } };
const seriesOf = (chart: EChartsType) => (chart.getOption() as { series: DrawnSeries[] }).series;

const cellsOf = (row: HTMLElement) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent);

async function shownNumbers(title: string): Promise<string[][]> {
  const toggle = screen.getByRole('button', { name: 'Show numbers' });
  expect(toggle).toHaveProperty('ariaExpanded', 'false');
  await userEvent.click(toggle);
  expect(screen.getByRole('button', { name: 'Hide numbers' })).toHaveProperty('ariaExpanded', 'true');
  const table = screen.getByRole('table', { name: `${title}: the numbers` });
  return within(table)
    .getAllByRole('row')
    .map((row) => cellsOf(row));
}

const clock = (iso: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

describe('the card', () => {
  it('shows the title and when its numbers are from, to the second, with the full time on hover', () => {
    show(apiCallsCard, result(apiCallsCard.id, { shape: 'scalar', value: 42 }));
    const card = screen.getByRole('region', { name: 'API calls per minute' });
    expect(within(card).getByRole('heading', { name: 'API calls per minute' })).toBeDefined();
    const asOf = card.querySelector('time');
    expect(asOf?.getAttribute('dateTime')).toBe(AS_OF);
    expect(asOf?.getAttribute('title')).toBe(AS_OF);
    expect(asOf?.textContent).toMatch(/^as of (\d{2}:\d{2}:\d{2}|\d{1,2} \w{3}, \d{2}:\d{2})$/);
  });

  it('shows a skeleton until the first numbers arrive, and is busy while they load', () => {
    show(apiCallsCard, undefined, { loading: true });
    const card = screen.getByRole('region', { name: 'API calls per minute' });
    expect(card.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByTestId('widget-skeleton')).toBeDefined();
    expect(card.querySelector('time')).toBeNull();
  });

  it('says what would fill an empty widget', () => {
    const apiCalls = widget({ id: 'api-calls', type: 'metric_card', title: 'API calls', query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['API_CALL'] }, timeRange: { kind: 'relative', range: 'last_24h' } } });
    show(apiCalls, result(apiCalls.id, { shape: 'scalar', value: null }));
    expect(screen.getByTestId('widget-empty').textContent).toBe('No API_CALL events in the last 24 h — send events with type API_CALL to fill this');
  });

  it('treats a series of zeros as empty, not as a flat line', () => {
    show(latencyTrend, result(latencyTrend.id, hourly([0, null, 0])));
    expect(screen.getByTestId('widget-empty').textContent).toContain('No API_CALL events with a numeric durationMs in the last 24 h');
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('shows the error with a retry', async () => {
    const onRetry = vi.fn();
    show(latencyGauge, result(latencyGauge.id, null, { error: { code: 'TIMEOUT', message: 'The numbers took too long to read.' } }), { onRetry });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The numbers took too long to read.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('refuses data of a shape its type cannot draw, with a retry', () => {
    show(latencyGauge, result(latencyGauge.id, { shape: 'categories', items: [] }));
    expect(screen.getByRole('alert').textContent).toContain('A gauge cannot draw categories data.');
  });

  it('marks numbers the server answered while a dependency was away, and says which', () => {
    const since = '2026-12-02T10:15:00.000Z';
    const view = show(apiCallsCard, result(apiCallsCard.id, { shape: 'scalar', value: 42 }, { stale: { reason: 'postgres_unavailable', since } }));
    expect(screen.getByText('stale')).toBeDefined();
    expect(screen.getByRole('region', { name: 'API calls per minute' }).getAttribute('title')).toMatch(/database is unavailable/);
    view.rerender(<WidgetView widget={apiCallsCard} result={result(apiCallsCard.id, { shape: 'scalar', value: 42 })} loading={false} stale={false} onRetry={() => {}} />);
    expect(screen.queryByText('stale')).toBeNull();
  });

  it('says when a widget ignores the drill-down filters, and nothing when it takes them', () => {
    const view = show(apiCallsCard, result(apiCallsCard.id, { shape: 'scalar', value: 42 }, { filtered: false }));
    expect(screen.getByTestId('widget-unfiltered').textContent).toContain('ignores the filters');
    view.rerender(<WidgetView widget={apiCallsCard} result={result(apiCallsCard.id, { shape: 'scalar', value: 42 }, { filtered: true })} loading={false} stale={false} onRetry={() => {}} />);
    expect(screen.queryByTestId('widget-unfiltered')).toBeNull();
  });

  it('keeps the last numbers when stale, marked', () => {
    const view = show(apiCallsCard, result(apiCallsCard.id, { shape: 'scalar', value: 42 }));
    expect(screen.queryByText('stale')).toBeNull();
    view.rerender(<WidgetView widget={apiCallsCard} result={result(apiCallsCard.id, { shape: 'scalar', value: 42 })} loading={false} stale onRetry={() => {}} />);
    expect(screen.getByText('stale')).toBeDefined();
    expect(screen.getByRole('region', { name: 'API calls per minute' }).getAttribute('title')).toBe('Not live: these numbers may be out of date.');
    expect(screen.getByTestId('widget-value').textContent).toBe('42 calls');
  });
});

describe('one number', () => {
  it('metric_card: the formatted number with its unit, and the change from the previous period', () => {
    show(apiCallsCard, result(apiCallsCard.id, { shape: 'scalar', value: 12_345 }, { compare: { shape: 'scalar', value: 10_000 } }));
    expect(screen.getByTestId('widget-value').textContent).toBe('12.3K calls');
    expect(screen.getByTestId('widget-delta').textContent).toBe('▲ +23.5% vs previous period (10K calls)');
  });

  it('kpi_card: actual against target and against the previous period, coloured by whether the target is met', () => {
    const view = show(productsKpi, result(productsKpi.id, { shape: 'scalar', value: 82 }, { compare: { shape: 'scalar', value: 90 } }));
    expect(screen.getByTestId('widget-target').textContent).toBe('Target 100 · 82% of target · not yet');
    expect(screen.getByTestId('widget-delta').textContent).toBe('▼ −8.9% vs previous period (90)');
    expect(screen.getByTestId('widget-delta').className).toMatch(/bad/);
    expect((screen.getByText('82').style.color)).toBe('var(--warn)');
    view.rerender(<WidgetView widget={productsKpi} result={result(productsKpi.id, { shape: 'scalar', value: 120 }, { compare: { shape: 'scalar', value: 90 } })} loading={false} stale={false} onRetry={() => {}} />);
    expect(screen.getByTestId('widget-target').textContent).toBe('Target 100 · 120% of target · met');
    expect(screen.getByTestId('widget-delta').className).toMatch(/good/);
    expect(screen.getByText('120').style.color).toBe('var(--live)');
  });

  it('kpi_card: thresholds decide the colour when it has them', () => {
    const kpi = widget({ id: 'kpi', type: 'kpi_card', title: productsKpi.title, query: productsKpi.query, options: { target: 100, thresholds: [{ value: 0, color: '#d32f2f' }, { value: 50, color: '#2e7d32' }] } });
    show(kpi, result(kpi.id, { shape: 'scalar', value: 60 }));
    expect(screen.getByText('60').style.color).toBe('rgb(46, 125, 50)');
  });

  it('progress_bar: a progressbar at value of target', () => {
    show(reportsProgress, result(reportsProgress.id, { shape: 'scalar', value: 37 }));
    const bar = screen.getByRole('progressbar', { name: 'Reports generated today' });
    expect(bar.getAttribute('aria-valuenow')).toBe('37');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('50');
    expect(bar.getAttribute('aria-valuetext')).toBe('37 of 50 (74%)');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('74%');
  });

  it('progress_bar: past the target the bar is full and the words say how far', () => {
    show(reportsProgress, result(reportsProgress.id, { shape: 'scalar', value: 60 }));
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuetext')).toBe('60 of 50 (120%)');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('100%');
  });

  it('gauge: an ECharts gauge with the value formatted and the bands of its thresholds', async () => {
    show(latencyGauge, result(latencyGauge.id, { shape: 'scalar', value: 640 }));
    const { element, chart } = await drawnChart('API latency p95, last hour');
    expect(element.getAttribute('aria-label')).toBe('API latency p95, last hour: 640 ms');
    const [gauge] = (chart.getOption() as { series: { data: { value: number }[]; max: number; axisLine: { lineStyle: { color: [number, string][] } } }[] }).series;
    expect(gauge?.data[0]?.value).toBe(640);
    expect(gauge?.max).toBe(2000);
    expect(gauge?.axisLine.lineStyle.color).toEqual([
      [0.25, '#2e7d32'],
      [0.5, '#ed6c02'],
      [1, '#d32f2f'],
    ]);
    expect(element.textContent).toContain('640 ms');
    expect(screen.getByText('0 ms to 2 s')).toBeDefined();
  });
});

describe('charts', () => {
  it('line_chart: this period, and the previous one dashed; its numbers as a table', async () => {
    const data = hourly([120, 180, null, 240]);
    const compare = hourly([100, 150, 160, 170], Date.parse('2026-12-01T10:00:00.000Z'));
    show(latencyTrend, result(latencyTrend.id, data, { compare }));
    const { element, chart } = await drawnChart('API latency p95 by hour');
    const [current, previous] = seriesOf(chart);
    expect(current).toMatchObject({ type: 'line', name: 'This period', data: [120, 180, null, 240] });
    expect(previous).toMatchObject({ type: 'line', name: 'Previous period', data: [100, 150, 160, 170], lineStyle: { type: 'dashed' } });
    const points = data.shape === 'series' ? data.points : [];
    expect(element.getAttribute('aria-label')).toBe(`API latency p95 by hour: 4 points from ${clock(points[0]?.t ?? '')} to ${clock(points[3]?.t ?? '')}; highest 240 ms at ${clock(points[3]?.t ?? '')}; latest 240 ms at ${clock(points[3]?.t ?? '')}.`);
    expect(await shownNumbers('API latency p95 by hour')).toEqual([
      ['Time', 'Value', 'Previous period'],
      [clock(points[0]?.t ?? ''), '120 ms', '100 ms'],
      [clock(points[1]?.t ?? ''), '180 ms', '150 ms'],
      [clock(points[2]?.t ?? ''), '—', '160 ms'],
      [clock(points[3]?.t ?? ''), '240 ms', '170 ms'],
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Hide numbers' }));
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('sparkline: the total of a count with its change, over a tiny line', async () => {
    show(eventsTodaySparkline, result(eventsTodaySparkline.id, hourly([5, 10, 15]), { compare: hourly([10, 10, 20]) }));
    expect(screen.getByTestId('widget-value').textContent).toBe('30');
    expect(screen.getByTestId('widget-delta').textContent).toBe('▼ −25% vs previous period (40)');
    const { chart } = await drawnChart('Events today by hour');
    expect(seriesOf(chart).map((series) => series.data)).toEqual([[5, 10, 15]]);
  });

  it('bar_chart: categories as horizontal bars, largest first', async () => {
    const items = [
      { key: 'b1', label: 'Berlin', value: 1200 },
      { key: 'b2', label: 'Lisbon', value: 800 },
      { key: 'b3', label: 'Oslo', value: 35 },
    ];
    show(eventsByBranch, result(eventsByBranch.id, { shape: 'categories', items }));
    const { element, chart } = await drawnChart('Events by branch, last 24 hours');
    const option = chart.getOption() as { xAxis: { minInterval?: number }[]; yAxis: { data: string[]; inverse: boolean }[]; series: DrawnSeries[] };
    expect(option.yAxis[0]).toMatchObject({ data: ['Berlin', 'Lisbon', 'Oslo'], inverse: true });
    // Whole numbers: no tick between two of them, which the format would round to a repeat.
    expect(option.xAxis[0]?.minInterval).toBe(1);
    expect(option.series[0]).toMatchObject({ type: 'bar', data: [1200, 800, 35] });
    expect(element.getAttribute('aria-label')).toBe('Events by branch, last 24 hours: 3 categories; largest Berlin with 1,200.');
    expect(await shownNumbers('Events by branch, last 24 hours')).toEqual([
      ['Name', 'Value'],
      ['Berlin', '1,200'],
      ['Lisbon', '800'],
      ['Oslo', '35'],
    ]);
  });

  it('pie_chart: one slice per category', async () => {
    const items = [
      { key: 'API_CALL', label: 'API_CALL', value: 900 },
      { key: 'PAGE_VIEW', label: 'PAGE_VIEW', value: 300 },
    ];
    show(eventsByTypeToday, result(eventsByTypeToday.id, { shape: 'categories', items }));
    const { chart } = await drawnChart('Events by type today');
    expect(seriesOf(chart)[0]).toMatchObject({
      type: 'pie',
      data: [
        { name: 'API_CALL', value: 900 },
        { name: 'PAGE_VIEW', value: 300 },
      ],
    });
  });

  it('heatmap: hour of day × weekday, Monday on top, and all 24 hours in its table', async () => {
    const cells = [
      { x: 9, y: 1, value: 340 },
      { x: 14, y: 3, value: 120 },
      { x: 23, y: 7, value: 4 },
    ];
    show(activityHeatmap, result(activityHeatmap.id, { shape: 'grid', cells }));
    const { element, chart } = await drawnChart('Activity by hour of day and weekday');
    expect(seriesOf(chart)[0]).toMatchObject({ type: 'heatmap', data: [[9, 0, 340], [14, 2, 120], [23, 6, 4]] });
    expect(element.getAttribute('aria-label')).toBe('Activity by hour of day and weekday: Busiest: Monday 09:00 UTC with 340.');
    const rows = await shownNumbers('Activity by hour of day and weekday');
    expect(rows[0]).toEqual(['Hour (UTC)', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(rows).toHaveLength(25);
    expect(rows[10]).toEqual(['09:00', '340', '0', '0', '0', '0', '0', '0']);
    expect(rows[15]).toEqual(['14:00', '0', '0', '120', '0', '0', '0', '0']);
    expect(rows[24]).toEqual(['23:00', '0', '0', '0', '0', '0', '0', '4']);
  });
});

describe('table', () => {
  it('rows: the columns and rows the server sent, ranked', () => {
    const data = { shape: 'rows' as const, columns: ['User', 'Events', 'Logins'], rows: [['Maya Manager', 1520, 3], ['Leo Leader', 980, null]] };
    show(mostActiveUsers, result(mostActiveUsers.id, data));
    const rows = within(screen.getByRole('table', { name: 'Most active users today' }))
      .getAllByRole('row')
      .map((row) => cellsOf(row));
    expect(rows).toEqual([
      ['#', 'User', 'Events', 'Logins'],
      ['1', 'Maya Manager', '1,520', '3'],
      ['2', 'Leo Leader', '980', '—'],
    ]);
  });

  it('categories: a two-column table, unranked when the options say so', () => {
    show(branchTable, result(branchTable.id, { shape: 'categories', items: [{ key: 'b1', label: 'Berlin', value: 12 }] }));
    const rows = within(screen.getByRole('table')).getAllByRole('row').map((row) => row.textContent);
    expect(rows).toEqual(['NameValue', 'Berlin12']);
  });
});

describe('numbers move in place', () => {
  it('a new result updates the same chart: same element, same ECharts instance, same SVG, new numbers, no skeleton', async () => {
    const first = result(latencyTrend.id, hourly([120, 180, 240]));
    const view = show(latencyTrend, first);
    const { element, chart } = await drawnChart('API latency p95 by hour');
    const svg = element.querySelector('svg');

    view.rerender(<WidgetView widget={latencyTrend} result={result(latencyTrend.id, hourly([130, 190, 260]), { asOf: '2026-12-02T10:15:31.000Z' })} loading={false} stale={false} onRetry={() => {}} />);

    expect(screen.getByRole('img', { name: /^API latency p95 by hour:/ })).toBe(element);
    expect(getInstanceByDom(element)).toBe(chart);
    expect(chart.isDisposed()).toBeFalsy();
    expect(element.querySelector('svg')).toBe(svg);
    expect(seriesOf(chart)[0]?.data).toEqual([130, 190, 260]);
    expect(element.getAttribute('aria-label')).toContain('highest 260 ms');
    expect(screen.queryByTestId('widget-skeleton')).toBeNull();
    expect(element.className).not.toMatch(/skeleton/);
  });

  it('a live update moves the slices of the same pie series instead of drawing a new pie from zero', async () => {
    const slices = (values: number[]) => result(eventsByTypeToday.id, { shape: 'categories', items: values.map((value, index) => ({ key: `T${index}`, label: `T${index}`, value })) });
    const view = show(eventsByTypeToday, slices([5, 3]));
    const { chart } = await drawnChart('Events by type today');
    // The series model ECharts keeps between updates: a new one means the pie was re-created (and sweeps in again).
    // getModel is ECharts-internal (not in its public types); the model's identity is what tells.
    const model = () => (chart as unknown as { getModel(): { getSeriesByIndex(index: number): unknown } }).getModel().getSeriesByIndex(0);
    const before = model();
    view.rerender(<WidgetView widget={eventsByTypeToday} result={slices([6, 3])} loading={false} stale={false} onRetry={() => {}} />);
    expect(model()).toBe(before);
    expect(seriesOf(chart)[0]?.data).toEqual([expect.objectContaining({ value: 6 }), expect.objectContaining({ value: 3 })]);
  });

  it('the previous period going away leaves one series on the same chart', async () => {
    const view = show(latencyTrend, result(latencyTrend.id, hourly([1, 2]), { compare: hourly([3, 4]) }));
    const { chart } = await drawnChart('API latency p95 by hour');
    expect(seriesOf(chart)).toHaveLength(2);
    view.rerender(<WidgetView widget={latencyTrend} result={result(latencyTrend.id, hourly([1, 5]))} loading={false} stale={false} onRetry={() => {}} />);
    expect(seriesOf(chart).map((series) => series.data)).toEqual([[1, 5]]);
  });
});
