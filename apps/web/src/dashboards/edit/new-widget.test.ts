import { describe, expect, it } from 'vitest';
import { queryShape, Widget, WIDGET_SHAPES, WIDGET_TYPES } from '@pulse/api-contract/schemas';
import { freshWidgetId, newWidget, WIDGET_STARTERS } from './new-widget.ts';

describe('newWidget', () => {
  it.each(WIDGET_TYPES)('makes a %s the contract accepts, of that type, with a query it can draw', (type) => {
    const widget = newWidget(type, []);
    expect(Widget.safeParse(widget).success).toBe(true);
    expect(widget.type).toBe(type);
    expect(WIDGET_SHAPES[type]).toContain(queryShape(widget.query));
    expect(widget.title.length).toBeGreaterThan(0);
    expect(WIDGET_STARTERS[type].description).toMatch(/\.$/);
  });

  it('gives each new widget an id the dashboard does not use yet', () => {
    expect(newWidget('heatmap', ['orders']).id).toBe('heatmap');
    expect(newWidget('heatmap', ['heatmap', 'heatmap-2']).id).toBe('heatmap-3');
    expect(newWidget('kpi_card', []).id).toBe('kpi-card');
    expect(freshWidgetId('x'.repeat(80), []).length).toBeLessThanOrEqual(64);
  });
});
