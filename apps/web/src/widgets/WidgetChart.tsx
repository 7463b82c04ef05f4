import { useCallback, useId, useMemo, useState } from 'react';
import type { Widget, WidgetData } from '@pulse/api-contract/schemas';
import type { Clicked } from '../dashboard-controls/drill-down.ts';
import { clickedAt } from './chart-clicks.ts';
import type { ChartColors } from './chart-colors.ts';
import { CHART_KIND, chartOption } from './chart-options.ts';
import type { ChartWidget } from './chart-options.ts';
import { DataTable } from './DataTable.tsx';
import type { RowAction } from './DataTable.tsx';
import { numbersTable, summarize } from './describe.ts';
import { useEChart } from './useEChart.ts';
import styles from './WidgetView.module.css';

/** A click on a chart's bar, slice, cell or point (given only for a widget that drills down). */
export type DrillHandler = (widget: Widget, clicked: Clicked) => void;

type Props = { widget: ChartWidget; data: WidgetData; compare: WidgetData | null; onDrill?: DrillHandler | undefined };

/**
 * An ECharts chart with its text alternative: an accessible name that sums it up, and a
 * "Show numbers" toggle that lays its numbers out as a table. With `onDrill`, a click on a mark
 * hands over the item it stands for (the pointer says the marks are clickable).
 */
export function WidgetChart({ widget, data, compare, onDrill }: Props) {
  // WidgetView only hands over data of a shape the type draws (else its error state): `{}` is never drawn.
  const build = useCallback((colors: ChartColors) => chartOption(widget, data, compare, colors) ?? {}, [widget, data, compare]);
  const onMarkClick = onDrill
    ? (dataIndex: number) => {
        const clicked = clickedAt(data, dataIndex);
        if (clicked) onDrill(widget, clicked);
      }
    : undefined;
  // The numbers table's rows are the series' points or the categories, in order: each row drills as its mark does.
  // A heatmap's rows are hours across weekdays, not cells: its cells drill by pointer only.
  const rowAction: RowAction | undefined =
    onMarkClick && data.shape !== 'grid'
      ? {
          labelOf: (index) => {
            const clicked = clickedAt(data, index);
            return clicked ? `Drill down into ${clicked.label}` : null;
          },
          onSelect: onMarkClick,
        }
      : undefined;
  const chart = useEChart(CHART_KIND[widget.type], build, onMarkClick);
  const summary = useMemo(() => summarize(data, widget.options), [data, widget.options]);
  const [showNumbers, setShowNumbers] = useState(false);
  const tableId = useId();

  return (
    <div className={styles.chartBlock}>
      <div
        ref={chart.container}
        className={`${styles.chart} ${styles[widget.type] ?? ''} ${onDrill ? styles.drillable : ''} ${chart.ready ? '' : 'skeleton'}`}
        role="img"
        aria-label={`${widget.title}: ${summary}`}
        data-testid="widget-chart"
      />
      {chart.failed && (
        <p className={styles.note}>
          The chart could not load.{' '}
          <button type="button" className="button button-quiet" onClick={chart.retry}>
            Load the chart
          </button>
        </p>
      )}
      <button type="button" className={`link-button ${styles.toggle}`} aria-expanded={showNumbers} aria-controls={tableId} onClick={() => setShowNumbers((shown) => !shown)}>
        {showNumbers ? 'Hide numbers' : 'Show numbers'}
      </button>
      {showNumbers && <DataTable id={tableId} caption={`${widget.title}: the numbers`} table={numbersTable(widget, data, compare)} rowAction={rowAction} />}
    </div>
  );
}
