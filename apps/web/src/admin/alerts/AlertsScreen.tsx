import { useState } from 'react';
import { ALERT_SEVERITIES, ALERT_STATUSES } from '@pulse/api-contract/schemas';
import type { AlertView } from '@pulse/api-contract/schemas';
import { useSessionApi } from '../../api/useSessionApi.ts';
import { formatDateTime, formatValue } from '../format.ts';
import { LoadState } from '../LoadState.tsx';
import { useLoad } from '../useLoad.ts';
import { AlertDetailPanel } from './AlertDetailPanel.tsx';
import { applyAlertChange, DEFAULT_FILTER, filterToInput, matchesFilter } from './alert-filter.ts';
import type { AlertFilter, TimeRange } from './alert-filter.ts';
import { useLiveAlerts } from './useLiveAlerts.ts';

const TIME_LABELS: Record<TimeRange, string> = { any: 'Any time', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days' };

/** The organization's alerts, filtered, kept current by `live.alerts`; one opens in the detail panel. */
export function AlertsScreen({ organizationId }: { organizationId: string }) {
  const { trpc } = useSessionApi();
  const [filter, setFilter] = useState<AlertFilter>(DEFAULT_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const rules = useLoad(`rules:${organizationId}`, (signal) => trpc.alerts.rules.list.query({ organizationId }, { signal }));
  const alerts = useLoad(`alerts:${organizationId}:${JSON.stringify(filter)}`, (signal) =>
    trpc.alerts.list.query({ organizationId, ...filterToInput(filter, Date.now()) }, { signal }),
  );
  const onAlert = (alert: AlertView) =>
    alerts.update((data) => ({ ...data, items: applyAlertChange(data.items, alert, matchesFilter(alert, filter, Date.now())) }));
  const liveError = useLiveAlerts(organizationId, onAlert);
  const set = (change: Partial<AlertFilter>) => setFilter((previous) => ({ ...previous, ...change }));
  const selected = alerts.state.status === 'ready' ? alerts.state.data.items.find((item) => item.id === selectedId) : undefined;

  return (
    <section className="admin" aria-labelledby="alerts-heading">
      <div className="admin-head">
        <h2 id="alerts-heading">Alerts</h2>
      </div>
      {liveError && (
        <p className="banner" role="status">
          {liveError}
        </p>
      )}
      <form className="filters" aria-label="Alert filters" onSubmit={(event) => event.preventDefault()}>
        <label className="field">
          <span>Status</span>
          <select value={filter.status} onChange={(event) => set({ status: event.target.value as AlertFilter['status'] })}>
            <option value="">All</option>
            <option value="open">Open</option>
            {ALERT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Severity</span>
          <select value={filter.severity} onChange={(event) => set({ severity: event.target.value as AlertFilter['severity'] })}>
            <option value="">All</option>
            {ALERT_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Rule</span>
          <select value={filter.ruleId} onChange={(event) => set({ ruleId: event.target.value })}>
            <option value="">All rules</option>
            {rules.state.status === 'ready' &&
              rules.state.data.rules.map((rule) => (
                <option key={rule.id} value={rule.id}>
                  {rule.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>Time</span>
          <select value={filter.time} onChange={(event) => set({ time: event.target.value as TimeRange })}>
            {Object.entries(TIME_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <div className="admin-split">
        <LoadState loaded={alerts.state} what="The alerts" onRetry={alerts.reload}>
          {(data) =>
            data.items.length === 0 ? (
              <div className="card empty">
                <p>No alerts match these filters.</p>
                <p className="muted">New alerts appear here live as rules fire. Create a rule under Rules to start.</p>
              </div>
            ) : (
              <AlertTable items={data.items} selectedId={selectedId} onSelect={setSelectedId} />
            )
          }
        </LoadState>
        {selectedId && (
          <AlertDetailPanel
            key={selectedId}
            organizationId={organizationId}
            alertId={selectedId}
            version={selected?.updatedAt ?? ''}
            onChanged={onAlert}
            onClose={() => setSelectedId(null)}
          />
        )}
      </div>
    </section>
  );
}

function AlertTable({ items, selectedId, onSelect }: { items: AlertView[]; selectedId: string | null; onSelect(id: string): void }) {
  return (
    <div className="card table-card">
      <table className="table" aria-label="Alert list">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">State</th>
            <th scope="col">Severity</th>
            <th scope="col">Value</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {items.map((alert) => (
            <tr key={alert.id} data-alert-id={alert.id} aria-selected={alert.id === selectedId}>
              <td>
                <button type="button" className="link-button" onClick={() => onSelect(alert.id)}>
                  {alert.rule.name}
                </button>
              </td>
              <td>
                <span className={`state state-${alert.state}`} data-testid="alert-state">
                  {alert.state}
                </span>
              </td>
              <td>
                <span className={`severity severity-${alert.severity}`}>{alert.severity}</span>
              </td>
              <td>
                {formatValue(alert.value)} {alert.operator} {formatValue(alert.threshold)}
              </td>
              <td>{formatDateTime(alert.startedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
