import { lazy, Suspense, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { DashboardControls, viewDrill } from '../dashboard-controls/DashboardControls.tsx';
import { isLiveRange, widgetsDataOverrides } from '../dashboard-controls/dashboard-view.ts';
import { useDashboardView } from '../dashboard-controls/useDashboardView.ts';
import { VersionHistory } from '../dashboard-controls/VersionHistory.tsx';
import { connectionIsStale } from '../live/connection-status.ts';
import { useConnectionStatus } from '../live/useConnectionStatus.ts';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { Modal } from '../sharing/Modal.tsx';
import { WidgetExportMenu } from '../sharing/WidgetExportMenu.tsx';
import { DashboardGrid } from './DashboardGrid.tsx';
import { DashboardToolbar } from './DashboardToolbar.tsx';
import { EmptyDashboard } from './EmptyDashboard.tsx';
import { useDashboardData } from './useDashboardData.ts';
import { useOpenDashboard } from './useOpenDashboard.ts';
import styles from './DashboardScreen.module.css';

/** Edit mode and react-grid-layout load only when someone edits (the view is a plain CSS grid). */
const DashboardEditor = lazy(() => import('./edit/DashboardEditor.tsx'));

type Props = {
  organizationId: string;
  /** The dashboard named in the address; undefined opens the user's home. */
  dashboardId: string | undefined;
  /** Opens a dashboard (undefined: the home one), through the address. */
  onOpen(dashboardId: string | undefined): void;
};

function LoadFailed({ title, error, onRetry }: { title: string; error: unknown; onRetry(): void }) {
  return (
    <div className="card error-state" role="alert">
      <h2>{title}</h2>
      <p>{describeError(error)}</p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/**
 * One saved dashboard of the organization in the view of the address (time range, comparison,
 * drill-down filters), its widgets kept current by the live stream while the range is live.
 */
export function DashboardScreen({ organizationId, dashboardId, onOpen }: Props) {
  const opened = useOpenDashboard(organizationId, dashboardId);
  const dashboard = opened.dashboard;
  const view = useDashboardView();
  const overrides = widgetsDataOverrides(view);
  const live = isLiveRange(view.timeRange, Date.now());
  const { query, liveError } = useDashboardData(organizationId, dashboard?.id ?? null, overrides, live);
  const connection = useConnectionStatus();
  // The dashboard being edited: opening another one (once its prompt let it) ends edit mode.
  const [editingId, setEditingId] = useState<string | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);

  if (!dashboard) {
    if (opened.notFound) {
      return (
        <div className="card error-state" role="alert">
          <h2>This dashboard is not available</h2>
          <p>It was deleted, or it is not shared with you.</p>
          <button type="button" className="button" onClick={() => onOpen(undefined)}>
            Open my home dashboard
          </button>
        </div>
      );
    }
    if (opened.error) return <LoadFailed title="The dashboard could not load" error={opened.error} onRetry={opened.retry} />;
    return (
      <p className="muted" role="status">
        Loading dashboard…
      </p>
    );
  }

  const retry = () => void query.refetch();
  const stale = connectionIsStale(connection) || liveError !== null;
  const editing = editingId === dashboard.id && dashboard.canEdit;
  let body;
  if (editing) {
    body = (
      // A chunk that did not load (offline, a new release) or a failure inside the editor: the
      // view is one click away, the rest of the page stays.
      <ErrorBoundary
        fallback={() => (
          <div className="card error-state" role="alert">
            <h2>The editor could not open</h2>
            <p>Check your connection; reloading the page loads the editor again.</p>
            <button type="button" className="button" onClick={() => setEditingId(null)}>
              Back to the dashboard
            </button>
          </div>
        )}
      >
        <Suspense
          fallback={
            <p className="muted" role="status">
              Loading the editor…
            </p>
          }
        >
          <DashboardEditor
            organizationId={organizationId}
            dashboard={dashboard}
            data={query.data}
            loading={query.isPending}
            stale={stale}
            onRetry={retry}
            onDone={() => setEditingId(null)}
            onOpen={onOpen}
          />
        </Suspense>
      </ErrorBoundary>
    );
  } else if (dashboard.widgetPreferences.length === 0) body = <EmptyDashboard canEdit={dashboard.canEdit} />;
  else if (query.data === undefined && query.error) body = <LoadFailed title="The widgets could not load" error={query.error} onRetry={retry} />;
  else {
    body = (
      <DashboardGrid
        widgets={dashboard.widgetPreferences}
        layout={dashboard.layoutConfig}
        data={query.data}
        loading={query.isPending}
        stale={stale}
        onRetry={retry}
        widgetActions={(widget) => <WidgetExportMenu organizationId={organizationId} dashboardId={dashboard.id} widget={widget} overrides={overrides} />}
        widgetDrill={viewDrill(view)}
      />
    );
  }
  return (
    <div className={styles.screen}>
      <DashboardToolbar
        organizationId={organizationId}
        dashboard={dashboard}
        onOpen={onOpen}
        onEdit={editing ? undefined : () => setEditingId(dashboard.id)}
        onHistory={() => setHistoryOpen(true)}
      />
      {!editing && <DashboardControls view={view} live={live} updating={query.isPlaceholderData} />}
      {historyOpen && (
        <Modal title={`History of ${dashboard.name}`} onClose={() => setHistoryOpen(false)}>
          <VersionHistory organizationId={organizationId} dashboardId={dashboard.id} />
        </Modal>
      )}
      {liveError && (
        <div className="banner" role="alert">
          {liveError}
        </div>
      )}
      {body}
    </div>
  );
}
