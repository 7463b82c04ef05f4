import type { DashboardSummary } from '@pulse/api-contract/schemas';
import { MetricCard } from './MetricCard.tsx';
import styles from './MetricCards.module.css';

type Metric = {
  key: 'activeUsers' | 'apiCallsPerMinute' | 'loginsLastHour' | 'eventsToday';
  label: string;
  title: string;
  hint: string;
};

const METRICS: readonly Metric[] = [
  { key: 'activeUsers', label: 'Active users', title: 'Active users', hint: 'last 5 min' },
  { key: 'apiCallsPerMinute', label: 'API calls per minute', title: 'API calls', hint: 'this minute' },
  { key: 'loginsLastHour', label: 'Logins last hour', title: 'Logins', hint: 'last hour' },
  { key: 'eventsToday', label: 'Events today', title: 'Events today', hint: 'since 00:00 UTC' },
];

export function MetricCards({ summary, stale }: { summary: DashboardSummary | null; stale: boolean }) {
  return (
    <section className={styles.metrics} aria-label="Key numbers">
      {METRICS.map((metric) => (
        <MetricCard key={metric.key} label={metric.label} title={metric.title} hint={metric.hint} value={summary ? summary[metric.key] : null} stale={stale} />
      ))}
    </section>
  );
}
