import { useCallback } from 'react';
import type { AlertDetail, AlertThreshold } from '@pulse/api-contract/schemas';
import type { LineChartOption } from '../../dashboard/echarts.ts';
import { useLineChart } from '../../dashboard/useLineChart.ts';
import type { ChartColors } from '../../dashboard/useLineChart.ts';
import styles from './ValueChart.module.css';

type Series = AlertDetail['series'];
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function buildOption(series: Series, thresholds: AlertThreshold[], colors: ChartColors): LineChartOption {
  const from = Date.parse(series.from);
  const to = Date.parse(series.to);
  return {
    // Drawn at once: it is looked at right after opening the alert (and screenshotted by the browser test).
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { trigger: 'axis', backgroundColor: colors.tooltipBg, borderColor: colors.grid, textStyle: { color: colors.tooltipText } },
    // A time axis over the whole period: a sample near its end is drawn inside the chart, not on its edge.
    xAxis: {
      type: 'time',
      min: from,
      max: to,
      axisLabel: { color: colors.text, formatter: (value: number) => time.format(new Date(value)) },
      axisLine: { lineStyle: { color: colors.grid } },
      axisTick: { show: false },
      splitLine: { show: false },
    },
    yAxis: { type: 'value', axisLabel: { color: colors.text }, splitLine: { lineStyle: { color: colors.grid } } },
    series: [
      {
        name: 'Value',
        type: 'line',
        data: series.points.map((point) => [Date.parse(point.t), point.value]),
        connectNulls: false,
        // A few samples between empty steps would draw no line at all: show each point.
        showSymbol: true,
        showAllSymbol: true,
        symbolSize: 6,
        lineStyle: { width: 2, color: colors.line },
        itemStyle: { color: colors.line },
        areaStyle: { color: colors.area },
      },
      // Each threshold as a flat dashed line, so the crossing is visible.
      ...thresholds.map((threshold) => ({
        name: `${threshold.severity} threshold`,
        type: 'line' as const,
        data: [
          [from, threshold.value],
          [to, threshold.value],
        ],
        showSymbol: false,
        lineStyle: { width: 1, type: 'dashed' as const, color: colors.danger },
        itemStyle: { color: colors.danger },
      })),
    ],
  };
}

/** The watched value around the alert against the rule's thresholds (loaded lazily: ECharts is most of the bundle). */
export function ValueChart({ series, thresholds, description }: { series: Series; thresholds: AlertThreshold[]; description: string }) {
  const container = useLineChart(useCallback((colors: ChartColors) => buildOption(series, thresholds, colors), [series, thresholds]));
  return <div ref={container} className={`chart ${styles.chart}`} role="img" aria-label={description} />;
}
