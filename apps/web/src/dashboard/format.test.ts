import { describe, expect, it } from 'vitest';
import { describeEventsPerMinute } from './chart-summary.ts';
import { formatRelativeTime, summarizeProperties } from './format.ts';

describe('summarizeProperties', () => {
  it('says what a built-in event did in a few words', () => {
    expect(summarizeProperties('API_CALL', { method: 'POST', route: '/api/reports', status: 201, durationMs: 12.4 })).toBe('POST /api/reports · → 201 · 12 ms');
    expect(summarizeProperties('PAGE_VIEW', { path: '/pricing', title: 'Pricing' })).toBe('/pricing · Pricing');
    expect(summarizeProperties('USER_LOGIN', { method: 'sso' })).toBe('via sso');
    expect(summarizeProperties('AI_CHAT_MESSAGE', { conversationId: 'c1', role: 'assistant', tokens: 512 })).toBe('assistant · 512 tokens');
  });

  it('lists the first three properties of other events, long values cut short', () => {
    const long = 'x'.repeat(100);
    expect(summarizeProperties('custom.checkout', { cart: 3, coupon: long, paid: true, extra: 'hidden' })).toBe(
      `cart: 3 · coupon: ${'x'.repeat(39)}… · paid: true`,
    );
    expect(summarizeProperties('custom.empty', {})).toBe('');
  });
});

describe('formatRelativeTime', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('counts seconds, minutes and hours back', () => {
    expect(formatRelativeTime('2025-06-01T11:59:58Z', now)).toBe('just now');
    expect(formatRelativeTime('2025-06-01T11:59:18Z', now)).toBe('42 s ago');
    expect(formatRelativeTime('2025-06-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelativeTime('2025-06-01T09:00:00+00:00', now)).toBe('3 h ago');
  });
});

describe('describeEventsPerMinute', () => {
  it('sums the hour and names the peak minute', () => {
    const points = [
      { minute: '2025-06-01T11:58:00Z', count: 2 },
      { minute: '2025-06-01T11:59:00Z', count: 9 },
      { minute: '2025-06-01T12:00:00Z', count: 1 },
    ];
    const text = describeEventsPerMinute(points);
    expect(text).toMatch(/^12 events in the last hour, at most 9 a minute \(at \d\d:\d\d\); 1 so far this minute\.$/);
    expect(describeEventsPerMinute(points.map((point) => ({ ...point, count: 0 })))).toBe('No events in the last hour.');
  });
});
