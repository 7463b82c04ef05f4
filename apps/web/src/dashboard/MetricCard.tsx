import { formatCount } from './format.ts';
import styles from './MetricCard.module.css';

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
      className={stale ? `card ${styles.metric} is-stale` : `card ${styles.metric}`}
      aria-label={label}
      aria-busy={value === null}
      title={stale ? 'Not live: this number may be out of date.' : undefined}
    >
      <h2 className={styles.title}>
        {title}
        {stale && value !== null && <span className="stale-tag">stale</span>}
      </h2>
      {value === null ? (
        <span className={`skeleton ${styles.skeletonValue}`} aria-hidden="true" />
      ) : (
        <p className={styles.value} data-testid="metric-value">
          {formatCount(value)}
        </p>
      )}
      <p className={styles.hint}>{hint}</p>
    </article>
  );
}
