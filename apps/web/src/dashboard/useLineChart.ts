import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { init } from './echarts.ts';
import type { EChartsType, LineChartOption } from './echarts.ts';
import { useColorScheme } from '../widgets/useColorScheme.ts';

export type ChartColors = { line: string; area: string; text: string; grid: string; tooltipBg: string; tooltipText: string; danger: string };

/** Charts take their colours from the same CSS variables as the page (light or dark). */
function readColors(element: Element): ChartColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    line: read('--chart-line', '#2563eb'),
    area: read('--chart-area', 'rgba(37, 99, 235, 0.15)'),
    text: read('--text-muted', '#64748b'),
    grid: read('--border', '#e2e8f0'),
    tooltipBg: read('--surface', '#ffffff'),
    tooltipText: read('--text', '#0f172a'),
    danger: read('--danger', '#b42318'),
  };
}

/**
 * An ECharts instance in the returned container: resizes with it, recolours with the theme,
 * and takes a new option whenever `buildOption` changes (memoize it on its data).
 */
export function useLineChart(buildOption: (colors: ChartColors) => LineChartOption): RefObject<HTMLDivElement | null> {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const scheme = useColorScheme();

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => instance.resize()) : null;
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const element = container.current;
    if (!element || !chart.current) return;
    chart.current.setOption(buildOption(readColors(element)));
    // `scheme` is read through the CSS variables, which follow prefers-color-scheme.
  }, [buildOption, scheme]);

  return container;
}
