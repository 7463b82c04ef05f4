import type { CSSProperties } from 'react';
import type { LayoutItem, Widget, WidgetResult } from '@pulse/api-contract/schemas';
import { WidgetView } from '../../widgets/WidgetView.tsx';
import { CellChrome } from './CellChrome.tsx';
import type { CellActions } from './types.ts';
import styles from './DashboardEditor.module.css';

type Props = CellActions & {
  /** The phone's (`xs`) items in reading order: the column as a phone shows it. */
  items: LayoutItem[];
  widgets: ReadonlyMap<string, Widget>;
  results: ReadonlyMap<string, WidgetResult>;
  loading: boolean;
  stale: boolean;
  onRetry(): void;
  onRestack(widgetId: string, direction: 'up' | 'down'): void;
};

/**
 * Arranging on a phone: dragging on a 360 px screen is fiddly and a 12-column grid is too
 * narrow to show, so the widgets are one column, in the order a phone shows them, each with
 * Move up / Move down (plain buttons: the same for touch, mouse and keyboard).
 */
export function StackedArrange({ items, widgets, results, loading, stale, onRetry, onRestack, ...actions }: Props) {
  return (
    <ol className={styles.stack} aria-label="Widgets in the order a phone shows them">
      {items.map((item, index) => {
        const widget = widgets.get(item.widgetId);
        if (!widget) return null;
        return (
          <li key={item.widgetId} className={styles.stackCell} data-edit-cell={item.widgetId} style={{ '--rows': item.h } as CSSProperties}>
            <CellChrome widgetId={item.widgetId} title={widget.title} draggable={false} {...actions}>
              <button type="button" className="button button-quiet" data-action="up" disabled={index === 0} onClick={() => onRestack(item.widgetId, 'up')}>
                Move up
              </button>
              <button
                type="button"
                className="button button-quiet"
                data-action="down"
                disabled={index === items.length - 1}
                onClick={() => onRestack(item.widgetId, 'down')}
              >
                Move down
              </button>
            </CellChrome>
            <div className={styles.body}>
              <WidgetView widget={widget} result={results.get(item.widgetId)} loading={loading} stale={stale} onRetry={onRetry} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
