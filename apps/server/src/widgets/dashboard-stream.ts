import type { LiveItem } from '@pulse/api-contract/router';
import type { Dashboard, DashboardUpdate, LiveDashboardInput, TimeRange, UserActor } from '@pulse/api-contract/schemas';
import type { LiveHub } from '../live/live-hub.ts';
import { fingerprintOf } from './answer-fingerprint.ts';
import { refuseMaskedUserFilters } from './drill-down-filters.ts';
import { type MaskerOf, maskResults } from './masked-results.ts';
import { scopeOf, type ViewerScope } from './viewer-scope.ts';
import type { WidgetAsk, WidgetEngine } from './widget-engine.ts';
import { widgetsOf } from './widgets.service.ts';

/** At most this many updates per second per dashboard (and so per widget): changes in between are coalesced. */
export const MIN_UPDATE_INTERVAL_MS = 250;
/** Sliding windows move without events (the last 5 minutes, the current minute): look again this often. */
const IDLE_REFRESH_MS = 15_000;

type Dependencies = {
  engine: WidgetEngine;
  /** The organization's activity deltas (the live counters moved). */
  activityHub: LiveHub;
  getDashboard(actor: UserActor, organizationId: string, id: string): Promise<Dashboard>;
  opened?(organizationId: string, dashboardId: string, scope: ViewerScope, widgets: WidgetAsk[]): void;
  /** Asked per update (the policies are cached), so a policy change applies to open dashboards. */
  maskerFor: MaskerOf;
};

/**
 * A range that ended before now (an absolute `timeRange` override in the past) is still: its
 * numbers are read once, then the stream idles until the client leaves. Events arriving late
 * for that range are not pushed: a reload reads them.
 */
const isStill = (timeRange: TimeRange | undefined, now: number) => timeRange?.kind === 'absolute' && Date.parse(timeRange.to) <= now;

/** Resolves when the signal aborts (at once if it has). */
const untilAborted = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

/**
 * `live.dashboard`: listens first (rollup versions and counter deltas of the organization, both
 * relayed from Redis pub/sub), then reads every widget and sends them all; after that, each
 * change wakes it, at most every MIN_UPDATE_INTERVAL_MS it reads again and sends the widgets
 * whose numbers changed. Numbers are totals, not increments, and the id is the data version
 * they include: a client that reconnects with its last id gets every widget's current numbers,
 * which hold what it missed exactly once.
 */
export async function* dashboardStream(deps: Dependencies, actor: UserActor, organizationId: string, input: LiveDashboardInput, signal: AbortSignal): AsyncGenerator<LiveItem<DashboardUpdate>> {
  let changed = true;
  let wake: (() => void) | null = null;
  const poke = () => {
    changed = true;
    wake?.();
  };
  const stopVersions = deps.engine.onVersion((organization) => {
    if (organization === organizationId) poke();
  });
  const stopActivity = await deps.activityHub.listen(organizationId, poke);
  await deps.engine.versionOf(organizationId);
  signal.addEventListener('abort', poke, { once: true });
  try {
    const widgets = await widgetsOf(deps, actor, organizationId, input);
    const scope = scopeOf(actor);
    refuseMaskedUserFilters(await deps.maskerFor(organizationId, actor), input.filters);
    const sent = new Map<string, string>();
    // The first read (a connect or a resume) at the newest version there is; later ones at the announced one.
    let which: 'fresh' | 'ticked' = 'fresh';
    while (!signal.aborted) {
      deps.opened?.(organizationId, input.dashboardId, scope, widgets);
      changed = false;
      const started = Date.now();
      const { version, widgets: results } = await deps.engine.answerAll(organizationId, scope, widgets, Date.now(), which);
      which = 'ticked';
      const fresh = results.filter((result) => {
        const fingerprint = fingerprintOf(result);
        if (sent.get(result.widgetId) === fingerprint) return false;
        sent.set(result.widgetId, fingerprint);
        return true;
      });
      if (fresh.length > 0) yield { id: String(version), data: { version, widgets: maskResults(await deps.maskerFor(organizationId, actor), widgets, fresh) } };
      if (isStill(input.timeRange, started)) {
        await untilAborted(signal);
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_REFRESH_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (changed || signal.aborted) wake();
      });
      wake = null;
      const wait = MIN_UPDATE_INTERVAL_MS - (Date.now() - started);
      if (!signal.aborted && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    signal.removeEventListener('abort', poke);
    stopVersions();
    stopActivity();
  }
}
