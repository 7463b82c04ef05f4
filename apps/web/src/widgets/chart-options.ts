import type { BarSeriesOption, GaugeSeriesOption, HeatmapSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { Widget, WidgetData } from '@pulse/api-contract/schemas';
import type { ChartColors } from './chart-colors.ts';
import { hourLabel, WEEKDAYS } from './describe.ts';
import { formatValue, timeLabeller } from './format.ts';
import type { DisplayOptions } from './format.ts';
import type { ChartKind } from './echarts/load.ts';

export type WidgetChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GaugeSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export type ChartWidget = Extract<Widget, { type: 'line_chart' | 'sparkline' | 'bar_chart' | 'pie_chart' | 'gauge' | 'heatmap' }>;
type ChartType = ChartWidget['type'];

export const CHART_KIND: Record<ChartType, ChartKind> = {
  line_chart: 'line',
  sparkline: 'line',
  bar_chart: 'bar',
  pie_chart: 'pie',
  gauge: 'gauge',
  heatmap: 'heatmap',
};

type Series = Extract<WidgetData, { shape: 'series' }>;
type Categories = Extract<WidgetData, { shape: 'categories' }>;
type Grid = Extract<WidgetData, { shape: 'grid' }>;

const THIS_PERIOD = 'This period';
const PREVIOUS_PERIOD = 'Previous period';

function tooltip(colors: ChartColors, options: DisplayOptions, trigger: 'axis' | 'item'): TooltipComponentOption {
  return {
    trigger,
    confine: true,
    backgroundColor: colors.tooltipBg,
    borderColor: colors.grid,
    textStyle: { color: colors.tooltipText },
    valueFormatter: (value) => formatValue(typeof value === 'number' ? value : null, options),
  };
}

const GRID: GridComponentOption = { left: 8, right: 16, top: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };

/**
 * The finest tick step the number format can tell apart: without it a count up to 2 gets ticks at
 * 0.5 that the format rounds, and the axis reads 0, 1, 1, 2, 2. (Durations, bytes and compact
 * numbers change unit along the axis, so ECharts' own steps stay.)
 */
function finestStep(options: DisplayOptions): number | undefined {
  switch (options.numberFormat) {
    case 'integer':
      return 1;
    case 'decimal':
    case 'percent':
      return 10 ** -options.decimals;
    default:
      return undefined;
  }
}

function valueAxis(colors: ChartColors, options: DisplayOptions) {
  const step = finestStep(options);
  return {
    type: 'value' as const,
    ...(step === undefined ? {} : { minInterval: step }),
    axisLabel: { color: colors.muted, hideOverlap: true, formatter: (value: number) => formatValue(value, options) },
    splitLine: { lineStyle: { color: colors.grid } },
  };
}

function categoryAxis(colors: ChartColors, labels: string[]) {
  return {
    type: 'category' as const,
    data: labels,
    axisLabel: { color: colors.muted, hideOverlap: true },
    axisLine: { lineStyle: { color: colors.grid } },
    axisTick: { show: false },
  };
}

/** Names down the side, largest on top, cut short (whole in the tooltip and the table) to leave the bars room. */
function categoryNames(colors: ChartColors, labels: string[]) {
  const axis = categoryAxis(colors, labels);
  return { ...axis, inverse: true, axisLabel: { ...axis.axisLabel, width: 110, overflow: 'truncate' as const } };
}

/** The previous period's values, matched to this period's points by position. */
function previousValues(data: Series, compare: WidgetData | null): (number | null)[] | null {
  if (compare?.shape !== 'series') return null;
  return data.points.map((_, index) => compare.points[index]?.value ?? null);
}

function lineOption(widget: Extract<ChartWidget, { type: 'line_chart' }>, data: Series, compare: WidgetData | null, colors: ChartColors): WidgetChartOption {
  const label = timeLabeller(data.points.map((point) => point.t));
  const color = widget.options.color ?? colors.palette[0];
  const previous = previousValues(data, compare);
  const series: LineSeriesOption[] = [
    { name: THIS_PERIOD, type: 'line', data: data.points.map((point) => point.value), showSymbol: false, connectNulls: false, lineStyle: { width: 2, color }, itemStyle: { color } },
  ];
  if (previous) series.push({ name: PREVIOUS_PERIOD, type: 'line', data: previous, showSymbol: false, lineStyle: { width: 1.5, type: 'dashed', color: colors.compare }, itemStyle: { color: colors.compare } });
  return {
    animationDurationUpdate: 300,
    grid: { ...GRID, top: previous && widget.options.showLegend ? 32 : 16 },
    legend: { show: previous !== null && widget.options.showLegend, top: 0, textStyle: { color: colors.muted } },
    tooltip: tooltip(colors, widget.options, 'axis'),
    xAxis: { ...categoryAxis(colors, data.points.map((point) => label(point.t))), boundaryGap: false },
    yAxis: valueAxis(colors, widget.options),
    series,
  };
}

/** A trend with no axes: the card's headline number says the value, the line says the shape. */
function sparklineOption(widget: Extract<ChartWidget, { type: 'sparkline' }>, data: Series, colors: ChartColors): WidgetChartOption {
  const label = timeLabeller(data.points.map((point) => point.t));
  const color = widget.options.color ?? colors.palette[0];
  return {
    animationDurationUpdate: 300,
    grid: { left: 2, right: 2, top: 4, bottom: 2 },
    tooltip: tooltip(colors, widget.options, 'axis'),
    xAxis: { type: 'category', show: false, boundaryGap: false, data: data.points.map((point) => label(point.t)) },
    yAxis: { type: 'value', show: false, min: 'dataMin' },
    series: [{ name: THIS_PERIOD, type: 'line', data: data.points.map((point) => point.value), showSymbol: false, lineStyle: { width: 1.5, color }, itemStyle: { color }, areaStyle: { color, opacity: 0.15 } }],
  };
}

function barOption(widget: Extract<ChartWidget, { type: 'bar_chart' }>, data: Series | Categories, compare: WidgetData | null, colors: ChartColors): WidgetChartOption {
  const color = widget.options.color ?? colors.palette[0];
  const common = { animationDurationUpdate: 300, tooltip: tooltip(colors, widget.options, 'axis') };
  if (data.shape === 'categories') {
    // Horizontal bars: names of any length stay readable on a phone; the largest on top.
    return {
      ...common,
      grid: GRID,
      xAxis: { ...valueAxis(colors, widget.options), splitNumber: 3 },
      yAxis: categoryNames(colors, data.items.map((item) => item.label)),
      series: [{ name: widget.title, type: 'bar', data: data.items.map((item) => item.value), itemStyle: { color, borderRadius: [0, 4, 4, 0] }, barMaxWidth: 28 }],
    };
  }
  const label = timeLabeller(data.points.map((point) => point.t));
  const previous = previousValues(data, compare);
  const series: BarSeriesOption[] = [{ name: THIS_PERIOD, type: 'bar', data: data.points.map((point) => point.value), itemStyle: { color, borderRadius: [4, 4, 0, 0] }, barMaxWidth: 28 }];
  if (previous) series.push({ name: PREVIOUS_PERIOD, type: 'bar', data: previous, itemStyle: { color: colors.compare, borderRadius: [4, 4, 0, 0] }, barMaxWidth: 28 });
  return {
    ...common,
    grid: { ...GRID, top: previous && widget.options.showLegend ? 32 : 16 },
    legend: { show: previous !== null && widget.options.showLegend, top: 0, textStyle: { color: colors.muted } },
    xAxis: categoryAxis(colors, data.points.map((point) => label(point.t))),
    yAxis: valueAxis(colors, widget.options),
    series,
  };
}

function pieOption(widget: Extract<ChartWidget, { type: 'pie_chart' }>, data: Categories, colors: ChartColors): WidgetChartOption {
  const { donut, showLegend } = widget.options;
  return {
    animationDurationUpdate: 300,
    color: widget.options.color ? [widget.options.color, ...colors.palette] : colors.palette,
    tooltip: { ...tooltip(colors, widget.options, 'item') },
    legend: { show: showLegend, type: 'scroll', bottom: 0, textStyle: { color: colors.muted }, pageTextStyle: { color: colors.muted } },
    series: [
      {
        name: widget.title,
        type: 'pie',
        radius: donut ? ['45%', '70%'] : '70%',
        center: ['50%', showLegend ? '45%' : '50%'],
        // Labels crowd a small card; with a legend they are left to it and the tooltip.
        label: { show: !showLegend, color: colors.text },
        itemStyle: { borderColor: colors.surface, borderWidth: 2 },
        data: data.items.map((item) => ({ name: item.label, value: item.value ?? 0 })),
      },
    ],
  };
}

/** The dial's band coloured by the thresholds (each colour from its value up to the next). */
function gaugeBands(options: Extract<ChartWidget, { type: 'gauge' }>['options'], colors: ChartColors): [number, string][] {
  const { min, max, thresholds } = options;
  const span = max - min;
  const bands: [number, string][] = [];
  let color = options.color ?? colors.grid;
  for (const threshold of thresholds) {
    const at = (threshold.value - min) / span;
    if (at > 0 && at < 1) bands.push([at, color]);
    if (at < 1) color = threshold.color;
  }
  bands.push([1, color]);
  return bands;
}

function gaugeOption(widget: Extract<ChartWidget, { type: 'gauge' }>, value: number | null, colors: ChartColors): WidgetChartOption {
  const { options } = widget;
  const banded = options.thresholds.length > 0;
  const color = options.color ?? colors.palette[0];
  return {
    animationDurationUpdate: 300,
    series: [
      {
        name: widget.title,
        type: 'gauge',
        min: options.min,
        max: options.max,
        radius: '90%',
        center: ['50%', '58%'],
        startAngle: 200,
        endAngle: -20,
        progress: { show: !banded, width: 12, itemStyle: { color } },
        axisLine: { lineStyle: { width: 12, color: banded ? gaugeBands(options, colors) : [[1, colors.grid]] } },
        pointer: { show: banded, length: '60%', width: 5, itemStyle: { color: colors.text } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: banded, size: 10, itemStyle: { color: colors.text } },
        title: { show: false },
        detail: { valueAnimation: false, offsetCenter: [0, '35%'], fontSize: 22, fontWeight: 700, color: colors.text, formatter: (number: number) => formatValue(value === null ? null : number, options) },
        data: [{ value: value ?? options.min, name: widget.title }],
      },
    ],
  };
}

const DAY_SHORT = WEEKDAYS.map((day) => day.slice(0, 3));

function heatmapOption(widget: Extract<ChartWidget, { type: 'heatmap' }>, data: Grid, colors: ChartColors): WidgetChartOption {
  const max = data.cells.reduce((most, cell) => Math.max(most, cell.value), 0);
  return {
    animationDurationUpdate: 300,
    grid: { ...GRID, bottom: 40 },
    tooltip: {
      ...tooltip(colors, widget.options, 'item'),
      formatter: (params) => {
        const item = Array.isArray(params) ? params[0] : params;
        const [hour, day, count] = Array.isArray(item?.value) ? (item.value as number[]) : [];
        return `${WEEKDAYS[day ?? 0] ?? ''} ${hourLabel(hour ?? 0)} UTC: ${formatValue(count ?? null, widget.options)}`;
      },
    },
    xAxis: { ...categoryAxis(colors, Array.from({ length: 24 }, (_, hour) => hourLabel(hour))), splitArea: { show: false } },
    yAxis: { ...categoryAxis(colors, DAY_SHORT), inverse: true },
    visualMap: {
      min: 0,
      max: Math.max(max, 1),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      textStyle: { color: colors.muted },
      inRange: { color: [colors.surface, widget.options.color ?? colors.scales[widget.options.colorScale]] },
    },
    // Cells are [hour, weekday index from 0 (Monday), value]; the contract's weekday is ISO (1 = Monday).
    series: [{ name: widget.title, type: 'heatmap', data: data.cells.map((cell) => [cell.x, cell.y - 1, cell.value]), itemStyle: { borderColor: colors.surface, borderWidth: 1 } }],
  };
}

/** The ECharts option of a chart widget for its data (null: the data has a shape it cannot draw). */
export function chartOption(widget: ChartWidget, data: WidgetData, compare: WidgetData | null, colors: ChartColors): WidgetChartOption | null {
  switch (widget.type) {
    case 'line_chart':
      return data.shape === 'series' ? lineOption(widget, data, compare, colors) : null;
    case 'sparkline':
      return data.shape === 'series' ? sparklineOption(widget, data, colors) : null;
    case 'bar_chart':
      return data.shape === 'series' || data.shape === 'categories' ? barOption(widget, data, compare, colors) : null;
    case 'pie_chart':
      return data.shape === 'categories' ? pieOption(widget, data, colors) : null;
    case 'gauge':
      return data.shape === 'scalar' ? gaugeOption(widget, data.value, colors) : null;
    case 'heatmap':
      return data.shape === 'grid' ? heatmapOption(widget, data, colors) : null;
  }
}
