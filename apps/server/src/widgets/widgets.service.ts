import type { PulseServices } from '@pulse/api-contract/router';
import type { Dashboard, DashboardOverrides, UserActor, WidgetsDataInput } from '@pulse/api-contract/schemas';
import type { CircuitBreaker } from '../breakers/circuit-breaker.ts';
import { withOverrides } from './compute-query.ts';
import { retryLaterFor } from './dependency-breakers.ts';
import { refuseMaskedUserFilters } from './drill-down-filters.ts';
import { type MaskerOf, maskResults } from './masked-results.ts';
import { scopeOf, type ViewerScope } from './viewer-scope.ts';
import type { WidgetAsk, WidgetEngine } from './widget-engine.ts';

type Dependencies = {
  engine: WidgetEngine;
  /** The dashboards service's get: NOT_FOUND for a dashboard of another organization or one the caller may not see. */
  getDashboard(actor: UserActor, organizationId: string, id: string): Promise<Dashboard>;
  /** Remembers that a dashboard was opened (the cache-refresh worker keeps it warm for an hour). */
  opened?(organizationId: string, dashboardId: string, scope: ViewerScope, widgets: WidgetAsk[]): void;
  /** The viewer's masker: user ids in the answers (most active users, counts by user) are masked per the organization's policy. */
  maskerFor: MaskerOf;
  /** Tells an error of Postgres being away (the policy could not be read) from others. */
  postgres: CircuitBreaker;
};

/**
 * The viewer's masker; the policy is cached, so only a process that never read it fails, with
 * UNAVAILABLE. A user filter the viewer can only have read as a pseudonym is refused here.
 */
export async function maskerOf(deps: Pick<Dependencies, 'maskerFor' | 'postgres'>, organizationId: string, actor: UserActor, overrides: Pick<DashboardOverrides, 'filters'>) {
  let masker;
  try {
    masker = await deps.maskerFor(organizationId, actor);
  } catch (error) {
    if (deps.postgres.isDependencyError(error)) throw retryLaterFor(deps.postgres, 'The masking policy cannot be read while the database is unavailable.', error);
    throw error;
  }
  refuseMaskedUserFilters(masker, overrides.filters);
  return masker;
}

/** The widgets a call asks about: a saved dashboard's (checked for the caller) or the given queries, with the dashboard's overrides. */
export async function widgetsOf(deps: Pick<Dependencies, 'getDashboard'>, actor: UserActor, organizationId: string, input: Pick<WidgetsDataInput, 'dashboardId' | 'widgets'> & DashboardOverrides): Promise<WidgetAsk[]> {
  const widgets = input.dashboardId ? (await deps.getDashboard(actor, organizationId, input.dashboardId)).widgetPreferences : (input.widgets ?? []);
  const filters = input.filters && input.filters.length > 0 ? input.filters : undefined;
  return widgets.map((widget) => ({ id: widget.id, query: withOverrides(widget.query, input), filters }));
}

export function createWidgetsService(deps: Dependencies): PulseServices['widgets'] {
  return {
    async data(actor, organizationId, input) {
      const widgets = await widgetsOf(deps, actor, organizationId, input);
      const scope = scopeOf(actor);
      if (input.dashboardId) deps.opened?.(organizationId, input.dashboardId, scope, widgets);
      const [masker, { version, widgets: results }] = await Promise.all([maskerOf(deps, organizationId, actor, input), deps.engine.answerAll(organizationId, scope, widgets)]);
      return { asOf: new Date().toISOString(), version, widgets: maskResults(masker, widgets, results) };
    },
    async preview(actor, organizationId, input) {
      const widgets = [{ id: 'preview', query: withOverrides(input.query, input), filters: input.filters }];
      const [masker, { widgets: results }] = await Promise.all([maskerOf(deps, organizationId, actor, input), deps.engine.answerAll(organizationId, scopeOf(actor), widgets)]);
      const [widget] = maskResults(masker, widgets, results);
      if (!widget) throw new Error('no answer for the preview');
      return widget;
    },
  };
}
