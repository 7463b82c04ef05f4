import type { Redis } from 'ioredis';
import { ConflictError, InvalidInputError } from '@pulse/api-contract/errors';
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

/** How much a resume may replay (LIVE_RESUME_MAX_ITEMS / LIVE_RESUME_MAX_BYTES). */
export type ResumeLimits = { maxItems: number; maxBytes: number };

export const DEFAULT_RESUME_LIMITS: ResumeLimits = { maxItems: 500, maxBytes: 2_097_152 };

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;
/** Missed entries are read in pages, so a resume past the limit reads little more than the limit. */
const RESUME_PAGE = 100;

/** A client too far behind to be caught up by replay: it must reload, then subscribe afresh. */
export class ResumeTooFarBehind extends ConflictError {
  override name = 'ResumeTooFarBehind';
}

/**
 * Whether entries after `lastEventId` may have been trimmed away (the stream keeps a bounded
 * number): some entries were removed and the oldest one kept is newer than the client's id.
 * Conservative: a client whose id was exactly the last one trimmed is sent to reload too.
 */
async function trimmedAfter(redis: Redis, streamKey: string, lastEventId: string): Promise<boolean> {
  const info = (await redis.call('XINFO', 'STREAM', streamKey).catch(() => null)) as unknown[] | null;
  if (!info) return false;
  const field = (name: string) => {
    const at = info.indexOf(name);
    return at >= 0 ? info[at + 1] : undefined;
  };
  const removed = Number(field('entries-added') ?? 0) > Number(field('length') ?? 0);
  const firstEntry = field('first-entry');
  const oldest = Array.isArray(firstEntry) ? String(firstEntry[0]) : null;
  return removed && oldest !== null && compareStreamIds(oldest, lastEventId) > 0;
}

/**
 * What the client missed since `lastEventId`, at most `limits` of it. Throws ResumeTooFarBehind
 * when more was missed or when entries after its id were trimmed away: replaying everything to
 * a client that was gone for long would let a few resumes pull the whole stream into memory.
 */
async function missedSince(redis: Redis, streamKey: string, lastEventId: string, limits: ResumeLimits): Promise<[string, string[]][]> {
  if (!STREAM_ID.test(lastEventId)) throw new InvalidInputError('lastEventId is not an id this stream gave out.', [{ path: ['lastEventId'], message: 'Expected "<ms>-<seq>".' }]);
  const tooFar = () =>
    new ResumeTooFarBehind(`More than ${limits.maxItems} changes (or ${limits.maxBytes} bytes) were missed since ${lastEventId}: reload, then subscribe without lastEventId.`);
  if (await trimmedAfter(redis, streamKey, lastEventId)) throw tooFar();
  const missed: [string, string[]][] = [];
  let bytes = 0;
  let cursor = lastEventId;
  for (;;) {
    const page = (await redis.xrange(streamKey, `(${cursor}`, '+', 'COUNT', RESUME_PAGE)) as [string, string[]][];
    for (const entry of page) {
      bytes += entry[1].reduce((sum, field) => sum + field.length, 0);
      missed.push(entry);
      if (missed.length > limits.maxItems || bytes > limits.maxBytes) throw tooFar();
    }
    const last = page.at(-1);
    if (!last || page.length < RESUME_PAGE) return missed;
    cursor = last[0];
  }
}

type Source<T> = {
  hub: LiveHub<LiveItem<T>>;
  redis: Redis;
  /** The Redis stream that keeps the recent items (field 1 of each entry is the item's JSON). */
  streamKey: string;
  /** What the hub listens on (an organization). */
  key: string;
  resume?: ResumeLimits;
};

/**
 * A live stream a client can resume: listens first, then loads what the client missed from the
 * Redis stream, then relays; ids already sent are skipped, so the seam between backlog and live
 * has neither gap nor duplicate. A client further behind than `source.resume` allows gets
 * ResumeTooFarBehind (409) instead of the backlog.
 */
export async function* resumableStream<T>(source: Source<T>, lastEventId: string | null, signal: AbortSignal): AsyncGenerator<LiveItem<T>> {
  const inbox = new AsyncInbox<LiveItem<T>>(INBOX_CAPACITY);
  const stop = await source.hub.listen(source.key, (item) => inbox.push(item));
  try {
    let lastSent = lastEventId;
    if (lastEventId) {
      const entries = await missedSince(source.redis, source.streamKey, lastEventId, source.resume ?? DEFAULT_RESUME_LIMITS);
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
