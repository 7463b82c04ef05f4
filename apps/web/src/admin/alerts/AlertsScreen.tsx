import { ALERT_SEVERITIES, ALERT_STATUSES } from '@pulse/api-contract/schemas';
import type { AlertView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';
import { QueryState } from '../../ui/QueryState.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { EmptyState, TableCard } from '../../ui/TableCard.tsx';
import { formatDateTime, formatValue } from '../format.ts';
import { AlertDetailPanel } from './AlertDetailPanel.tsx';
import { filterFromSearch, searchFromFilter } from './alert-filter.ts';
import type { AlertFilter, AlertsSearch, TimeRange } from './alert-filter.ts';
import { useAlertList } from './useAlertList.ts';
import { useLiveAlerts } from './useLiveAlerts.ts';

const TIME_CHOICES: { value: TimeRange; label: string }[] = [
  { value: 'any', label: 'Any time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

type Props = {
  organizationId: string;
  /** The filters and the open alert, from the address. */
  search: AlertsSearch;
  onSearch(change: Partial<AlertsSearch>): void;
};

/** The organization's alerts, filtered, kept current by `live.alerts`; one opens in the detail panel. */
export function AlertsScreen({ organizationId, search, onSearch }: Props) {
  const utils = trpc.useUtils();
  const filter = filterFromSearch(search);
  const selectedId = search.alert ?? null;
  const rules = trpc.alerts.rules.list.useQuery({ organizationId });
  const { query: alerts, apply } = useAlertList(organizationId, filter);
  const onAlert = (alert: AlertView) => {
    apply(alert);
    // The open alert changed: its detail (timeline, series) is fetched again.
    if (alert.id === selectedId) void utils.alerts.get.invalidate({ organizationId, id: alert.id });
  };
  const liveError = useLiveAlerts(organizationId, onAlert);
  const moreError = alerts.isFetchNextPageError ? describeError(alerts.error) : null;
  const set = (change: Partial<AlertFilter>) => onSearch(searchFromFilter(change));

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
            ...(rules.data?.rules.map((rule) => ({ value: rule.id, label: rule.name })) ?? []),
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
        <QueryState query={alerts} what="The alerts">
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title="No alerts match these filters." hint="New alerts appear here live as rules fire. Create a rule under Rules to start." />
            ) : (
              <div className="admin">
                <AlertTable items={data.items} selectedId={selectedId} onSelect={(alert) => onSearch({ alert })} />
                {data.nextCursor && (
                  <button type="button" className="button" disabled={alerts.isFetchingNextPage} onClick={() => void alerts.fetchNextPage()}>
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
        </QueryState>
        {selectedId && (
          <AlertDetailPanel
            key={selectedId}
            organizationId={organizationId}
            alertId={selectedId}
            onChanged={onAlert}
            onClose={() => onSearch({ alert: undefined })}
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
