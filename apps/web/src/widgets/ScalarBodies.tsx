import type { Widget, WidgetData } from '@pulse/api-contract/schemas';
import { change, formatChange, formatPercent, formatValue, thresholdColor, thresholdLabel } from './format.ts';
import type { DisplayOptions } from './format.ts';
import styles from './WidgetView.module.css';

type Tone = 'good' | 'bad' | 'neutral';

/** A number against the previous period: "+12% vs previous period (73)". */
function Delta({ current, previous, options, higherIsBetter }: { current: number; previous: number; options: DisplayOptions; higherIsBetter: boolean | null }) {
  const moved = change(current, previous);
  const tone: Tone = higherIsBetter === null || moved.direction === 'flat' ? 'neutral' : (moved.direction === 'up') === higherIsBetter ? 'good' : 'bad';
  const arrow = moved.direction === 'up' ? '▲' : moved.direction === 'down' ? '▼' : '';
  return (
    <p className={`${styles.delta} ${styles[tone]}`} data-testid="widget-delta">
      <span aria-hidden="true">{arrow} </span>
      {formatChange(moved)} vs previous period ({formatValue(previous, options)})
    </p>
  );
}

function previousScalar(compare: WidgetData | null): number | null {
  return compare?.shape === 'scalar' ? compare.value : null;
}

/** The headline number, coloured by the threshold it reaches (whose label says it in words too). */
function BigNumber({ value, options, color }: { value: number | null; options: DisplayOptions; color?: string | undefined }) {
  const label = thresholdLabel(value, options);
  return (
    <p className={styles.big} data-testid="widget-value">
      <span style={{ color: color ?? thresholdColor(value, options) }}>{formatValue(value, options)}</span>
      {label && <span className={styles.thresholdLabel}> {label}</span>}
    </p>
  );
}

export function MetricCardBody({ widget, value, compare }: { widget: Extract<Widget, { type: 'metric_card' }>; value: number | null; compare: WidgetData | null }) {
  const previous = previousScalar(compare);
  return (
    <div className={styles.scalar}>
      <BigNumber value={value} options={widget.options} />
      {value !== null && previous !== null && <Delta current={value} previous={previous} options={widget.options} higherIsBetter={null} />}
    </div>
  );
}

/**
 * Actual against target, and against the previous period. Without thresholds the number is
 * green once it meets the target (below it, for lower-is-better KPIs), amber before.
 */
export function KpiCardBody({ widget, value, compare }: { widget: Extract<Widget, { type: 'kpi_card' }>; value: number | null; compare: WidgetData | null }) {
  const { options } = widget;
  const previous = previousScalar(compare);
  const met = value !== null && (options.higherIsBetter ? value >= options.target : value <= options.target);
  const ownColor = thresholdColor(value, options);
  return (
    <div className={styles.scalar}>
      <BigNumber value={value} options={options} color={ownColor ?? (value === null ? undefined : met ? 'var(--live)' : 'var(--warn)')} />
      <p className={styles.target} data-testid="widget-target">
        Target {formatValue(options.target, options)}
        {value !== null && options.target !== 0 && ` · ${formatPercent(value / options.target)} of target`}
        {value !== null && <span className={met ? styles.good : styles.bad}>{met ? ' · met' : ' · not yet'}</span>}
      </p>
      {value !== null && previous !== null && <Delta current={value} previous={previous} options={options} higherIsBetter={options.higherIsBetter} />}
    </div>
  );
}

/** Plain DOM: a bar is no reason to load a chart library. */
export function ProgressBarBody({ widget, value }: { widget: Extract<Widget, { type: 'progress_bar' }>; value: number | null }) {
  const { options } = widget;
  const current = value ?? 0;
  const ratio = Math.max(0, current / options.target);
  const text = `${formatValue(value, options)} of ${formatValue(options.target, options)} (${formatPercent(ratio)})`;
  return (
    <div className={styles.scalar}>
      <p className={styles.progressText}>{text}</p>
      <div
        className={styles.track}
        role="progressbar"
        aria-label={widget.title}
        aria-valuemin={0}
        aria-valuemax={options.target}
        aria-valuenow={current}
        aria-valuetext={text}
      >
        <div className={styles.fill} style={{ width: `${Math.min(ratio, 1) * 100}%`, background: thresholdColor(value, options) ?? 'var(--accent)' }} />
      </div>
    </div>
  );
}

/** Measures whose points add up (a count per hour makes a total); a latency per hour does not. */
function isAdditive(widget: Extract<Widget, { type: 'sparkline' }>): boolean {
  const { query } = widget;
  if (query.source === 'counters') return true;
  return query.source === 'activity' && (query.measure.kind === 'count' || query.measure.kind === 'sum');
}

const sum = (data: WidgetData | null) => (data?.shape === 'series' ? data.points.reduce((total, point) => total + (point.value ?? 0), 0) : null);
const latest = (data: WidgetData | null) => (data?.shape === 'series' ? (data.points.findLast((point) => point.value !== null)?.value ?? null) : null);

/** The sparkline's number: the period's total when its points add up, else the latest point. */
export function SparklineHeadline({ widget, data, compare }: { widget: Extract<Widget, { type: 'sparkline' }>; data: WidgetData; compare: WidgetData | null }) {
  const additive = isAdditive(widget);
  const value = additive ? sum(data) : latest(data);
  const previous = additive ? sum(compare) : latest(compare);
  return (
    <div className={styles.sparkHead}>
      <BigNumber value={value} options={widget.options} />
      <span className={styles.target}>{additive ? 'in all' : 'latest'}</span>
      {value !== null && previous !== null && <Delta current={value} previous={previous} options={widget.options} higherIsBetter={null} />}
    </div>
  );
}

export function GaugeTarget({ widget }: { widget: Extract<Widget, { type: 'gauge' }> }) {
  const { options } = widget;
  return (
    <p className={styles.target}>
      {formatValue(options.min, options)} to {formatValue(options.max, options)}
      {options.target !== undefined && ` · target ${formatValue(options.target, options)}`}
    </p>
  );
}
