import { useState } from 'react';
import type { SilenceView } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { useSessionApi } from '../../api/useSessionApi.ts';
import { useSessionStore } from '../../auth/useSession.ts';
import { formatDateTime } from '../format.ts';
import { LoadState } from '../LoadState.tsx';
import { EmptyState, TableCard } from '../TableCard.tsx';
import { useLoad } from '../useLoad.ts';

function describeMatch(silence: SilenceView): string {
  const parts = [
    silence.rule ? `rule ${silence.rule.name}` : null,
    silence.severities.length > 0 ? `severity ${silence.severities.join(' or ')}` : null,
    ...silence.matchers.map((matcher) => `${matcher.name} ${matcher.op} "${matcher.value}"`),
  ];
  return parts.filter((part) => part !== null).join(', ');
}

/** The organization's silences, active first, with when they end; an active one can end now. */
export function SilencesScreen({ organizationId }: { organizationId: string }) {
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const [activeOnly, setActiveOnly] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const silences = useLoad(`silences:${organizationId}:${activeOnly}`, (signal) =>
    trpc.alerts.silences.list.query({ organizationId, ...(activeOnly ? { active: true } : {}) }, { signal }),
  );

  const expire = async (id: string) => {
    setError(null);
    try {
      const expired = await session.withAuth(() => trpc.alerts.silences.expire.mutate({ organizationId, id }));
      silences.update((data) => ({
        items: activeOnly ? data.items.filter((item) => item.id !== id) : data.items.map((item) => (item.id === id ? expired : item)),
      }));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <section className="admin" aria-labelledby="silences-heading">
      <div className="admin-head">
        <h2 id="silences-heading">Silences</h2>
        <label className="inline-field">
          <input type="checkbox" checked={activeOnly} onChange={(event) => setActiveOnly(event.target.checked)} />
          <span>Active only</span>
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <LoadState loaded={silences.state} what="The silences" onRetry={silences.reload}>
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
                      <button type="button" className="button button-quiet" onClick={() => void expire(silence.id)}>
                        Expire now
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </TableCard>
          )
        }
      </LoadState>
    </section>
  );
}
