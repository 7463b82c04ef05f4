import { describeError } from '../api/errors.ts';
import { DashboardControls, viewDrill } from '../dashboard-controls/DashboardControls.tsx';
import { isLiveRange, widgetsDataOverrides } from '../dashboard-controls/dashboard-view.ts';
import { useDashboardViewOf } from '../dashboard-controls/useDashboardView.ts';
import { DashboardGrid } from '../dashboards/DashboardGrid.tsx';
import { EmptyDashboard } from '../dashboards/EmptyDashboard.tsx';
import { ConnectionBadge } from '../live/ConnectionBadge.tsx';
import { connectionIsStale } from '../live/connection-status.ts';
import { useConnectionStatus } from '../live/useConnectionStatus.ts';
import { formatDateTime } from '../ui/format.ts';
import { useLocationSearch } from './useLocationSearch.ts';
import { usePublicDashboard } from './usePublicDashboard.ts';
import styles from './PublicDashboardPage.module.css';

/** A revoked, expired or malformed link: said plainly, with nothing of the dashboard left on screen. */
export function LinkEnded() {
  return (
    <main className={styles.ended}>
      <div className="card error-state" role="alert">
        <h1>This link no longer works</h1>
        <p>It was revoked or it expired, or the address is incomplete. Ask whoever shared the dashboard for a new link.</p>
      </div>
    </main>
  );
}

/**
 * A dashboard through a public link: read-only, live, without signing in. It shows the
 * dashboard's name and widgets as the signed-in screen draws them, and no person, organization
 * or account (the server's answers hold none either). The view (time range, comparison,
 * filters) is in the link's own address, so a link copied with `?range=last_7d` opens that range.
 */
export function PublicDashboardPage({ token }: { token: string }) {
  const view = useDashboardViewOf(...useLocationSearch());
  const overrides = widgetsDataOverrides(view);
  const liveRange = isLiveRange(view.timeRange, Date.now());
  const { dashboard, widgets, live, ended } = usePublicDashboard(token, overrides, liveRange);
  const connection = useConnectionStatus();
  if (ended) return <LinkEnded />;

  let body;
  if (dashboard.error) {
    body = (
      <div className="card error-state" role="alert">
        <h2>The shared dashboard could not load</h2>
        <p>{describeError(dashboard.error)}</p>
        <button type="button" className="button" onClick={() => void dashboard.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (!dashboard.data) {
    body = (
      <p className="muted" role="status">
        Loading the shared dashboard…
      </p>
    );
  } else if (dashboard.data.widgetPreferences.length === 0) {
    body = <EmptyDashboard canEdit={false} />;
  } else {
    body = (
      <DashboardGrid
        widgets={dashboard.data.widgetPreferences}
        layout={dashboard.data.layoutConfig}
        data={widgets.data}
        loading={widgets.isPending}
        stale={connectionIsStale(connection) || live.liveError !== null}
        onRetry={() => void widgets.refetch()}
        widgetDrill={viewDrill(view)}
      />
    );
  }

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <span className={styles.brand}>Pulse</span>
        <h1 className={styles.name}>{dashboard.data?.name ?? 'Shared dashboard'}</h1>
        <p className={styles.kind}>Shared dashboard · read-only{liveRange ? ' · live' : ''}</p>
        <ConnectionBadge snapshot={connection} />
      </header>
      <main className={styles.main}>
        {dashboard.data?.expiresAt && <p className="muted small">This link works until {formatDateTime(dashboard.data.expiresAt)}.</p>}
        {dashboard.data && <DashboardControls view={view} live={liveRange} updating={widgets.isPlaceholderData} />}
        {widgets.error && !widgets.data && (
          <div className="banner" role="alert">
            The numbers could not load: {describeError(widgets.error)}
          </div>
        )}
        {live.liveError && (
          <div className="banner" role="alert">
            {live.liveError}
          </div>
        )}
        {body}
      </main>
    </div>
  );
}
