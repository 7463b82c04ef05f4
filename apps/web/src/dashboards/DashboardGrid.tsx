import type { CSSProperties, ReactNode } from 'react';
import type { LayoutConfig, Widget, WidgetsData } from '@pulse/api-contract/schemas';
import type { DrillHandler } from '../widgets/WidgetChart.tsx';
import { WidgetView } from '../widgets/WidgetView.tsx';
import { gridCells } from './grid-layout.ts';
import type { GridCell } from './grid-layout.ts';
import styles from './DashboardGrid.module.css';

type Props = {
  widgets: readonly Widget[];
  layout: LayoutConfig;
  data: WidgetsData | undefined;
  loading: boolean;
  stale: boolean;
  onRetry(): void;
  /** Controls in each widget's title bar (the export menu); none on a public link. */
  widgetActions?: (widget: Widget) => ReactNode;
  /** What a click on a widget's chart does: undefined for a widget that does not drill down. */
  widgetDrill?: (widget: Widget) => DrillHandler | undefined;
};

/** A cell's places as CSS custom properties; the stylesheet picks a breakpoint's by the grid's width. */
function placeStyle({ places, phoneOrder }: GridCell): CSSProperties {
  const vars: Record<string, string | number> = { '--phone-order': phoneOrder };
  for (const [breakpoint, place] of Object.entries(places)) {
    vars[`--column-${breakpoint}`] = place.column;
    vars[`--row-${breakpoint}`] = place.row;
    vars[`--height-${breakpoint}`] = place.height;
  }
  // Custom properties are valid inline style; React's type lists only the standard ones.
  return vars as CSSProperties;
}

/**
 * The widgets at their saved places on a 12-column grid (`lg`, `md`, `sm`, `xs` by the grid's
 * own width), one column on a phone (in the order of its `xs` layout). Keyed by widget id: a new answer re-renders a widget in
 * place, never re-mounts it.
 */
export function DashboardGrid({ widgets, layout, data, loading, stale, onRetry, widgetActions, widgetDrill }: Props) {
  const byId = new Map(widgets.map((widget) => [widget.id, widget]));
  const results = new Map(data?.widgets.map((result) => [result.widgetId, result]));
  return (
    <div className={styles.container}>
      <div className={styles.grid}>
        {gridCells(layout, [...byId.keys()]).map((cell) => {
          const widget = byId.get(cell.widgetId);
          if (!widget) return null;
          return (
            <div key={cell.widgetId} className={styles.cell} style={placeStyle(cell)} data-widget-id={cell.widgetId}>
              <WidgetView
                widget={widget}
                result={results.get(cell.widgetId)}
                loading={loading}
                stale={stale}
                onRetry={onRetry}
                actions={widgetActions?.(widget)}
                onDrill={widgetDrill?.(widget)}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
