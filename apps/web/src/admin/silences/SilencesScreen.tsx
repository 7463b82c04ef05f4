import type { SilenceView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';
import { formatDateTime } from '../../ui/format.ts';
import { QueryState } from '../../ui/QueryState.tsx';
import { EmptyState, TableCard } from '../../ui/TableCard.tsx';

function describeMatch(silence: SilenceView): string {
  const parts = [
    silence.rule ? `rule ${silence.rule.name}` : null,
    silence.severities.length > 0 ? `severity ${silence.severities.join(' or ')}` : null,
    ...silence.matchers.map((matcher) => `${matcher.name} ${matcher.op} "${matcher.value}"`),
  ];
  return parts.filter((part) => part !== null).join(', ');
}

type Props = {
  organizationId: string;
  /** From the address: `?all=true` lists ended silences too. */
  activeOnly: boolean;
  onActiveOnly(activeOnly: boolean): void;
};

/** The organization's silences, active first, with when they end; an active one can end now. */
export function SilencesScreen({ organizationId, activeOnly, onActiveOnly }: Props) {
  const utils = trpc.useUtils();
  const input = { organizationId, ...(activeOnly ? { active: true } : {}) };
  const silences = trpc.alerts.silences.list.useQuery(input);
  const expire = trpc.alerts.silences.expire.useMutation({
    onSuccess: (expired) =>
      utils.alerts.silences.list.setData(input, (data) =>
        data && { items: activeOnly ? data.items.filter((item) => item.id !== expired.id) : data.items.map((item) => (item.id === expired.id ? expired : item)) },
      ),
  });
  const error = expire.error ? describeError(expire.error) : null;

  return (
    <section className="admin" aria-labelledby="silences-heading">
      <div className="admin-head">
        <h2 id="silences-heading">Silences</h2>
        <label className="inline-field">
          <input type="checkbox" checked={activeOnly} onChange={(event) => onActiveOnly(event.target.checked)} />
          <span>Active only</span>
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <QueryState query={silences} what="The silences">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title={activeOnly ? 'No active silences.' : 'No silences yet.'} hint="Silence an alert from its detail under Alerts; it shows here until it ends." />
          ) : (
            <TableCard label="Silence list" columns={['Matches', 'Comment', 'Ends', 'Silencing', '']}>
              {data.items.map((silence) => (
                <tr key={silence.id} data-silence-id={silence.id}>
                  <td>{describeMatch(silence)}</td>
                  <td>{silence.comment || <span className="muted">—</span>}</td>
                  <td>
                    {silence.active ? '' : 'ended '}
                    {formatDateTime(silence.endsAt)}
                  </td>
                  <td>{silence.silencedAlerts} open alerts</td>
                  <td>
                    {silence.active && (
                      <button type="button" className="button button-quiet" onClick={() => expire.mutate({ organizationId, id: silence.id })}>
                        Expire now
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </TableCard>
          )
        }
      </QueryState>
    </section>
  );
}
