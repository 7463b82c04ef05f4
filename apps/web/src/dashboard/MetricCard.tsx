import { formatCount } from './format.ts';

type Props = {
  /** The accessible name of the card, e.g. "API calls per minute". */
  label: string;
  title: string;
  hint: string;
  value: number | null;
  stale: boolean;
};

export function MetricCard({ label, title, hint, value, stale }: Props) {
  return (
    <article
      className={stale ? 'card metric is-stale' : 'card metric'}
      aria-label={label}
      aria-busy={value === null}
      title={stale ? 'Not live: this number may be out of date.' : undefined}
    >
      <h2 className="metric-title">
        {title}
        {stale && value !== null && <span className="stale-tag">stale</span>}
      </h2>
      {value === null ? (
        <span className="skeleton skeleton-value" aria-hidden="true" />
      ) : (
        <p className="metric-value" data-testid="metric-value">
          {formatCount(value)}
        </p>
      )}
      <p className="metric-hint">{hint}</p>
    </article>
  );
}
