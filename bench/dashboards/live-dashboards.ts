import { readFileSync } from 'node:fs';
import { createPulseClient } from '@pulse/api-contract';
import type { WidgetResult } from '@pulse/api-contract/schemas';
import { startPulseProcesses } from '@pulse/server/testing/pulse-processes.ts';
import { sleep, summarise, type LatencySummary } from '../lib/stats.ts';

export type LiveOptions = { databaseUrl: string; redisUrl: string; prefix: string; dashboards: number; eventsPerSecond: number; seconds: number; cpuProfDir: string | null };
export type LiveResult = { dashboards: number; eventsPerSecond: number; seconds: number; updates: number; latency: LatencySummary; apiMbPerDashboard: number | null };

/** The widget followed: events today by hour (its points add up to the events counted today). */
const FOLLOWED = 'events-today-trend';
const BATCH = 100;
const SUBSCRIPTIONS_PER_CONNECTION = 25;

const rssMb = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : null;
};
const totalOf = (widgets: WidgetResult[]) => {
  const data = widgets.find((widget) => widget.widgetId === FOLLOWED)?.data;
  return data?.shape === 'series' ? data.points.reduce((sum, point) => sum + (point.value ?? 0), 0) : null;
};

/**
 * N open dashboards (the owner's home, over WebSocket, several subscriptions per connection)
 * while events arrive over HTTP at a fixed rate: for every batch, the time from its 202 to the
 * first update of each dashboard whose numbers include it; and the api's memory per dashboard.
 */
export async function liveDashboards(options: LiveOptions): Promise<LiveResult> {
  const servers = await startPulseProcesses({
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    nodeEnv: 'production',
    nodeArgs: (role) => (options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, `--cpu-prof-name=dashboards-live-${role}.cpuprofile`] : []),
  });
  const clients: ReturnType<typeof createPulseClient>[] = [];
  try {
    const api = servers.processes.find((server) => server.name === 'api');
    const anonymous = createPulseClient({ url: servers.url });
    const session = await anonymous.api.auth.login.mutate({ email: 'owner@acme.test', password: 'pulse-demo' });
    anonymous.close();
    const http = createPulseClient({ url: servers.url, token: session.accessToken });
    const dashboardId = (await http.api.dashboards.home.query({})).dashboard.id;
    http.close();

    const acceptedAt: number[] = [];
    const latencies: number[] = [];
    let updates = 0;
    const before = api ? rssMb(api.pid) : null;
    const subscribed: Promise<void>[] = [];
    for (let index = 0; index < options.dashboards; index++) {
      if (index % SUBSCRIPTIONS_PER_CONNECTION === 0) clients.push(createPulseClient({ url: servers.url, token: session.accessToken, transport: 'websocket' }));
      const client = clients.at(-1);
      if (!client) continue;
      let baseline: number | null = null;
      let next = 0;
      const started = Promise.withResolvers<void>();
      subscribed.push(started.promise);
      client.api.live.dashboard.subscribe(
        { dashboardId },
        {
          onData: (item) => {
            const at = performance.now();
            updates++;
            const total = totalOf(item.data.widgets);
            if (total === null) return;
            if (baseline === null) {
              baseline = total;
              started.resolve();
              return;
            }
            while ((next + 1) * BATCH <= total - baseline) {
              const accepted = acceptedAt[next];
              latencies.push(accepted === undefined ? 0 : Math.max(0, at - accepted));
              next++;
            }
          },
          onError: (error) => started.reject(error),
        },
      );
    }
    await Promise.all(subscribed);
    await sleep(2000);
    const after = api ? rssMb(api.pid) : null;

    const batches = Math.round((options.eventsPerSecond * options.seconds) / BATCH);
    const interval = (1000 * BATCH) / options.eventsPerSecond;
    const t0 = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let index = 0; index < batches; index++) {
      const wait = t0 + index * interval - performance.now();
      if (wait > 1) await sleep(wait);
      const now = new Date().toISOString();
      const events = Array.from({ length: BATCH }, (_, n) => ({ id: crypto.randomUUID(), type: 'PAGE_VIEW', userId: `live-${n % 50}`, occurredAt: now, properties: { path: '/live' } }));
      inFlight.push(
        fetch(`${servers.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer pk_demo_acme' }, body: JSON.stringify({ events }) }).then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 202) acceptedAt[index] = performance.now();
        }),
      );
    }
    await Promise.all(inFlight);
    const expected = batches * options.dashboards;
    const deadline = performance.now() + 15_000;
    while (latencies.length < expected && performance.now() < deadline) await sleep(100);
    return {
      dashboards: options.dashboards,
      eventsPerSecond: options.eventsPerSecond,
      seconds: options.seconds,
      updates,
      latency: summarise(latencies),
      apiMbPerDashboard: before !== null && after !== null ? Math.round(((after - before) / options.dashboards) * 1000) / 1000 : null,
    };
  } finally {
    for (const client of clients) client.close();
    await servers.stop();
  }
}
