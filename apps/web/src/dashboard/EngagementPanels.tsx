import type { Engagement } from '@pulse/api-contract/schemas';
import { formatCount } from './format.ts';
import { useEngagement } from './useEngagement.ts';

/** Today's most active users and most viewed reports, from the analytics and report queues. */
export function EngagementPanels({ organizationId }: { organizationId: string }) {
  const state = useEngagement(organizationId);
  const engagement = state.status === 'ready' ? state.engagement : null;
  const error = state.status === 'loading' ? null : state.error;
  return (
    <div className="panels">
      <section className="card table-card" aria-labelledby="engagement-users-title" aria-busy={state.status === 'loading'}>
        <div className="card-header">
          <h2 id="engagement-users-title">Most active users</h2>
          <span className="card-hint">today, UTC</span>
        </div>
        <PanelStatus error={error} onRetry={state.retry} />
        {state.status === 'loading' && <Loading />}
        {engagement && <UsersTable users={engagement.users} />}
      </section>
      <section className="card table-card" aria-labelledby="engagement-reports-title" aria-busy={state.status === 'loading'}>
        <div className="card-header">
          <h2 id="engagement-reports-title">Reports</h2>
          <span className="card-hint">generated or viewed today</span>
        </div>
        {state.status === 'loading' && <Loading />}
        {engagement && <ReportsTable reports={engagement.reports} />}
      </section>
    </div>
  );
}

/** Report ids are often uuids: the first block tells them apart in a list, the title has all of it. */
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

function Loading() {
  return <p className="empty-title table-empty">Loading…</p>;
}

function PanelStatus({ error, onRetry }: { error: string | null; onRetry(): void }) {
  if (!error) return null;
  return (
    <div className="banner" role="alert">
      <span>Engagement could not load: {error}</span>
      <button type="button" className="button button-quiet" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

function UsersTable({ users }: { users: Engagement['users'] }) {
  if (users.length === 0) return <p className="empty-title table-empty">No user activity today yet.</p>;
  return (
    <table className="table" aria-label="Most active users today">
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Events</th>
          <th scope="col">Logins</th>
          <th scope="col">Page views</th>
          <th scope="col">Reports viewed</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.userId}>
            <th scope="row">{user.userId}</th>
            <td>{formatCount(user.eventCount)}</td>
            <td>{formatCount(user.loginCount)}</td>
            <td>{formatCount(user.pageViews)}</td>
            <td>{formatCount(user.reportsViewed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReportsTable({ reports }: { reports: Engagement['reports'] }) {
  if (reports.length === 0) return <p className="empty-title table-empty">No reports generated or viewed today yet.</p>;
  return (
    <table className="table" aria-label="Reports today">
      <thead>
        <tr>
          <th scope="col">Report</th>
          <th scope="col">Type</th>
          <th scope="col">Views</th>
        </tr>
      </thead>
      <tbody>
        {reports.map((report) => (
          <tr key={report.reportId}>
            <th scope="row" title={report.reportId}>
              {shortId(report.reportId)}
            </th>
            <td>{report.reportType ?? '—'}</td>
            <td>{formatCount(report.viewedCount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
