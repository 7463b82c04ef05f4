import { lazy, Suspense, useMemo } from 'react';
import type { AlertDetail, AlertThreshold } from '@pulse/api-contract/schemas';
import { canDrawCanvas } from '../../dashboard/chart-summary.ts';
import { ErrorBoundary } from '../../ui/ErrorBoundary.tsx';
import { formatValue } from '../format.ts';

const ValueChart = lazy(() => import('./ValueChart.tsx').then((module) => ({ default: module.ValueChart })));

/** The chart in words: for screen readers, and where no canvas can draw it. */
function describeSeries(series: AlertDetail['series'], thresholds: AlertThreshold[]): string {
  const values = series.points.flatMap((point) => (point.value === null ? [] : [point.value]));
  if (values.length === 0) return 'No samples of the watched value in this period.';
  const limits = thresholds.map((threshold) => `${threshold.severity} ${formatValue(threshold.value)}`).join(', ');
  return `The watched value went from ${formatValue(Math.min(...values))} to ${formatValue(Math.max(...values))}; thresholds: ${limits}.`;
}

export function ValueChartPanel({ series, thresholds }: { series: AlertDetail['series']; thresholds: AlertThreshold[] }) {
  const canvas = useMemo(canDrawCanvas, []);
  const description = describeSeries(series, thresholds);
  if (!canvas) return <p className="chart-fallback">{description}</p>;
  return (
    <ErrorBoundary fallback={() => <p className="chart-fallback">{description} The chart could not load; reload the page to try again.</p>}>
      <Suspense fallback={<div className="skeleton skeleton-chart" aria-hidden="true" />}>
        <ValueChart series={series} thresholds={thresholds} description={description} />
      </Suspense>
    </ErrorBoundary>
  );
}
