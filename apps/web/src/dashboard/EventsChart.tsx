import { useCallback } from 'react';
import type { DashboardSummary } from '@pulse/api-contract/schemas';
import type { LineChartOption } from './echarts.ts';
import { formatMinute } from './format.ts';
import { useLineChart } from './useLineChart.ts';
import type { ChartColors } from './useLineChart.ts';

type MinuteCount = DashboardSummary['eventsPerMinute'][number];

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
  const container = useLineChart(useCallback((colors: ChartColors) => buildOption(points, colors), [points]));

  return <div ref={container} className="chart" role="img" aria-label={description} />;
}
