import { describe, expect, it } from 'vitest';
import { ScalarOptions } from '@pulse/api-contract/schemas';
import type { z } from 'zod';
import { columnLabel, emptyHint } from './describe.ts';
import { change, formatAsOf, formatChange, formatValue, thresholdColor, thresholdLabel } from './format.ts';
import { latencyGauge, widget } from './widget-fixtures.ts';

const options = (input: z.input<typeof ScalarOptions>) => ScalarOptions.parse(input);

describe('formatValue', () => {
  it('formats by the number format, with the unit where the format has none of its own', () => {
    expect(formatValue(1234.5, options({}))).toBe('1,235');
    expect(formatValue(1234.5, options({ unit: 'calls' }))).toBe('1,235 calls');
    expect(formatValue(3.14159, options({ numberFormat: 'decimal', decimals: 2 }))).toBe('3.14');
    expect(formatValue(42.5, options({ numberFormat: 'percent', decimals: 1, unit: 'ignored' }))).toBe('42.5%');
    expect(formatValue(12_345, options({ numberFormat: 'compact', unit: 'events' }))).toBe('12.3K events');
    expect(formatValue(850, options({ numberFormat: 'duration_ms', unit: 'ms' }))).toBe('850 ms');
    expect(formatValue(1500, options({ numberFormat: 'duration_ms' }))).toBe('1.5 s');
    expect(formatValue(90_000, options({ numberFormat: 'duration_ms' }))).toBe('1.5 min');
    expect(formatValue(512, options({ numberFormat: 'bytes' }))).toBe('512 B');
    expect(formatValue(2_500_000, options({ numberFormat: 'bytes' }))).toBe('2.5 MB');
    expect(formatValue(null, options({}))).toBe('—');
  });
});

describe('thresholds', () => {
  it('takes the highest threshold the value reaches, else the widget colour', () => {
    const { options: gauge } = latencyGauge;
    expect(thresholdColor(200, gauge)).toBe('#2e7d32');
    expect(thresholdColor(500, gauge)).toBe('#ed6c02');
    expect(thresholdColor(1500, gauge)).toBe('#d32f2f');
    expect(thresholdLabel(1500, gauge)).toBe('too slow');
    const own = options({ color: '#123456', thresholds: [{ value: 10, color: '#abcdef' }] });
    expect(thresholdColor(5, own)).toBe('#123456');
    expect(thresholdColor(10, own)).toBe('#abcdef');
  });
});

describe('change', () => {
  it('says how a number moved from the previous period', () => {
    expect(formatChange(change(112, 100))).toBe('+12%');
    expect(formatChange(change(97, 100))).toBe('−3%');
    expect(formatChange(change(100, 100))).toBe('±0%');
    expect(formatChange(change(5, 0))).toBe('new');
  });
});

describe('formatAsOf', () => {
  it('gives the clock time today and the date before', () => {
    const asOf = new Date(2026, 11, 2, 12, 3, 4).toISOString();
    expect(formatAsOf(asOf, new Date(2026, 11, 2, 18, 0, 0).getTime())).toBe('as of 12:03:04');
    expect(formatAsOf(asOf, new Date(2026, 11, 3, 9, 0, 0).getTime())).toBe('as of 2 Dec, 12:03');
  });
});

describe('emptyHint', () => {
  it('says which events would fill the widget', () => {
    const apiCalls = widget({ id: 'api', type: 'metric_card', title: 'API calls', query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['API_CALL'] }, timeRange: { kind: 'relative', range: 'last_24h' } } });
    expect(emptyHint(apiCalls.query)).toBe('No API_CALL events in the last 24 h — send events with type API_CALL to fill this');
    expect(emptyHint(latencyGauge.query)).toBe('No API_CALL events with a numeric durationMs in the last hour — send API_CALL events with a durationMs number to fill this');
    expect(emptyHint({ source: 'counters', counter: 'events_by_type_today' })).toBe('No events today — send any event to fill this');
  });
});

describe('columnLabel', () => {
  it('names the contract’s columns for people, and puts an unknown one into words', () => {
    expect(['userId', 'eventCount', 'pageViews', 'processingSeconds'].map(columnLabel)).toEqual(['User', 'Events', 'Page views', 'Processing (s)']);
    expect(columnLabel('customCount')).toBe('Custom count');
    expect(columnLabel('Value')).toBe('Value');
  });
});
