import { useState } from 'react';
import { ALERT_SEVERITIES, ALERT_STATUSES } from '@pulse/api-contract/schemas';
import type { AlertView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { useSessionApi } from '../../api/useSessionApi.ts';
import { useSessionStore } from '../../auth/useSession.ts';
import { formatDateTime, formatValue } from '../format.ts';
import { LoadState } from '../LoadState.tsx';
import { EmptyState, TableCard } from '../TableCard.tsx';
import { SelectField } from '../SelectField.tsx';
import { useLoad } from '../useLoad.ts';
import { AlertDetailPanel } from './AlertDetailPanel.tsx';
import { applyAlertChange, DEFAULT_FILTER, filterToInput, matchesFilter } from './alert-filter.ts';
import type { AlertFilter, TimeRange } from './alert-filter.ts';
import { useLiveAlerts } from './useLiveAlerts.ts';

const TIME_CHOICES: { value: TimeRange; label: string }[] = [
  { value: 'any', label: 'Any time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

/** The organization's alerts, filtered, kept current by `live.alerts`; one opens in the detail panel. */
export function AlertsScreen({ organizationId }: { organizationId: string }) {
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const [filter, setFilter] = useState<AlertFilter>(DEFAULT_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const rules = useLoad(`rules:${organizationId}`, (signal) => trpc.alerts.rules.list.query({ organizationId }, { signal }));
  const alerts = useLoad(`alerts:${organizationId}:${JSON.stringify(filter)}`, (signal) =>
    trpc.alerts.list.query({ organizationId, ...filterToInput(filter, Date.now()) }, { signal }),
  );
  const onAlert = (alert: AlertView) =>
    alerts.update((data) => ({ ...data, items: applyAlertChange(data.items, alert, matchesFilter(alert, filter, Date.now())) }));
  const liveError = useLiveAlerts(organizationId, onAlert);
  const [moreError, setMoreError] = useState<string | null>(null);
  const loadMore = async (cursor: string) => {
    setMoreError(null);
    try {
      const next = await session.withAuth(() => trpc.alerts.list.query({ organizationId, ...filterToInput(filter, Date.now()), cursor }));
      alerts.update((data) => ({
        items: [...data.items, ...next.items.filter((item) => !data.items.some((have) => have.id === item.id))],
        nextCursor: next.nextCursor,
      }));
    } catch (failure) {
      setMoreError(describeError(failure));
    }
  };
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
        <SelectField
          label="Status"
          value={filter.status}
          choices={[{ value: '', label: 'All' }, { value: 'open', label: 'Open' }, ...ALERT_STATUSES]}
          onChange={(status) => set({ status })}
        />
        <SelectField label="Severity" value={filter.severity} choices={[{ value: '', label: 'All' }, ...ALERT_SEVERITIES]} onChange={(severity) => set({ severity })} />
        <SelectField
          label="Rule"
          value={filter.ruleId}
          choices={[
            { value: '', label: 'All rules' },
            ...(rules.state.status === 'ready' ? rules.state.data.rules.map((rule) => ({ value: rule.id, label: rule.name })) : []),
          ]}
          onChange={(ruleId) => set({ ruleId })}
        />
        <SelectField
          label="Time"
          value={filter.time}
          choices={TIME_CHOICES}
          onChange={(time) => set({ time })}
        />
      </form>
      <div className="admin-split">
        <LoadState loaded={alerts.state} what="The alerts" onRetry={alerts.reload}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title="No alerts match these filters." hint="New alerts appear here live as rules fire. Create a rule under Rules to start." />
            ) : (
              <div className="admin">
                <AlertTable items={data.items} selectedId={selectedId} onSelect={setSelectedId} />
                {data.nextCursor && (
                  <button type="button" className="button" onClick={() => void loadMore(data.nextCursor as string)}>
                    Load older alerts
                  </button>
                )}
                {moreError && (
                  <p className="form-error" role="alert">
                    Older alerts could not load: {moreError}
                  </p>
                )}
              </div>
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
    <TableCard label="Alert list" columns={['Rule', 'State', 'Severity', 'Value', 'Started']}>
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
    </TableCard>
  );
}
