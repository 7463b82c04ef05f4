import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { DashboardVersionItem } from '@pulse/api-contract/schemas';
import { trpc } from '../api/trpc.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { EmptyState } from '../ui/TableCard.tsx';
import { RestoreConfirm } from './RestoreConfirm.tsx';
import { VersionPreview } from './VersionPreview.tsx';
import { describeRestoreError, useDashboardVersions, useRestoreVersion } from './useDashboardVersions.ts';
import styles from './VersionHistory.module.css';

type Props = { organizationId: string; dashboardId: string };

/**
 * A dashboard's kept versions, newest first: who saved each, when, and what changed. Whoever
 * may edit the dashboard restores an older one (after confirming); the restore is itself a
 * new version, so nothing in the history is lost.
 */
export function VersionHistory({ organizationId, dashboardId }: Props) {
  // The same query (and cache entry) as the dashboard screen's: its version is the restore's expectedVersion.
  const dashboard = trpc.dashboards.get.useQuery({ organizationId, id: dashboardId });
  const versions = useDashboardVersions(organizationId, dashboardId);
  const restore = useRestoreVersion(organizationId, dashboardId);
  const [confirming, setConfirming] = useState<number | null>(null);
  const current = dashboard.data?.version;
  const headingId = useId();

  const confirmRestore = (version: number) => {
    if (current === undefined) return;
    restore.mutate({ organizationId, id: dashboardId, version, expectedVersion: current }, { onSuccess: () => setConfirming(null) });
  };

  return (
    <section className={styles.history} aria-labelledby={headingId}>
      <h2 id={headingId}>Version history</h2>
      <p className="notice" role="status" hidden={!restore.data}>
        {restore.data && restore.variables && `Restored version ${restore.variables.version} as version ${restore.data.version}.`}
      </p>
      <QueryState query={versions} what="The version history">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No versions kept yet." hint="Every save of this dashboard is kept here, with who saved it and what changed." />
          ) : (
            <>
              <ol className={styles.list} aria-label="Versions">
                {data.items.map((item) => (
                  <VersionRow
                    key={item.version}
                    item={item}
                    preview={<VersionPreview organizationId={organizationId} dashboardId={dashboardId} version={item.version} />}
                    isCurrent={item.version === current}
                    canRestore={dashboard.data?.canEdit === true && item.version !== current}
                    confirming={confirming === item.version}
                    onRestore={() => {
                      restore.reset();
                      setConfirming(item.version);
                    }}
                    confirm={
                      <RestoreConfirm
                        version={item.version}
                        current={current}
                        pending={restore.isPending}
                        error={restore.error ? describeRestoreError(restore.error) : null}
                        onConfirm={() => confirmRestore(item.version)}
                        onCancel={() => {
                          restore.reset();
                          setConfirming(null);
                        }}
                      />
                    }
                  />
                ))}
              </ol>
              <LoadMore pager={versions} label="Load older versions" what="Older versions" />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

type RowProps = {
  item: DashboardVersionItem;
  isCurrent: boolean;
  canRestore: boolean;
  confirming: boolean;
  onRestore(): void;
  confirm: ReactNode;
  preview: ReactNode;
};

function VersionRow({ item, isCurrent, canRestore, confirming, onRestore, confirm, preview }: RowProps) {
  return (
    <li className={styles.item} aria-label={`Version ${item.version}`}>
      <div className={styles.head}>
        <strong>Version {item.version}</strong>
        {isCurrent && <span className={styles.current}>Current</span>}
        <span className="muted small">
          {item.createdBy ? item.createdBy.name : 'Pulse'} · <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
        </span>
      </div>
      <p className={styles.summary}>{item.summary}</p>
      {item.note && <p className={`muted ${styles.note}`}>“{item.note}”</p>}
      {preview}
      {confirming
        ? confirm
        : canRestore && (
            <button type="button" className="button button-quiet" onClick={onRestore}>
              Restore version {item.version}
            </button>
          )}
    </li>
  );
}
