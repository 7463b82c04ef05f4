import type { AlertView } from '@pulse/api-contract/schemas';
import { trpc } from '../../api/trpc.ts';
import { QueryState } from '../../ui/QueryState.tsx';
import { describeSource, formatDateTime, formatValue } from '../format.ts';
import { AlertActions } from './AlertActions.tsx';
import { AlertTimeline } from './AlertTimeline.tsx';
import { ValueChartPanel } from './ValueChartPanel.tsx';

type Props = {
  organizationId: string;
  alertId: string;
  onChanged(alert: AlertView): void;
  onClose(): void;
};

/**
 * One alert: its state, the actions on it, the watched value around it and its timeline.
 * A live change of the alert, or an action on it, marks `alerts.get` stale and it is fetched again.
 */
export function AlertDetailPanel({ organizationId, alertId, onChanged, onClose }: Props) {
  const utils = trpc.useUtils();
  const detail = trpc.alerts.get.useQuery({ organizationId, id: alertId });

  return (
    <section className="card alert-detail" aria-label="Alert detail">
      <div className="admin-head">
        <h3>Alert</h3>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <QueryState query={detail} what="The alert">
        {({ alert, rule, timeline, series }) => (
          <>
            <h4>{rule.name}</h4>
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <span className={`state state-${alert.state}`} data-testid="detail-state">
                  {alert.state}
                </span>{' '}
                <span className={`severity severity-${alert.severity}`}>{alert.severity}</span>
              </dd>
              <dt>Watches</dt>
              <dd>{describeSource(rule.source)}</dd>
              <dt>Value</dt>
              <dd>
                {formatValue(alert.value)} {alert.operator} {formatValue(alert.threshold)}
              </dd>
              <dt>Started</dt>
              <dd>{formatDateTime(alert.startedAt)}</dd>
              {alert.acknowledgedAt && (
                <>
                  <dt>Acknowledged</dt>
                  <dd>
                    {formatDateTime(alert.acknowledgedAt)} by {alert.acknowledgedBy?.name ?? 'someone'}
                    {alert.acknowledgeComment ? `: “${alert.acknowledgeComment}”` : ''}
                  </dd>
                </>
              )}
              {alert.resolvedAt && (
                <>
                  <dt>Resolved</dt>
                  <dd>
                    {formatDateTime(alert.resolvedAt)} {alert.resolution === 'auto' ? '(condition cleared)' : `by ${alert.resolvedBy?.name ?? 'someone'}`}
                  </dd>
                </>
              )}
              {alert.silence && (
                <>
                  <dt>Silenced until</dt>
                  <dd>{formatDateTime(alert.silence.endsAt)}</dd>
                </>
              )}
            </dl>
            <AlertActions
              organizationId={organizationId}
              alert={alert}
              onChanged={(changed) => {
                onChanged(changed);
                void utils.alerts.get.invalidate({ organizationId, id: alertId });
              }}
            />
            <h4>Watched value</h4>
            <ValueChartPanel series={series} thresholds={rule.thresholds} />
            <h4>Timeline</h4>
            <AlertTimeline events={timeline} />
          </>
        )}
      </QueryState>
    </section>
  );
}
