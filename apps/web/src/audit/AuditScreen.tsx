import type { AuditEntry } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { EmptyState, TableCard } from '../ui/TableCard.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import type { AuditSearch } from './audit-filter.ts';
import styles from './AuditScreen.module.css';
import { useAuditExport } from './useAuditExport.ts';
import { useAuditLog } from './useAuditLog.ts';

type Props = {
  organizationId: string;
  organizationName: string;
  /** A SUPERADMIN may read every organization's entries at once. */
  canSeeAll: boolean;
  /** The filters, from the address. */
  search: AuditSearch;
  onSearch(change: Partial<AuditSearch>): void;
};

const entries = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'entry' : 'entries'}`;

/** Who did it: their e-mail while the account exists, else their id; no user is Pulse itself. */
function actorName(entry: Pick<AuditEntry, 'actorEmail' | 'actorUserId'>): string {
  return entry.actorEmail ?? entry.actorUserId ?? 'Pulse';
}

/** The append-only audit log, filtered and paged, newest first; the filtered log exports as CSV. */
export function AuditScreen({ organizationId, organizationName, canSeeAll, search, onSearch }: Props) {
  const log = useAuditLog(organizationId, search);
  const exporter = useAuditExport(organizationId, search);
  const actorEntry = search.actor ? log.data?.entries.find((entry) => entry.actorUserId === search.actor) : undefined;
  const exported = exporter.data;

  return (
    <section className="admin" aria-labelledby="audit-heading">
      <div className="admin-head">
        <h2 id="audit-heading">Audit log</h2>
        <div className="button-row">
          {canSeeAll && (
            <label className="inline-field">
              <input type="checkbox" checked={search.scope === 'all'} onChange={(event) => onSearch({ scope: event.target.checked ? 'all' : undefined })} />
              <span>All organizations</span>
            </label>
          )}
          <button type="button" className="button button-primary" disabled={exporter.isPending} onClick={() => exporter.mutate()}>
            {exporter.isPending ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <p className="muted">
        What was done in {search.scope === 'all' ? 'every organization' : organizationName}, by whom and when; newest first. Entries are never changed or
        deleted, only kept for the retention period.
      </p>
      {exporter.error ? (
        <p className="form-error" role="alert">
          The export failed: {describeError(exporter.error)}
        </p>
      ) : null}
      <p className="notice" role="status" hidden={!exported}>
        {exported &&
          (exported.truncated
            ? `Exported the newest ${entries(exported.rows)} as ${exported.filename}. There are more: narrow the filters to export the rest.`
            : `Exported ${entries(exported.rows)} as ${exported.filename}.`)}
      </p>
      <AuditFilters key={JSON.stringify(search)} search={search} onSearch={onSearch} />
      {search.actor && (
        <p className={styles.actorFilter}>
          <span>
            Only entries by <strong>{actorEntry ? actorName(actorEntry) : search.actor}</strong>
          </span>
          <button type="button" className="button button-quiet" onClick={() => onSearch({ actor: undefined })}>
            Show every actor
          </button>
        </p>
      )}
      <QueryState query={log} what="The audit log">
        {(data) =>
          data.entries.length === 0 ? (
            <EmptyState title="No entries match these filters." hint="Sign-ins, changes to rules and silences, and exports are recorded here as they happen." />
          ) : (
            <div className="admin">
              <TableCard label="Audit entries" columns={['When', 'Actor', 'Action', 'Target', 'Details', 'Address']}>
                {data.entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} onActor={(actor) => onSearch({ actor })} />
                ))}
              </TableCard>
              <LoadMore pager={log} label="Load older entries" what="Older entries" className={`button ${styles.more}`} />
            </div>
          )
        }
      </QueryState>
    </section>
  );
}

function AuditRow({ entry, onActor }: { entry: AuditEntry; onActor(actorUserId: string): void }) {
  const details = Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : '';
  const actor = actorName(entry);
  return (
    <tr data-audit-id={entry.id}>
      <td className={styles.nowrap}>
        <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
      </td>
      <td>
        {entry.actorUserId ? (
          <button type="button" className="link-button" title={`Show only entries by ${actor}`} onClick={() => entry.actorUserId && onActor(entry.actorUserId)}>
            {actor}
          </button>
        ) : (
          <span className="muted">{actor}</span>
        )}
      </td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td>{entry.targetType ? `${entry.targetType}${entry.targetId ? ` ${entry.targetId}` : ''}` : <span className="muted">—</span>}</td>
      <td className={styles.details} title={details}>
        {details ? <code>{details}</code> : <span className="muted">—</span>}
      </td>
      <td>{entry.ip ?? <span className="muted">—</span>}</td>
    </tr>
  );
}
