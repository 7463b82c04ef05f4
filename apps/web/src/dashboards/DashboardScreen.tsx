import { describeError } from '../api/errors.ts';
import { connectionIsStale } from '../live/connection-status.ts';
import { useConnectionStatus } from '../live/useConnectionStatus.ts';
import { WidgetExportMenu } from '../sharing/WidgetExportMenu.tsx';
import { DashboardGrid } from './DashboardGrid.tsx';
import { DashboardToolbar } from './DashboardToolbar.tsx';
import { EmptyDashboard } from './EmptyDashboard.tsx';
import { useDashboardData } from './useDashboardData.ts';
import { useOpenDashboard } from './useOpenDashboard.ts';
import styles from './DashboardScreen.module.css';

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

/** One saved dashboard of the organization, its widgets kept current by the live stream. */
export function DashboardScreen({ organizationId, dashboardId, onOpen }: Props) {
  const opened = useOpenDashboard(organizationId, dashboardId);
  const dashboard = opened.dashboard;
  const { query, liveError } = useDashboardData(organizationId, dashboard?.id ?? null);
  const connection = useConnectionStatus();

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
  let body;
  if (dashboard.widgetPreferences.length === 0) body = <EmptyDashboard />;
  else if (query.data === undefined && query.error) body = <LoadFailed title="The widgets could not load" error={query.error} onRetry={retry} />;
  else {
    body = (
      <DashboardGrid
        widgets={dashboard.widgetPreferences}
        layout={dashboard.layoutConfig}
        data={query.data}
        loading={query.isPending}
        stale={connectionIsStale(connection) || liveError !== null}
        onRetry={retry}
        widgetActions={(widget) => <WidgetExportMenu organizationId={organizationId} dashboardId={dashboard.id} widget={widget} />}
      />
    );
  }
  return (
    <div className={styles.screen}>
      <DashboardToolbar organizationId={organizationId} dashboard={dashboard} onOpen={onOpen} />
      {liveError && (
        <div className="banner" role="alert">
          {liveError}
        </div>
      )}
      {body}
    </div>
  );
}
