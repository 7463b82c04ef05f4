import type { JSX, ReactNode } from 'react';
import { WIDGET_SHAPES } from '@pulse/api-contract/schemas';
import type { Widget, WidgetData, WidgetResult } from '@pulse/api-contract/schemas';
import { DataTable } from './DataTable.tsx';
import { emptyHint, isEmpty, numbersTable } from './describe.ts';
import { formatAsOf } from './format.ts';
import { GaugeTarget, KpiCardBody, MetricCardBody, ProgressBarBody, SparklineHeadline } from './ScalarBodies.tsx';
import { WidgetChart } from './WidgetChart.tsx';
import type { DrillHandler } from './WidgetChart.tsx';
import styles from './WidgetView.module.css';

export type WidgetViewProps = {
  widget: Widget;
  /** Undefined: not loaded yet (a skeleton whether or not `loading`). */
  result: WidgetResult | undefined;
  /** The first load is in flight. */
  loading: boolean;
  /** The live stream is down: the last numbers stay, marked. */
  stale: boolean;
  /** The error state's retry. */
  onRetry: () => void;
  /** Controls at the end of the title bar (the export menu). */
  actions?: ReactNode;
  /** A click on a mark of the chart drills down (given only for a widget whose query drills). */
  onDrill?: DrillHandler | undefined;
};

const scalarOf = (data: WidgetData) => (data.shape === 'scalar' ? data.value : null);

/** The body of each type. The element types stay put across updates, so charts update in place. */
function WidgetBody({ widget, data, compare, onDrill }: { widget: Widget; data: WidgetData; compare: WidgetData | null; onDrill: DrillHandler | undefined }) {
  switch (widget.type) {
    case 'metric_card':
      return <MetricCardBody widget={widget} value={scalarOf(data)} compare={compare} />;
    case 'kpi_card':
      return <KpiCardBody widget={widget} value={scalarOf(data)} compare={compare} />;
    case 'progress_bar':
      return <ProgressBarBody widget={widget} value={scalarOf(data)} />;
    case 'table': {
      const showRank = widget.options.showRank && data.shape !== 'series';
      return <DataTable caption={widget.title} table={numbersTable(widget, data, null)} showRank={showRank} />;
    }
    case 'sparkline':
      return (
        <>
          <SparklineHeadline widget={widget} data={data} compare={compare} />
          <WidgetChart widget={widget} data={data} compare={compare} onDrill={onDrill} />
        </>
      );
    case 'gauge':
      return (
        <>
          <GaugeTarget widget={widget} />
          <WidgetChart widget={widget} data={data} compare={compare} />
        </>
      );
    case 'line_chart':
    case 'bar_chart':
    case 'pie_chart':
    case 'heatmap':
      return <WidgetChart key={widget.type} widget={widget} data={data} compare={compare} onDrill={onDrill} />;
  }
}

function ErrorBody({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className={styles.state} role="alert">
      <p>{message}</p>
      <button type="button" className="button button-quiet" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

function Content({ widget, result, onRetry, onDrill }: Pick<WidgetViewProps, 'widget' | 'result' | 'onRetry' | 'onDrill'>) {
  if (!result) return <div className={`skeleton ${styles.skeleton}`} data-testid="widget-skeleton" aria-hidden="true" />;
  if (result.error) return <ErrorBody message={result.error.message} onRetry={onRetry} />;
  const { data } = result;
  if (!data) return <ErrorBody message="The server sent no numbers for this widget." onRetry={onRetry} />;
  if (!WIDGET_SHAPES[widget.type].includes(data.shape)) return <ErrorBody message={`A ${widget.type} cannot draw ${data.shape} data.`} onRetry={onRetry} />;
  if (isEmpty(data)) {
    return (
      <p className={`${styles.state} ${styles.empty}`} data-testid="widget-empty">
        {emptyHint(widget.query)}
      </p>
    );
  }
  return <WidgetBody widget={widget} data={data} compare={result.compare} onDrill={onDrill} />;
}

/**
 * One widget of a dashboard as a card: its title, how current its numbers are, and its body
 * (loading, empty, error, or the numbers drawn the way its type says).
 */
/** Why the numbers on screen may be old: the live stream is down, or the server answered from what it had. */
function staleReasonOf(stale: boolean, result: WidgetResult | undefined): string | null {
  if (!result) return null;
  if (result.stale?.reason === 'redis_unavailable') return 'The live counters are unavailable: these numbers come from the last rollups and may be behind.';
  if (result.stale?.reason === 'postgres_unavailable') return 'The database is unavailable: these are the last numbers read, as of the time shown.';
  return stale ? 'Not live: these numbers may be out of date.' : null;
}

export function WidgetView({ widget, result, loading, stale, onRetry, actions, onDrill }: WidgetViewProps): JSX.Element {
  const staleReason = staleReasonOf(stale, result);
  const marked = staleReason !== null;
  return (
    <section
      className={`card ${styles.card} ${marked ? `is-stale ${styles.stale}` : ''}`}
      aria-label={widget.title}
      aria-busy={loading && result === undefined}
      data-widget-type={widget.type}
      title={staleReason ?? undefined}
    >
      <header className={styles.header}>
        <h2 className={styles.title}>{widget.title}</h2>
        {marked && <span className="stale-tag">stale</span>}
        {result && (
          <time className={styles.asOf} dateTime={result.asOf} title={result.asOf}>
            {formatAsOf(result.asOf, Date.now())}
          </time>
        )}
        {actions}
      </header>
      {widget.description && <p className={styles.description}>{widget.description}</p>}
      {result?.filtered === false && (
        <p className={styles.description} data-testid="widget-unfiltered">
          This widget ignores the filters: its source cannot be narrowed by them.
        </p>
      )}
      <div className={styles.body}>
        <Content widget={widget} result={result} onRetry={onRetry} onDrill={onDrill} />
      </div>
    </section>
  );
}
