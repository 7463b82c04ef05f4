import { describe, expect, it } from 'vitest';
import { mapSegmentMessages, pulseTypeOf, segmentIssuePath, uuidV5 } from './segment-mapping.ts';

const ORG = '0b5c3f1e-8a43-4e1d-9a4c-3f2e1d0c9b8a';

describe('uuidV5', () => {
  it('matches the RFC 9562 example (DNS namespace, www.example.com)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives another id for the same messageId in another organization', () => {
    expect(uuidV5(ORG, 'm-1')).not.toBe(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'm-1'));
  });
});

describe('pulseTypeOf', () => {
  it('keeps built-in and custom names, prefixes the rest and replaces what a type cannot hold', () => {
    expect(pulseTypeOf('USER_LOGIN')).toBe('USER_LOGIN');
    expect(pulseTypeOf('custom.order')).toBe('custom.order');
    expect(pulseTypeOf('Order Completed')).toBe('custom.Order Completed');
    expect(pulseTypeOf('Signed up! 🎉/web')).toBe('custom.Signed up_ __web');
    expect(pulseTypeOf('x'.repeat(300))).toHaveLength('custom.'.length + 100);
  });
});

describe('mapSegmentMessages', () => {
  it('keeps a uuid messageId, derives one otherwise, and falls back from userId to anonymousId', () => {
    const uuid = crypto.randomUUID();
    const mapped = mapSegmentMessages(ORG, [
      { type: 'track', event: 'A', messageId: uuid.toUpperCase(), userId: 'u1' },
      { type: 'track', event: 'B', messageId: 'm-2', anonymousId: 'anon-2' },
      { type: 'identify', userId: 'u1' },
      { type: 'page', userId: 'u1', properties: { title: 'Kept' }, name: 'Ignored as title' },
    ]);
    expect(mapped.ignored).toBe(1);
    expect(mapped.sources).toEqual([0, 1, 3]);
    expect(mapped.events[0]).toMatchObject({ id: uuid, type: 'custom.A', userId: 'u1', properties: { segment: { event: 'A' } } });
    expect(mapped.events[1]).toMatchObject({ id: uuidV5(ORG, 'm-2'), userId: 'anon-2', properties: { segment: { anonymousId: 'anon-2', messageId: 'm-2' } } });
    expect(mapped.events[2]).toMatchObject({ type: 'PAGE_VIEW', properties: { path: '(unknown)', title: 'Kept' } });
  });

  it('points issues of mapped events back at the message and its Segment field', () => {
    expect(segmentIssuePath(['events', 1, 'occurredAt'], [0, 3], true)).toEqual(['batch', 3, 'timestamp']);
    expect(segmentIssuePath(['events', 0, 'properties', 'route'], [2], true)).toEqual(['batch', 2, 'properties', 'route']);
    expect(segmentIssuePath(['events', 0, 'id'], [0], false)).toEqual(['messageId']);
  });
});
