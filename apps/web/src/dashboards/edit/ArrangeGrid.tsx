import 'react-grid-layout/css/styles.css';
import type { KeyboardEvent } from 'react';
import { GRID_COLUMNS } from '@pulse/api-contract/schemas';
import type { Breakpoint, LayoutItem, Widget, WidgetResult } from '@pulse/api-contract/schemas';
import { Responsive } from 'react-grid-layout';
import type { Layout } from 'react-grid-layout';
import { WidgetView } from '../../widgets/WidgetView.tsx';
import { BREAKPOINT_WIDTHS, layoutFromGrid, layoutToGrid } from './arrange.ts';
import { CellChrome } from './CellChrome.tsx';
import { keyIntent } from './keyboard.ts';
import type { KeyIntent } from './keyboard.ts';
import type { CellActions } from './types.ts';
import styles from './DashboardEditor.module.css';

type Props = CellActions & {
  width: number;
  breakpoint: Breakpoint;
  items: LayoutItem[];
  /** The widgets in reading order: the cells' tab order (kept while one is picked up, so focus stays). */
  order: string[];
  widgets: ReadonlyMap<string, Widget>;
  results: ReadonlyMap<string, WidgetResult>;
  loading: boolean;
  stale: boolean;
  onRetry(): void;
  liftedId: string | null;
  onKey(widgetId: string, intent: KeyIntent): void;
  /** A cell lost focus (a picked-up widget is then put down). */
  onLeave(widgetId: string): void;
  /** The grid after a mouse drag or resize; `widgetId` the widget that was dragged. */
  onArrange(items: LayoutItem[], widgetId: string | null): void;
  describedBy: string;
};

const COLS = { lg: GRID_COLUMNS, md: GRID_COLUMNS, sm: GRID_COLUMNS, xs: GRID_COLUMNS };
/** The view's CSS grid: 4.5 rem rows and 1 rem gaps, so a widget is as tall editing as viewing. */
const ROW_HEIGHT = 72;
const MARGIN = [16, 16] as const;
const PADDING = [0, 0] as const;
const DRAG = { handle: '[data-drag-handle]' };
const RESIZE = { handles: ['se'] as const };

/**
 * The widgets of one breakpoint on react-grid-layout: dragged by their grip, resized by their
 * corner, and each a focusable cell that the keyboard picks up, moves and resizes.
 */
export function ArrangeGrid(props: Props) {
  const { width, breakpoint, items, order, widgets, results, liftedId } = props;
  const onKeyDown = (widgetId: string) => (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys on the cell's own buttons are theirs.
    if (event.target !== event.currentTarget) return;
    const intent = keyIntent(event, liftedId === widgetId);
    if (!intent) return;
    event.preventDefault();
    props.onKey(widgetId, intent);
  };
  const stopped = (layout: Layout, _old: unknown, moved: { i: string } | null) => props.onArrange(layoutFromGrid(layout), moved?.i ?? null);
  return (
    <Responsive
      // A new breakpoint (the widget editor opening narrows the grid) is a new grid: the library
      // otherwise keeps the previous breakpoint's state and draws cells 1 × 1 or overlapping.
      key={breakpoint}
      className={styles.grid}
      width={width}
      breakpoint={breakpoint}
      breakpoints={BREAKPOINT_WIDTHS}
      cols={COLS}
      layouts={{ [breakpoint]: layoutToGrid(items) }}
      rowHeight={ROW_HEIGHT}
      margin={MARGIN}
      containerPadding={PADDING}
      dragConfig={DRAG}
      resizeConfig={RESIZE}
      onDragStop={stopped}
      onResizeStop={stopped}
    >
      {order.map((widgetId) => {
        const widget = widgets.get(widgetId);
        if (!widget) return null;
        const lifted = liftedId === widgetId;
        return (
          <div
            key={widgetId}
            className={`${styles.cell} ${lifted ? styles.lifted : ''}`}
            data-edit-cell={widgetId}
            tabIndex={0}
            role="group"
            aria-roledescription="movable widget"
            aria-label={widget.title}
            aria-describedby={props.describedBy}
            onKeyDown={onKeyDown(widgetId)}
            onBlur={(event) => {
              if (event.target === event.currentTarget) props.onLeave(widgetId);
            }}
          >
            <CellChrome widgetId={widgetId} title={widget.title} draggable onConfigure={props.onConfigure} onDuplicate={props.onDuplicate} onRemove={props.onRemove} />
            <div className={styles.body}>
              <WidgetView widget={widget} result={results.get(widgetId)} loading={props.loading} stale={props.stale} onRetry={props.onRetry} />
            </div>
          </div>
        );
      })}
    </Responsive>
  );
}
