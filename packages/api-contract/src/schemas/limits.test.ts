import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './event-size.ts';
import { IngestBatchInput, IngestEvent } from './events.ts';
import { INGEST_LIMITS } from './limits.ts';

/** The issues of a rejected event as "path: message" lines, for readable assertions. */
function issuesOf(event: unknown): string[] {
  const result = IngestEvent.safeParse(event);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const custom = (properties: Record<string, unknown>) => ({ type: 'custom.limits', properties });

describe('ingest limits', () => {
  it('accepts an event just inside every limit', () => {
    const leaf = 'y'.repeat(INGEST_LIMITS.maxPropertyStringLength);
    const properties: Record<string, unknown> = { nested: { a: { b: { c: { d: { e: { f: leaf } } } } } } };
    for (let i = 1; i < INGEST_LIMITS.maxPropertyKeys; i++) properties[`k${i}`.padEnd(INGEST_LIMITS.maxPropertyKeyLength, '_')] = i;
    expect(IngestEvent.safeParse(custom(properties)).error?.issues ?? []).toEqual([]);
  });

  it('rejects a batch with more events than allowed, saying how to fix it', () => {
    const events = Array.from({ length: INGEST_LIMITS.maxEventsPerBatch + 1 }, () => custom({}));
    const result = IngestBatchInput.safeParse({ events });
    expect(result.error?.issues[0]?.message).toBe(`at most ${INGEST_LIMITS.maxEventsPerBatch} events per batch: split it into smaller batches`);
  });

  it('rejects an event over the byte limit, counting UTF-8 bytes', () => {
    // 4 strings of 4096 two-byte characters: 32 KiB as UTF-8 although only 16 Ki UTF-16 units.
    const wide = 'é'.repeat(INGEST_LIMITS.maxPropertyStringLength);
    expect(issuesOf(custom({ a: wide, b: wide, c: wide, d: wide }))).toEqual([
      expect.stringMatching(new RegExp(`^: event is \\d+ bytes as JSON; the limit is ${INGEST_LIMITS.maxEventBytes} bytes per event$`)),
    ]);
  });

  it('rejects too many properties', () => {
    const properties = Object.fromEntries(Array.from({ length: INGEST_LIMITS.maxPropertyKeys + 1 }, (_, i) => [`k${i}`, i]));
    expect(issuesOf(custom(properties))).toEqual([`properties: at most ${INGEST_LIMITS.maxPropertyKeys} properties per event`]);
  });

  it('rejects a property name that is too long, at any depth', () => {
    const name = 'n'.repeat(INGEST_LIMITS.maxPropertyKeyLength + 1);
    const message = `property names are at most ${INGEST_LIMITS.maxPropertyKeyLength} characters`;
    expect(issuesOf(custom({ [name]: 1 }))).toEqual([`properties.${name}: ${message}`]);
    expect(issuesOf(custom({ outer: { [name]: 1 } }))).toEqual([`properties.outer.${name}: ${message}`]);
  });

  it('rejects a long string value at any depth, pointing at it', () => {
    const long = 'x'.repeat(INGEST_LIMITS.maxPropertyStringLength + 1);
    expect(issuesOf(custom({ order: { lines: [{ note: long }] } }))).toEqual([
      `properties.order.lines.0.note: string of ${long.length} characters; property strings are at most ${INGEST_LIMITS.maxPropertyStringLength}`,
    ]);
  });

  it('rejects nesting deeper than allowed without overflowing on absurd depth', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(issuesOf(custom({ deep }))).toEqual([
      `properties.deep.0.0.0.0.0.0.0: properties nest at most ${INGEST_LIMITS.maxPropertyDepth} levels deep`,
    ]);
  });

  it('rejects identifiers and types over the length limit', () => {
    const long = 'u'.repeat(INGEST_LIMITS.maxIdLength + 1);
    expect(issuesOf({ type: 'custom.x', userId: long })).toEqual([`userId: at most ${INGEST_LIMITS.maxIdLength} characters`]);
    expect(issuesOf({ type: 'custom.x', sessionId: long })).toEqual([`sessionId: at most ${INGEST_LIMITS.maxIdLength} characters`]);
    expect(issuesOf({ type: long })).toContainEqual(`type: at most ${INGEST_LIMITS.maxIdLength} characters`);
  });
});

describe('utf8ByteLength', () => {
  it('matches TextEncoder for ASCII, 2-, 3- and 4-byte characters and lone surrogates', () => {
    for (const text of ['', 'plain', 'é', '€uro', '😀 ok', 'a\ud800b', '\udc00']) {
      expect(utf8ByteLength(text), text).toBe(new TextEncoder().encode(text).length);
    }
  });
});
