import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { ECElementEvent, EChartsType } from 'echarts/core';
import { readChartColors } from './chart-colors.ts';
import type { ChartColors } from './chart-colors.ts';
import type { WidgetChartOption } from './chart-options.ts';
import { loadChart } from './echarts/load.ts';
import type { ChartKind } from './echarts/load.ts';
import { useColorScheme } from './useColorScheme.ts';

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

type EChart = {
  container: RefObject<HTMLDivElement | null>;
  ready: boolean;
  /** The chart's modules did not load (server restarting, new deploy). */
  failed: boolean;
  retry: () => void;
};

/**
 * One ECharts instance in the returned container, created once: new numbers go in with
 * setOption (ECharts animates the change), never a new instance, so a live update or a refetch
 * moves the chart in place. It resizes with its container and recolours with the theme.
 * `buildOption` is applied whenever it changes: memoize it on its data. `onMarkClick` hears a
 * click on a mark of the first series (a bar, slice, cell or point: its `dataIndex`); the
 * previous period's marks are not this period's items, so they do not answer.
 */
export function useEChart(kind: ChartKind, buildOption: (colors: ChartColors) => WidgetChartOption, onMarkClick?: (dataIndex: number) => void): EChart {
  const container = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const scheme = useColorScheme();

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let instance: EChartsType | null = null;
    let observer: ResizeObserver | null = null;
    let unmounted = false;
    loadChart(kind).then(
      ({ init }) => {
        if (unmounted) return;
        instance = init(element, null, { renderer: 'svg' });
        observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => instance?.resize()) : null;
        observer?.observe(element);
        setChart(instance);
      },
      (error: unknown) => {
        console.error('Pulse: a chart could not load', error);
        if (!unmounted) setFailed(true);
      },
    );
    return () => {
      unmounted = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, [kind, attempt]);

  useEffect(() => {
    const element = container.current;
    if (!chart || !element) return;
    // `replaceMerge` drops a series the new option no longer has (the previous period going away).
    // It matches series by id only: without one, every update would re-create them, and a pie
    // or gauge would sweep in from zero again on each live frame (and on a light/dark switch).
    const option = buildOption(readChartColors(element));
    const series = [option.series ?? []].flat().map((entry, index) => ({ ...entry, id: entry.id ?? String(entry.name ?? index) }));
    chart.setOption({ animation: !prefersReducedMotion(), ...option, series }, { replaceMerge: ['series'] });
    // `scheme` is read through the CSS variables, which follow prefers-color-scheme.
  }, [chart, buildOption, scheme]);

  const markClick = useRef(onMarkClick);
  markClick.current = onMarkClick;
  useEffect(() => {
    if (!chart) return;
    const onClick = (event: ECElementEvent) => {
      if (event.componentType === 'series' && event.seriesIndex === 0 && typeof event.dataIndex === 'number') markClick.current?.(event.dataIndex);
    };
    chart.on('click', onClick);
    return () => {
      if (!chart.isDisposed()) chart.off('click', onClick);
    };
  }, [chart]);

  const retry = useCallback(() => {
    setFailed(false);
    setAttempt((value) => value + 1);
  }, []);

  return { container, ready: chart !== null, failed, retry };
}
