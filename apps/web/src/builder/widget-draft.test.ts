import { describe, expect, it } from 'vitest';
import { Widget } from '@pulse/api-contract/schemas';
import { DEFAULT_WIDGETS, defaultWidget } from './default-widgets.fixture.ts';
import { draftFromWidget, toLocalInput, widgetFormSchema } from './widget-draft.ts';

describe('widget draft', () => {
  it.each(DEFAULT_WIDGETS.map((widget) => [widget.id, widget] as const))('%s reads back as the same widget', (_id, widget) => {
    expect(widgetFormSchema.parse(draftFromWidget(widget))).toEqual(widget);
  });

  it('reads filters, a property grouping and an absolute range back in the contract shape', () => {
    const widget = Widget.parse({
      ...defaultWidget('events-by-branch'),
      query: {
        source: 'activity',
        measure: { kind: 'avg', property: 'durationMs' },
        groupBy: { by: 'property', property: 'route' },
        filters: { eventTypes: ['API_CALL', 'custom.checkout'], properties: [{ property: 'method', op: 'neq', values: ['GET', 'HEAD'] }] },
        timeRange: { kind: 'absolute', from: new Date(2026, 10, 1, 8, 30).toISOString(), to: new Date(2026, 10, 2, 8, 30).toISOString() },
        compare: null,
        limit: 5,
      },
    });
    const draft = draftFromWidget(widget);
    expect(draft.query.filters).toEqual({ builtInTypes: ['API_CALL'], eventTypes: 'custom.checkout', properties: [{ property: 'method', op: 'neq', values: 'GET, HEAD' }] });
    expect(draft.query.timeRange).toMatchObject({ kind: 'absolute', from: '2026-11-01T08:30', to: '2026-11-02T08:30' });
    expect(widgetFormSchema.parse(draft)).toEqual(widget);
  });

  it("names the field of each issue with the contract's message", () => {
    const draft = draftFromWidget(defaultWidget('api-latency-p95'));
    const broken = {
      ...draft,
      title: 'x'.repeat(121),
      options: { ...draft.options, thresholds: [{ value: 'abc', color: '#2e7d32', label: '' }] },
      query: { ...draft.query, measure: { kind: 'p95' as const, property: '' } },
    };
    const issues = widgetFormSchema.safeParse(broken).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['title', expect.stringMatching(/120/)],
        ['options.thresholds.0.value', expect.stringMatching(/expected number/)],
        ['query.measure.property', expect.stringMatching(/>=1 characters/)],
      ]),
    );
  });

  it('refuses metric labels that are not name=value pairs, on the labels field', () => {
    const draft = draftFromWidget(defaultWidget('queue-depth'));
    expect(draft.query.labels).toBe('queue=emails');
    const issues = widgetFormSchema.safeParse({ ...draft, query: { ...draft.query, labels: 'queue' } }).error?.issues;
    expect(issues?.map((issue) => issue.path.join('.'))).toContain('query.labels');
  });

  it('shows instants as local datetime-local values', () => {
    expect(toLocalInput(new Date(2026, 0, 5, 7, 4).toISOString())).toBe('2026-01-05T07:04');
  });
});
