import { useEffect, useRef } from 'react';
import type { DashboardSummary } from '@pulse/api-contract/schemas';
import { init } from './echarts.ts';
import type { EChartsType, LineChartOption } from './echarts.ts';
import { formatMinute } from './format.ts';
import { useColorScheme } from './useColorScheme.ts';

type MinuteCount = DashboardSummary['eventsPerMinute'][number];

type ChartColors = { line: string; area: string; text: string; grid: string; tooltipBg: string; tooltipText: string };

/** The chart takes its colours from the same CSS variables as the page (light or dark). */
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
  };
}

function buildOption(points: readonly MinuteCount[], colors: ChartColors): LineChartOption {
  return {
    animationDurationUpdate: 300,
    grid: { left: 8, right: 16, top: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      backgroundColor: colors.tooltipBg,
      borderColor: colors.grid,
      textStyle: { color: colors.tooltipText },
      valueFormatter: (value) => `${String(value)} events`,
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((point) => formatMinute(point.minute)),
      axisLabel: { color: colors.text, interval: 9 },
      axisLine: { lineStyle: { color: colors.grid } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: colors.text },
      splitLine: { lineStyle: { color: colors.grid } },
    },
    series: [
      {
        name: 'Events',
        type: 'line',
        data: points.map((point) => point.count),
        showSymbol: false,
        lineStyle: { width: 2, color: colors.line },
        itemStyle: { color: colors.line },
        areaStyle: { color: colors.area },
      },
    ],
  };
}

/** ECharts line of events per minute; resizes with its container, recolours with the theme. */
export function EventsChart({ points, description }: { points: readonly MinuteCount[]; description: string }) {
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
    chart.current.setOption(buildOption(points, readColors(element)));
    // `scheme` is read through the CSS variables, which follow prefers-color-scheme.
  }, [points, scheme]);

  return <div ref={container} className="chart" role="img" aria-label={description} />;
}
