import { useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import type { Dashboard } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { downloadBlob, downloadText } from '../ui/download.ts';
import { ActionsMenu } from './ActionsMenu.tsx';
import { readDashboardFile } from './dashboard-file.ts';
import { ShareDialog } from './ShareDialog.tsx';
import { dashboardPng, fileSlug } from './snapshot.ts';
import { useExportTask } from './useExportTask.ts';
import styles from './exports.module.css';

type Props = {
  organizationId: string;
  dashboard: Dashboard;
  /** Opens the dashboard an import made. */
  onOpen(dashboardId: string): void;
};

/**
 * The toolbar's sharing and files: "Share" for those who may edit the dashboard, and a menu with
 * Export JSON (`dashboards.export`), Import JSON (checked by the contract, then
 * `dashboards.import`, which makes a private copy and opens it) and a PNG of the whole dashboard.
 */
export function DashboardActions({ organizationId, dashboard, onOpen }: Props) {
  const utils = trpc.useUtils();
  const [sharing, setSharing] = useState(false);
  const [issues, setIssues] = useState<string[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const task = useExportTask();
  const importDashboard = trpc.dashboards.import.useMutation({
    onSuccess: (created) => {
      void utils.dashboards.list.invalidate({ organizationId });
      utils.dashboards.get.setData({ organizationId, id: created.id }, created);
      onOpen(created.id);
    },
  });

  const exportJson = () =>
    task.run(async () => {
      const document = await utils.client.dashboards.export.query({ organizationId, dashboardId: dashboard.id });
      downloadText(`${fileSlug(dashboard.name)}.pulse-dashboard.json`, `${JSON.stringify(document, null, 2)}\n`, 'application/json');
    });
  const exportPng = () =>
    task.run(async () => {
      const cards = [...(root.current?.closest('main')?.querySelectorAll<HTMLElement>('[data-widget-id] > section') ?? [])];
      if (cards.length === 0) throw new Error('This dashboard has no widgets on screen to draw.');
      const image = await dashboardPng(cards, dashboard.name);
      await utils.client.dashboards.recordImageExport.mutate({ organizationId, dashboardId: dashboard.id, format: 'png' });
      downloadBlob(`${fileSlug(dashboard.name)}.png`, image);
    });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // The same file may be picked again after fixing it.
    event.target.value = '';
    if (!file) return;
    setIssues([]);
    importDashboard.reset();
    const read = readDashboardFile(await file.text());
    if (!read.ok) return setIssues(read.issues);
    importDashboard.mutate({ organizationId, document: read.document });
  }

  const importIssues = issues.length > 0 ? issues : importDashboard.error ? [describeError(importDashboard.error)] : [];
  return (
    <div ref={root} className={styles.actions}>
      {dashboard.canEdit && (
        <button type="button" className="button" onClick={() => setSharing(true)}>
          Share
        </button>
      )}
      <ActionsMenu
        label="Export or import"
        text="Export ⋯"
        actions={[
          { label: 'Export JSON', onSelect: () => void exportJson() },
          { label: 'Import JSON…', onSelect: () => fileInput.current?.click() },
          { label: 'Download PNG', onSelect: () => void exportPng() },
        ]}
      />
      <input ref={fileInput} className={styles.fileInput} type="file" accept="application/json,.json" aria-label="Dashboard file to import" onChange={(event) => void onFile(event)} />
      {importDashboard.isPending && (
        <span role="status" className="small muted">
          Importing…
        </span>
      )}
      {importIssues.length > 0 && (
        <div role="alert" className={`form-error ${styles.issues}`}>
          <p>This file cannot be imported:</p>
          <ul>
            {importIssues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
          <button type="button" className="button button-quiet" onClick={() => {
              setIssues([]);
              importDashboard.reset();
            }}
          >
            Dismiss
          </button>
        </div>
      )}
      {task.error && (
        <p role="alert" className="form-error">
          Export failed: {task.error}
        </p>
      )}
      {sharing && <ShareDialog organizationId={organizationId} dashboard={dashboard} onClose={() => setSharing(false)} />}
    </div>
  );
}
