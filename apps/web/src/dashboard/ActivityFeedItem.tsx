import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { formatRelativeTime, formatTimestamp, summarizeProperties } from './format.ts';

export function ActivityFeedItem({ event, now }: { event: ActivityEventView; now: number }) {
  const summary = summarizeProperties(event.type, event.properties);
  return (
    <li className="feed-item" data-event-id={event.id}>
      <span className="event-type" data-type={event.type}>
        {event.type}
      </span>
      <span className="event-user">{event.userId ?? 'anonymous'}</span>
      {summary && <span className="event-summary">{summary}</span>}
      <time className="event-time" dateTime={event.occurredAt} title={formatTimestamp(event.occurredAt)}>
        {formatRelativeTime(event.occurredAt, now)}
      </time>
    </li>
  );
}
