import type { WidgetData } from '@pulse/api-contract/schemas';
import { gridCellKey } from '../dashboard-controls/drill-down.ts';
import type { Clicked } from '../dashboard-controls/drill-down.ts';
import { hourLabel, WEEKDAYS } from './describe.ts';
import { timeLabeller } from './format.ts';

/**
 * The item of a widget's data that a chart's mark stands for (`dataIndex` of ECharts' click, in
 * the order chartOption hands the data over): a category's key and label, a series point's
 * bucket start, a heatmap cell's `gridCellKey`. Null for a scalar or rows, or no such item.
 */
export function clickedAt(data: WidgetData, dataIndex: number): Clicked | null {
  switch (data.shape) {
    case 'categories': {
      const item = data.items[dataIndex];
      return item ? { key: item.key, label: item.label } : null;
    }
    case 'series': {
      const point = data.points[dataIndex];
      return point ? { key: point.t, label: timeLabeller(data.points.map((each) => each.t))(point.t) } : null;
    }
    case 'grid': {
      const cell = data.cells[dataIndex];
      return cell ? { key: gridCellKey(cell), label: `${WEEKDAYS[cell.y - 1] ?? ''} ${hourLabel(cell.x)}` } : null;
    }
    default:
      return null;
  }
}
