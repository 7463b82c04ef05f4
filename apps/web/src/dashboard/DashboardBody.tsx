import type { OrganizationSummary } from '@pulse/api-contract/schemas';
import { ActivityFeed } from './ActivityFeed.tsx';
import { ErrorState } from './ErrorState.tsx';
import { EngagementPanels } from './EngagementPanels.tsx';
import { EventsChartPanel } from './EventsChartPanel.tsx';
import { MetricCards } from './MetricCards.tsx';
import { useDashboard } from './useDashboard.ts';

/** One organization's numbers, chart and feed; remounted (state reset) per organization. */
export function DashboardBody({ organization, stale }: { organization: OrganizationSummary; stale: boolean }) {
  const dashboard = useDashboard(organization.id);
  const { summary, events, loading, loadError, liveError } = dashboard;

  // Without the counters there is no dashboard to show: say why, whole.
  if (loadError && summary === null) {
    return <ErrorState message={loadError} onRetry={dashboard.retry} />;
  }
  return (
    <>
      {loadError && (
        <div className="banner" role="alert">
          <span>Some data could not load: {loadError}</span>
          <button type="button" className="button button-quiet" onClick={dashboard.retry}>
            Try again
          </button>
        </div>
      )}
      {liveError && (
        <div className="banner" role="alert">
          {liveError}
        </div>
      )}
      <MetricCards summary={summary} stale={stale} />
      <div className="panels">
        <EventsChartPanel summary={summary} stale={stale} />
        <ActivityFeed events={events} organizationSlug={organization.slug} loading={loading && events.length === 0} stale={stale} />
      </div>
      <EngagementPanels organizationId={organization.id} />
    </>
  );
}
