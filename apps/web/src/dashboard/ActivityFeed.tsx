import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { ActivityFeedItem } from './ActivityFeedItem.tsx';
import { EmptyFeed } from './EmptyFeed.tsx';
import { useNow } from './useNow.ts';
import styles from './ActivityFeed.module.css';

const SKELETON_ROWS = 6;

type Props = {
  events: readonly ActivityEventView[];
  /** For the ingest example of the empty state. */
  organizationSlug: string;
  loading: boolean;
  stale: boolean;
};

/** The latest events, newest first, as they arrive. */
export function ActivityFeed({ events, organizationSlug, loading, stale }: Props) {
  const now = useNow(15_000);
  return (
    <section className={stale ? 'card feed-card is-stale' : 'card feed-card'} aria-labelledby="feed-title" aria-busy={loading}>
      <div className="card-header">
        <h2 id="feed-title">Activity</h2>
        <span className="card-hint">newest first</span>
        {stale && !loading && <span className="stale-tag">stale</span>}
      </div>
      {loading ? (
        <ul className={styles.feed} aria-hidden="true">
          {Array.from({ length: SKELETON_ROWS }, (_, index) => (
            <li key={index} className={styles.item}>
              <span className={`skeleton ${styles.skeletonLine}`} />
            </li>
          ))}
        </ul>
      ) : events.length === 0 ? (
        <EmptyFeed organizationSlug={organizationSlug} />
      ) : (
        <ol className={styles.feed} aria-label="Activity feed">
          {events.map((event) => (
            <ActivityFeedItem key={event.id} event={event} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}
