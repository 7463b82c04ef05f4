import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { NotFoundError } from '@pulse/api-contract/errors';
import type { PulseServices } from '@pulse/api-contract/router';
import type { ImageExportInput, ImageExportRecorded, UserActor, WidgetCsv, WidgetCsvInput } from '@pulse/api-contract/schemas';
import { writeAudit } from '../audit/write-audit.ts';
import { fileSlug, widgetCsv, widgetCsvFilename } from '../export/widget-csv.ts';

type Dependencies = {
  orm: MikroORM;
  getDashboard: PulseServices['dashboards']['get'];
  /** widgets.data itself: the CSV holds exactly its numbers, scoped and masked as for the caller. */
  widgetsData: PulseServices['widgets']['data'];
  /** The caller's scope (widgets/viewer-scope.ts), named in the file. */
  scopeOf(actor: UserActor): { kind: 'organization' | 'nothing' } | { kind: 'branch' | 'department'; id: string };
};

/** `organization`, `branch-<name>`, `department-<name>` or `nothing`. */
async function scopeName(orm: MikroORM, organizationId: string, scope: ReturnType<Dependencies['scopeOf']>): Promise<string> {
  if (!('id' in scope)) return scope.kind;
  const table = scope.kind === 'branch' ? 'branches' : 'departments';
  const [row] = await runSql<{ name: string }>(orm.em.fork(), `SELECT name FROM ${table} WHERE organization_id = $1 AND id = $2`, [organizationId, scope.id]);
  return `${scope.kind}-${fileSlug(row?.name ?? '') || scope.id}`;
}

/**
 * dashboards.recordImageExport: the audit entry of a PNG the browser drew, written once the
 * caller is known to see the dashboard (and the widget): a picture of numbers is an export too.
 */
export function createImageExportAudit(deps: Pick<Dependencies, 'orm' | 'getDashboard'>): PulseServices['dashboards']['recordImageExport'] {
  return async function recordImageExport(actor: UserActor, organizationId: string, input: ImageExportInput): Promise<ImageExportRecorded> {
    const dashboard = await deps.getDashboard(actor, organizationId, input.dashboardId);
    if (input.widgetId !== undefined && !dashboard.widgetPreferences.some((widget) => widget.id === input.widgetId)) throw new NotFoundError(`This dashboard has no widget ${input.widgetId}.`);
    await writeAudit(deps.orm.em.fork(), {
      organizationId,
      actorUserId: actor.userId,
      action: input.widgetId === undefined ? 'dashboard.exported' : 'widget.exported',
      targetType: 'dashboard',
      targetId: input.dashboardId,
      details: { format: input.format, ...(input.widgetId === undefined ? {} : { widgetId: input.widgetId }) },
    });
    return { recorded: true };
  };
}

/** dashboards.widgetCsv: one widget's widgets.data answer as a CSV file, audited. */
export function createWidgetCsvExport(deps: Dependencies): PulseServices['dashboards']['widgetCsv'] {
  return async function exportWidgetCsv(actor: UserActor, organizationId: string, input: WidgetCsvInput): Promise<WidgetCsv> {
    const dashboard = await deps.getDashboard(actor, organizationId, input.dashboardId);
    const widget = dashboard.widgetPreferences.find((candidate) => candidate.id === input.widgetId);
    if (!widget) throw new NotFoundError(`This dashboard has no widget ${input.widgetId}.`);
    const answer = await deps.widgetsData(actor, organizationId, { dashboardId: input.dashboardId, timeRange: input.timeRange, compare: input.compare, filters: input.filters });
    const result = answer.widgets.find((candidate) => candidate.widgetId === input.widgetId);
    if (!result) throw new NotFoundError(`This dashboard has no widget ${input.widgetId}.`);
    const range = widget.query.source === 'counters' ? null : (input.timeRange ?? widget.query.timeRange);
    const filename = widgetCsvFilename(widget.title, widget.id, range, await scopeName(deps.orm, organizationId, deps.scopeOf(actor)));
    const { csv, rowCount } = widgetCsv(result);
    await writeAudit(deps.orm.em.fork(), {
      organizationId,
      actorUserId: actor.userId,
      action: 'widget.exported',
      targetType: 'dashboard',
      targetId: input.dashboardId,
      details: { widgetId: input.widgetId, format: 'csv', filename, rowCount, ...(input.filters?.length ? { filters: input.filters } : {}) },
    });
    return { filename, contentType: 'text/csv; charset=utf-8', csv, rowCount };
  };
}
