import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { formatRelativeTime, formatTimestamp, summarizeProperties } from './format.ts';
import feedStyles from './ActivityFeed.module.css';
import styles from './ActivityFeedItem.module.css';

export function ActivityFeedItem({ event, now }: { event: ActivityEventView; now: number }) {
  const summary = summarizeProperties(event.type, event.properties);
  return (
    <li className={feedStyles.item} data-event-id={event.id}>
      <span className={styles.type} data-type={event.type}>
        {event.type}
      </span>
      <span className={styles.user}>{event.userId ?? 'anonymous'}</span>
      {summary && <span className={styles.summary}>{summary}</span>}
      <time className={styles.time} dateTime={event.occurredAt} title={formatTimestamp(event.occurredAt)}>
        {formatRelativeTime(event.occurredAt, now)}
      </time>
    </li>
  );
}
