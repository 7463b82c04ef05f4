import { useId } from 'react';
import type { Widget, WidgetData, WidgetResult } from '@pulse/api-contract/schemas';

export type WidgetViewProps = { widget: Widget; result: WidgetResult | undefined; loading: boolean; stale: boolean; onRetry: () => void };

/** The answer in plain text: enough for the dashboard screen until the widgets branch draws the ten types. */
function describe(data: WidgetData): string {
  switch (data.shape) {
    case 'scalar':
      return data.value === null ? 'No data' : data.value.toLocaleString('en-US');
    case 'series':
      return `${data.points.length} points, last ${data.points.at(-1)?.value?.toLocaleString('en-US') ?? 'none'}`;
    case 'categories':
      return data.items.map((item) => `${item.label}: ${item.value?.toLocaleString('en-US') ?? '–'}`).join(', ') || 'No data';
    case 'grid':
      return `${data.cells.length} cells`;
    case 'rows':
      return `${data.rows.length} rows`;
  }
}

/**
 * Placeholder, replaced by the widgets branch's WidgetView (same props): a region named by the
 * title, with the value as text, "Loading…", or the error and a Retry button.
 */
export function WidgetView({ widget, result, loading, stale, onRetry }: WidgetViewProps) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="card">
      <header className="card-header">
        <h3 id={titleId}>{widget.title}</h3>
        {stale && <span className="stale-tag">stale</span>}
      </header>
      <div className="empty">
        {result?.error ? (
          <div role="alert">
            <p>{result.error.message}</p>
            <button type="button" className="button" onClick={onRetry}>
              Retry
            </button>
          </div>
        ) : result?.data ? (
          <p data-testid="widget-value">{describe(result.data)}</p>
        ) : (
          <p role="status">{loading ? 'Loading…' : 'No data'}</p>
        )}
      </div>
    </section>
  );
}
