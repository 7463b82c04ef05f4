import type { AlertEventView } from '@pulse/api-contract/schemas';
import { formatDateTime, formatValue } from '../format.ts';
import styles from './AlertTimeline.module.css';

const KIND_LABELS: Record<AlertEventView['kind'], string> = {
  pending: 'Condition started holding',
  triggered: 'Triggered',
  severity_raised: 'Severity raised',
  severity_lowered: 'Severity lowered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  silenced: 'Silenced',
  unsilenced: 'Silence ended',
  nodata: 'No data',
  data_restored: 'Data back',
  notified: 'Notified',
};

/** The alert's events, oldest first. */
export function AlertTimeline({ events }: { events: AlertEventView[] }) {
  if (events.length === 0) return <p className="muted">Nothing happened to this alert yet.</p>;
  return (
    <ol className={styles.timeline} aria-label="Alert timeline">
      {events.map((event) => (
        <li key={event.id}>
          <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          <span className={styles.kind}>{KIND_LABELS[event.kind]}</span>
          {event.severity && <span className={`severity severity-${event.severity}`}>{event.severity}</span>}
          {event.value !== null && <span className="muted">value {formatValue(event.value)}</span>}
          {event.actor && <span className="muted">by {event.actor.name}</span>}
          {event.comment && <q>{event.comment}</q>}
        </li>
      ))}
    </ol>
  );
}
