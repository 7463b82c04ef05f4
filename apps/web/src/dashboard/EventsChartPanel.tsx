import { lazy, Suspense, useMemo, useState } from 'react';
import type { DashboardSummary } from '@pulse/api-contract/schemas';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { canDrawCanvas, describeEventsPerMinute } from './chart-summary.ts';

// ECharts is most of the bundle: it loads in its own chunk, after the numbers are on screen.
const loadChart = () => import('./EventsChart.tsx').then((module) => ({ default: module.EventsChart }));

export function EventsChartPanel({ summary, stale }: { summary: DashboardSummary | null; stale: boolean }) {
  const canvas = useMemo(canDrawCanvas, []);
  // A chunk that failed to load (server restarting, new deploy) is asked for again on retry;
  // `lazy` remembers a failure, so each attempt gets its own.
  const [attempt, setAttempt] = useState(0);
  const EventsChart = useMemo(() => lazy(loadChart), [attempt]);
  const points = summary?.eventsPerMinute ?? null;
  const description = points ? describeEventsPerMinute(points) : '';
  return (
    <section className={stale ? 'card chart-card is-stale' : 'card chart-card'} aria-labelledby="events-chart-title" aria-busy={points === null}>
      <div className="card-header">
        <h2 id="events-chart-title">Events per minute</h2>
        <span className="card-hint">last hour</span>
        {stale && points !== null && <span className="stale-tag">stale</span>}
      </div>
      {points === null ? (
        <div className="skeleton skeleton-chart" aria-hidden="true" />
      ) : canvas ? (
        <ErrorBoundary
          fallback={(reset) => (
            <div className="chart-fallback">
              <p>{description}</p>
              <p>
                The chart could not load.{' '}
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => {
                    setAttempt((value) => value + 1);
                    reset();
                  }}
                >
                  Load the chart
                </button>
              </p>
            </div>
          )}
        >
          <Suspense fallback={<div className="skeleton skeleton-chart" aria-hidden="true" />}>
            <EventsChart points={points} description={description} />
          </Suspense>
        </ErrorBoundary>
      ) : (
        <p className="chart-fallback">{description}</p>
      )}
    </section>
  );
}
