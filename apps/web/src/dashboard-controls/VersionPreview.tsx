import { useState } from 'react';
import { trpc } from '../api/trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import styles from './VersionHistory.module.css';

type Props = { organizationId: string; dashboardId: string; version: number };

/**
 * What a kept version held (`dashboards.version`), read when someone opens it: its name and its
 * widgets in reading order, enough to tell which version to restore.
 */
export function VersionPreview({ organizationId, dashboardId, version }: Props) {
  const [open, setOpen] = useState(false);
  const snapshot = trpc.dashboards.version.useQuery({ organizationId, dashboardId, version }, { enabled: open, staleTime: Infinity });
  return (
    <details className={styles.preview} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Preview version {version}</summary>
      {open && (
        <QueryState query={snapshot} what={`Version ${version}`}>
          {({ content }) => {
            const place = new Map(content.layoutConfig.lg.map((item) => [item.widgetId, item.y * 100 + item.x]));
            const widgets = [...content.widgetPreferences].sort((a, b) => (place.get(a.id) ?? Infinity) - (place.get(b.id) ?? Infinity));
            return (
              <div>
                <p>
                  <strong>{content.name}</strong> · {widgets.length} {widgets.length === 1 ? 'widget' : 'widgets'}
                </p>
                <ol aria-label={`Widgets of version ${version}`}>
                  {widgets.map((widget) => (
                    <li key={widget.id}>
                      {widget.title} <span className="muted small">({widget.type.replace('_', ' ')})</span>
                    </li>
                  ))}
                </ol>
              </div>
            );
          }}
        </QueryState>
      )}
    </details>
  );
}
