import type { Widget } from '@pulse/api-contract/schemas';
import type { DrillHandler } from '../widgets/WidgetChart.tsx';
import { drillerOf, drillFilterOf } from './drill-down.ts';
import { FilterChips } from './FilterChips.tsx';
import { TimeRangePicker } from './TimeRangePicker.tsx';
import type { DashboardView } from './useDashboardView.ts';
import styles from './DashboardControls.module.css';

type Props = {
  view: DashboardView;
  /** The numbers follow new events (a range that ends now), else they are still. */
  live: boolean;
  /** A new range's numbers are on their way (the previous ones stay meanwhile). */
  updating: boolean;
};

/** The row under a dashboard's toolbar: its time range and comparison, live or still, and its drill-down filters. */
export function DashboardControls({ view, live, updating }: Props) {
  return (
    <div className={styles.controls}>
      <TimeRangePicker timeRange={view.timeRange} compare={view.compare} onTimeRange={view.setTimeRange} onCompare={view.setCompare} />
      <span className={`${styles.mode} ${live ? styles.live : styles.still}`} data-testid="view-mode">
        {live ? 'Live' : 'Still: a past range'}
      </span>
      {updating && (
        <span className="muted small" role="status">
          Updating…
        </span>
      )}
      <FilterChips filters={view.filters} onRemove={view.removeFilter} />
    </div>
  );
}

/** What a click on each widget's chart does in this view: a drill-down, for the widgets whose query drills. */
export function viewDrill(view: DashboardView): (widget: Widget) => DrillHandler | undefined {
  const onDrill: DrillHandler = (widget, clicked) => {
    const drill = drillFilterOf(widget, clicked);
    if (drill) view.drill(drill);
  };
  return (widget) => (drillerOf(widget) ? onDrill : undefined);
}
