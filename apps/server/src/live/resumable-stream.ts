import type { Redis } from 'ioredis';
import type { LiveItem } from '@pulse/api-contract/router';
import { AsyncInbox } from './async-inbox.ts';
import type { LiveHub } from './live-hub.ts';

/** Items a subscriber may fall behind by before it is told to reconnect and resume. */
export const INBOX_CAPACITY = 1000;

/** Redis stream ids are `<ms>-<seq>`; order them numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}

type Source<T> = {
  hub: LiveHub<LiveItem<T>>;
  redis: Redis;
  /** The Redis stream that keeps the recent items (field 1 of each entry is the item's JSON). */
  streamKey: string;
  /** What the hub listens on (an organization). */
  key: string;
};

/**
 * A live stream a client can resume: listens first, then loads what the client missed from the
 * Redis stream, then relays; ids already sent are skipped, so the seam between backlog and live
 * has neither gap nor duplicate.
 */
export async function* resumableStream<T>(source: Source<T>, lastEventId: string | null, signal: AbortSignal): AsyncGenerator<LiveItem<T>> {
  const inbox = new AsyncInbox<LiveItem<T>>(INBOX_CAPACITY);
  const stop = await source.hub.listen(source.key, (item) => inbox.push(item));
  try {
    let lastSent = lastEventId;
    if (lastEventId) {
      const entries = await source.redis.xrange(source.streamKey, `(${lastEventId}`, '+', 'COUNT', INBOX_CAPACITY);
      for (const [id, fields] of entries) {
        yield { id, data: JSON.parse(fields[1] ?? 'null') as T };
        lastSent = id;
      }
    }
    for await (const item of inbox.drain(signal)) {
      if (lastSent && compareStreamIds(item.id, lastSent) <= 0) continue;
      yield item;
      lastSent = item.id;
    }
  } finally {
    stop();
  }
}
