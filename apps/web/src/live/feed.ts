import type { ActivityEventView } from '@pulse/api-contract/schemas';

/** The feed shows the latest 50 events, like `events.recent`'s default. */
export const FEED_LIMIT = 50;

function newestFirst(a: ActivityEventView, b: ActivityEventView): number {
  return (
    Date.parse(b.occurredAt) - Date.parse(a.occurredAt) ||
    Date.parse(b.receivedAt) - Date.parse(a.receivedAt) ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}

/**
 * Merges events into the feed: deduplicated by id (a live delta may repeat what the initial
 * query or a resumed stream already brought), newest first by occurrence, capped at `limit`.
 * Returns `current` itself when nothing new arrived, so React skips the render.
 */
export function mergeEvents(
  current: readonly ActivityEventView[],
  incoming: readonly ActivityEventView[],
  limit: number = FEED_LIMIT,
): readonly ActivityEventView[] {
  const seen = new Set(current.map((event) => event.id));
  const fresh: ActivityEventView[] = [];
  for (const event of incoming) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    fresh.push(event);
  }
  if (fresh.length === 0 && current.length <= limit) return current;
  return [...current, ...fresh].sort(newestFirst).slice(0, limit);
}
