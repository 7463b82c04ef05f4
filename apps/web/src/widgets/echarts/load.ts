import type { init } from 'echarts/core';

export type ChartKind = 'line' | 'bar' | 'pie' | 'gauge' | 'heatmap';

/**
 * Each kind's modules in their own chunk (echarts/core shared among them): the main bundle holds
 * no ECharts at all, and a dashboard downloads only the chart types it shows. SVG, not canvas:
 * a dashboard has a dozen small charts, which SVG draws sharply and with less memory.
 */
export const chartLoaders: Record<ChartKind, () => Promise<{ init: typeof init }>> = {
  line: () => import('./line.ts'),
  bar: () => import('./bar.ts'),
  pie: () => import('./pie.ts'),
  gauge: () => import('./gauge.ts'),
  heatmap: () => import('./heatmap.ts'),
};

/** Looked up in `chartLoaders` at each call, so a test can make one kind's download fail. */
export function loadChart(kind: ChartKind): Promise<{ init: typeof init }> {
  return chartLoaders[kind]();
}
