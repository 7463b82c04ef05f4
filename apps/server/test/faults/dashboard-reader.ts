import type { StaleReason, WidgetsData } from '@pulse/api-contract/schemas';
import { trpcMutation, trpcQuery } from '../trpc-http.ts';

export type ReaderStats = {
  /** widgets.data calls made while the faults struck. */
  reads: number;
  /** Calls that failed, hung past the bound, or answered without every widget (the first few kept). */
  failures: number;
  failureSamples: string[];
  /** Widgets answered stale, by reason, over all reads. */
  stale: Record<StaleReason, number>;
};

const READ_EVERY_MS = 200;
/** A read that takes longer counts as failed: degraded mode answers from caches, it does not wait out timeouts. */
const READ_BOUND_MS = 5000;
const SAMPLES = 5;

/**
 * A viewer who keeps a dashboard open through the faults (issue 11, degraded, not down): signs
 * in and opens the OWNER's home before they strike, then reads its widgets over HTTP every
 * READ_EVERY_MS until stopped. Every read must answer every widget in time; while Redis or
 * Postgres is away the answers are marked stale instead.
 */
export async function startDashboardReader(url: string, email: string, password: string) {
  const login = await trpcMutation(url, 'auth.login', { email, password });
  const { accessToken } = login.data as { accessToken: string };
  const home = await trpcQuery(url, 'dashboards.home', {}, { token: accessToken });
  const { dashboard } = home.data as { dashboard: { id: string; widgetPreferences: unknown[] } };
  const stats: ReaderStats = { reads: 0, failures: 0, failureSamples: [], stale: { redis_unavailable: 0, postgres_unavailable: 0 } };
  const failed = (why: string) => {
    stats.failures++;
    if (stats.failureSamples.length < SAMPLES) stats.failureSamples.push(why);
  };

  async function readOnce(): Promise<void> {
    stats.reads++;
    const input = encodeURIComponent(JSON.stringify({ dashboardId: dashboard.id }));
    try {
      const response = await fetch(`${url}/trpc/widgets.data?input=${input}`, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(READ_BOUND_MS) });
      const body = (await response.json()) as { result?: { data: WidgetsData }; error?: { message: string } };
      const answer = body.result?.data;
      if (response.status !== 200 || !answer) return failed(`${response.status}: ${body.error?.message ?? 'no data'}`);
      if (answer.widgets.length !== dashboard.widgetPreferences.length) return failed(`${answer.widgets.length} of ${dashboard.widgetPreferences.length} widgets`);
      for (const widget of answer.widgets) if (widget.stale) stats.stale[widget.stale.reason]++;
    } catch (error) {
      failed(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
  }

  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await readOnce();
      await new Promise((resolve) => setTimeout(resolve, READ_EVERY_MS));
    }
  })();
  return {
    async stop(): Promise<ReaderStats> {
      stopped = true;
      await loop;
      return stats;
    },
  };
}
