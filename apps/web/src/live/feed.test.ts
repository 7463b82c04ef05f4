import { describe, expect, it } from 'vitest';
import { makeEvent } from '../test/fixtures.ts';
import { FEED_LIMIT, mergeEvents } from './feed.ts';

const ids = (events: readonly { id: string }[]) => events.map((event) => event.id);

describe('mergeEvents', () => {
  it('puts a delta (newest last) at the top of the feed, newest first', () => {
    const base = Date.now();
    const feed = [makeEvent(10, {}, base), makeEvent(20, {}, base)];
    const delta = [makeEvent(3, {}, base), makeEvent(1, {}, base)];
    expect(ids(mergeEvents(feed, delta))).toEqual(ids([makeEvent(1, {}, base), makeEvent(3, {}, base), ...feed]));
  });

  it('keeps one copy of an event that arrives twice', () => {
    const base = Date.now();
    const feed = [makeEvent(5, {}, base), makeEvent(6, {}, base)];
    const merged = mergeEvents(feed, [makeEvent(5, {}, base), makeEvent(4, {}, base), makeEvent(4, {}, base)]);
    expect(ids(merged)).toEqual(ids([makeEvent(4, {}, base), makeEvent(5, {}, base), makeEvent(6, {}, base)]));
  });

  it('returns the same array when nothing is new, so React does not re-render', () => {
    const feed = [makeEvent(1), makeEvent(2)];
    expect(mergeEvents(feed, [makeEvent(2)])).toBe(feed);
  });

  it('keeps only the latest 50, dropping the oldest', () => {
    const base = Date.now();
    const feed = Array.from({ length: FEED_LIMIT }, (_, index) => makeEvent(index + 10, {}, base));
    const merged = mergeEvents(feed, [makeEvent(1, {}, base), makeEvent(2, {}, base)]);
    expect(merged).toHaveLength(FEED_LIMIT);
    expect(merged[0]?.id).toBe(makeEvent(1, {}, base).id);
    expect(ids(merged)).not.toContain(makeEvent(FEED_LIMIT + 9, {}, base).id);
    expect(ids(merged)).not.toContain(makeEvent(FEED_LIMIT + 8, {}, base).id);
    expect(ids(merged)).toContain(makeEvent(FEED_LIMIT + 7, {}, base).id);
  });

  it('orders by occurrence across time zone offsets, not by string', () => {
    const early = makeEvent(1, { occurredAt: '2025-01-01T10:00:00+02:00' }); // 08:00Z
    const late = makeEvent(2, { occurredAt: '2025-01-01T09:00:00Z' });
    expect(ids(mergeEvents([], [early, late]))).toEqual([late.id, early.id]);
  });
});
