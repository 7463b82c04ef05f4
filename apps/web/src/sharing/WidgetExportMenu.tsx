import { useRef } from 'react';
import type { Widget } from '@pulse/api-contract/schemas';
import type { WidgetsDataOverrides } from '../dashboard-controls/dashboard-view.ts';
import { trpc } from '../api/trpc.ts';
import { downloadBlob, downloadText } from '../ui/download.ts';
import { ActionsMenu } from './ActionsMenu.tsx';
import { fileSlug, widgetPng } from './snapshot.ts';
import { useExportTask } from './useExportTask.ts';
import styles from './exports.module.css';

type Props = {
  organizationId: string;
  dashboardId: string;
  widget: Widget;
  /** The dashboard's view (time range, comparison) as widgets.data is asked it, so the file holds the numbers shown. */
  overrides: WidgetsDataOverrides;
};

/**
 * A widget's ⋯ menu: its numbers as CSV (`dashboards.widgetCsv`: exactly what the server
 * answers this viewer, named by the server after the widget, time range and scope) and a PNG
 * of the card as it is on screen. Both are audited (the PNG through `dashboards.recordImageExport`).
 */
export function WidgetExportMenu({ organizationId, dashboardId, widget, overrides }: Props) {
  const utils = trpc.useUtils();
  const root = useRef<HTMLSpanElement>(null);
  const task = useExportTask();

  const csv = () =>
    task.run(async () => {
      const file = await utils.client.dashboards.widgetCsv.query({ organizationId, dashboardId, widgetId: widget.id, ...overrides });
      downloadText(file.filename, file.csv, file.contentType);
    });
  const png = () =>
    task.run(async () => {
      const card = root.current?.closest('section');
      if (!card) throw new Error('The widget is not on screen.');
      const image = await widgetPng(card);
      // Audited before the file is offered, like the CSV (which the server audits as it answers).
      await utils.client.dashboards.recordImageExport.mutate({ organizationId, dashboardId, widgetId: widget.id, format: 'png' });
      downloadBlob(`${fileSlug(widget.title)}.png`, image);
    });

  return (
    <span ref={root} className={styles.widgetMenu}>
      <ActionsMenu
        label={`Export ${widget.title}`}
        actions={[
          { label: 'Download CSV', onSelect: () => void csv() },
          { label: 'Download PNG', onSelect: () => void png() },
        ]}
      />
      {task.busy && (
        <span role="status" className="visually-hidden">
          Preparing the file…
        </span>
      )}
      {task.error && (
        <span role="alert" className={styles.error}>
          Export failed: {task.error}
        </span>
      )}
    </span>
  );
}
