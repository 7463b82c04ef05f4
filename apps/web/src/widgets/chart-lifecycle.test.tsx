import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { getInstanceByDom } from 'echarts/core';
import type { EChartsType } from 'echarts/core';
import { afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { chartLoaders, loadChart } from './echarts/load.ts';
import { WidgetView } from './WidgetView.tsx';
import { hourly, latencyTrend, result } from './widget-fixtures.ts';

beforeAll(async () => {
  await loadChart('line');
}, 60_000);

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(480);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(240);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const TITLE = /^API latency p95 by hour:/;

function showTrend() {
  return render(<WidgetView widget={latencyTrend} result={result(latencyTrend.id, hourly([120, 180, 240]))} loading={false} stale={false} onRetry={() => {}} />);
}

async function drawn(): Promise<{ element: HTMLElement; chart: EChartsType }> {
  const element = screen.getByRole('img', { name: TITLE });
  const chart = await waitFor(() => {
    const instance = getInstanceByDom(element);
    expect(instance?.getOption()).toBeDefined();
    return instance as EChartsType;
  });
  return { element, chart };
}

const lineColor = (chart: EChartsType) => (chart.getOption() as { series: { lineStyle: { color: string } }[] }).series[0]?.lineStyle.color;

it('offers to load the chart again when its modules did not download, and then draws it', async () => {
  // What a chunk that does not download looks like (the loaders are real otherwise).
  vi.spyOn(chartLoaders, 'line').mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'));
  vi.spyOn(console, 'error').mockImplementation(() => {});
  showTrend();
  const again = await screen.findByRole('button', { name: 'Load the chart' });
  // The numbers stay reachable while the chart is away.
  expect(screen.getByRole('button', { name: 'Show numbers' })).toBeDefined();
  await userEvent.click(again);
  const { chart } = await drawn();
  expect((chart.getOption() as { series: { data: number[] }[] }).series[0]?.data).toEqual([120, 180, 240]);
  expect(screen.queryByRole('button', { name: 'Load the chart' })).toBeNull();
});

it('resizes the chart when its card changes size', async () => {
  const observers: { callback: ResizeObserverCallback; targets: Element[] }[] = [];
  vi.stubGlobal(
    'ResizeObserver',
    class {
      targets: Element[] = [];
      callback: ResizeObserverCallback;
      constructor(callback: ResizeObserverCallback) {
        this.callback = callback;
        observers.push(this);
      }
      observe(target: Element) {
        this.targets.push(target);
      }
      disconnect() {}
      unobserve() {}
    },
  );
  showTrend();
  const { element, chart } = await drawn();
  const resize = vi.spyOn(chart, 'resize');
  const observer = observers.find((candidate) => candidate.targets.includes(element));
  expect(observer).toBeDefined();
  act(() => observer?.callback([], observer as unknown as ResizeObserver));
  expect(resize).toHaveBeenCalledTimes(1);
});

it('recolours the same chart from the CSS variables when the system turns dark', async () => {
  let dark = false;
  const listeners = new Set<() => void>();
  vi.stubGlobal('matchMedia', (query: string) => ({
    get matches() {
      return query === '(prefers-color-scheme: dark)' && dark;
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  }));
  showTrend();
  const { element, chart } = await drawn();
  expect(lineColor(chart)).not.toBe('#6d9dff');

  element.style.setProperty('--widget-series-1', '#6d9dff');
  dark = true;
  act(() => listeners.forEach((listener) => listener()));

  expect(getInstanceByDom(element)).toBe(chart);
  expect(lineColor(chart)).toBe('#6d9dff');
});
