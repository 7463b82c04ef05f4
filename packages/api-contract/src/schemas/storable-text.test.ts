import { describe, expect, it } from 'vitest';
import { isStorableText, unstorableTextIssue } from './storable-text.ts';

describe('storable text', () => {
  it('accepts ordinary text, emoji (paired surrogates) and empty strings', () => {
    for (const text of ['', 'Grüße', '😀 done', 'tab\tnew\nline', '\u0001']) expect(isStorableText(text)).toBe(true);
  });

  it('refuses NUL and unpaired surrogates, wherever they sit', () => {
    for (const text of ['\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\ude00\ud83d', 'end\ud83d']) expect(isStorableText(text)).toBe(false);
  });

  it('names the path of the first bad string or key in nested input', () => {
    expect(unstorableTextIssue({ events: [{ type: 'custom.x', properties: { a: 'ok' } }, { properties: { nested: ['fine', 'b\u0000'] } }] })).toMatchObject({
      path: ['events', 1, 'properties', 'nested', 1],
      code: 'unstorable_text',
    });
    expect(unstorableTextIssue({ properties: { '\ud800key': 1 } })?.path).toEqual(['properties', '\ud800key']);
    expect(unstorableTextIssue({ a: [1, true, null, { b: 'c' }] })).toBeNull();
  });

  it('walks deep nesting without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(unstorableTextIssue(deep)?.path).toHaveLength(100_000);
  });
});
