import { describe, expect, it } from 'vitest';
import { cleanedSearch, isLiveRange, widgetsDataOverrides } from './dashboard-view.ts';

describe('the address', () => {
  it('keeps a valid view as it is', () => {
    expect(cleanedSearch(new URLSearchParams('org=x&range=today&compare=previous&filter=eventType%3APAGE_VIEW'))).toBeNull();
    expect(cleanedSearch(new URLSearchParams('filter=user%3Au1&from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z'))).toBeNull();
  });

  it('drops a from/to that is not a range: reversed, longer than 366 days, half of one, or beside a relative range', () => {
    const cleaned = (search: string) => cleanedSearch(new URLSearchParams(search))?.toString();
    expect(cleaned('from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z')).toBe('');
    expect(cleaned('from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:01Z')).toBe('');
    expect(cleaned('org=x&to=2026-11-01T00:00:00Z')).toBe('org=x');
    expect(cleaned('range=last_1h&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z')).toBe('range=last_1h');
    // A repeated key keeps the value the view shows (the last one).
    expect(cleaned('range=last_1h&compare=previous&range=last_7d')).toBe('range=last_7d&compare=previous');
  });
});

describe('widgetsDataOverrides', () => {
  it('gives widgets.data the range, comparison and drill-down filters the view names, and leaves out what it does not', () => {
    const timeRange = { kind: 'relative', range: 'last_1h' } as const;
    const filters = [{ dimension: 'event_type', value: 'PAGE_VIEW' }] as const;
    expect(widgetsDataOverrides({ timeRange, compare: 'previous_period', filters })).toEqual({ timeRange, compare: 'previous_period', filters });
    expect(widgetsDataOverrides({ timeRange: undefined, compare: null, filters: [] })).toEqual({});
  });
});

describe('isLiveRange', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  it('is live for a range that ends now or later, still for one in the past', () => {
    expect(isLiveRange(undefined, now)).toBe(true);
    expect(isLiveRange({ kind: 'relative', range: 'last_15m' }, now)).toBe(true);
    expect(isLiveRange({ kind: 'absolute', from: '2026-12-02T00:00:00Z', to: '2026-12-03T00:00:00Z' }, now)).toBe(true);
    expect(isLiveRange({ kind: 'absolute', from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' }, now)).toBe(false);
  });
});
