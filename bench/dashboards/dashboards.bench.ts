import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createOrm } from '@pulse/db';
import type { OrgRole, WidgetQuery } from '@pulse/api-contract/schemas';
import { readSummary } from '@pulse/server/counters/read-summary.ts';
import { ROLE_DEFAULT_DASHBOARDS } from '@pulse/server/dashboards/role-defaults.ts';
import { createLogger } from '@pulse/server/log.ts';
import { createDependencyBreakers } from '@pulse/server/widgets/dependency-breakers.ts';
import { rebuildActivityRollups } from '@pulse/server/rollups/backfill.ts';
import type { ViewerScope } from '@pulse/server/widgets/viewer-scope.ts';
import { createWidgetEngine } from '@pulse/server/widgets/widget-engine.ts';
import { deleteKeysWithPrefix } from '@pulse/server/testing/redis-prefix.ts';
import { prepareBenchDatabases } from '../lib/databases.ts';
import { percentile } from '../lib/stats.ts';
import { writeHistory } from './history.ts';
import { liveDashboards, type LiveResult } from './live-dashboards.ts';
import { type RawScope, rawWidget } from './raw-sql.ts';

export type DashboardsOptions = {
  events: number;
  days: number;
  iterations: number;
  rawIterations: number;
  live: { dashboards: number; eventsPerSecond: number; seconds: number } | null;
  databaseUrl: string;
  redisUrl: string;
  resultsDir: string;
  /** Write V8 CPU profiles of the live part's api and worker next to the results. */
  cpuProf: boolean;
};

export const DASHBOARD_TARGETS = { warmP95Ms: 20, coldP95Ms: 150, timesRaw: 50, liveP99Ms: 250 };

const say = (line: string) => console.log(`[bench] ${line}`);
const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const stats = (samples: number[]) => ({ samples: samples.length, p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)) });
type Stats = ReturnType<typeof stats>;
type RoleResult = { role: OrgRole; widgets: number; cold: Stats; warm: Stats; raw: Stats; timesRawCold: number | null; timesRawWarm: number | null };

const ms = (value: number | null) => (value === null ? '-' : value < 10 ? value.toFixed(1) : String(Math.round(value)));
const pair = (s: Stats) => `${ms(s.p50Ms)} / ${ms(s.p95Ms)}`;
const times = (value: number | null) => (value === null ? '-' : `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}x`);

function table(results: RoleResult[]): string {
  const header = ['role', 'widgets', 'cold p50/p95 ms', 'warm p50/p95 ms', 'raw SQL p50/p95 ms', 'raw/cold (p50)', 'raw/warm (p50)'];
  const rows = results.map((r) => [r.role, String(r.widgets), pair(r.cold), pair(r.warm), pair(r.raw), times(r.timesRawCold), times(r.timesRawWarm)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  return [line(header), `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * The dashboards benchmark: 30 days of history for two organizations, rolled up by Pulse's own
 * backfill; each role's default dashboard answered by the widget engine (cold caches, warm
 * caches) and by plain SQL over the raw events; then live dashboards under steady traffic.
 */
export async function runDashboardsBenchmark(options: DashboardsOptions): Promise<void> {
  const databases = await prepareBenchDatabases(options.databaseUrl);
  const redis = new Redis(options.redisUrl);
  const prefix = `bench_dash_${randomBytes(4).toString('hex')}`;
  const log = createLogger('error');
  try {
    const db = await databases.create('dashboards');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const ids = async (sql: string) => (await client.query<{ id: string }>(sql)).rows[0]?.id ?? null;
    const globexId = await ids(`select id from organizations where slug = 'globex'`);
    const branchId = await ids(`select b.id from branches b join organizations o on o.id = b.organization_id where o.slug = 'acme' and b.name = 'Berlin HQ'`);
    const departmentId = await ids(`select d.id from departments d join organizations o on o.id = d.organization_id where o.slug = 'acme' and d.name = 'Engineering'`);
    if (!globexId || !branchId || !departmentId) throw new Error('the demo organizations, branches or departments are missing');

    say(`writing ${options.events.toLocaleString('en')} events over ${options.days} days for acme and globex...`);
    const writeStarted = performance.now();
    for (const [organizationId, share] of [
      [db.acmeId, Math.ceil(options.events / 2)],
      [globexId, Math.floor(options.events / 2)],
    ] as const) {
      await writeHistory(db.url, organizationId, share, options.days, (written) => process.stdout.write(`\r[bench]   ${written.toLocaleString('en')} / ${share.toLocaleString('en')}   `));
      process.stdout.write('\n');
    }
    const writeSeconds = (performance.now() - writeStarted) / 1000;

    const orm = await createOrm(db.url);
    const rollupStarted = performance.now();
    for (const organizationId of [db.acmeId, globexId]) await rebuildActivityRollups(orm, organizationId);
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;
    const [rollupRows] = (await client.query<{ n: string }>('select (select count(*) from activity_rollups) + (select count(*) from activity_user_rollups) as n')).rows;
    say(`history written in ${writeSeconds.toFixed(1)} s; rollups built by Pulse's backfill in ${rollupSeconds.toFixed(1)} s (${Number(rollupRows?.n).toLocaleString('en')} rows)`);

    const scopes: Record<OrgRole, ViewerScope> = { OWNER: { kind: 'organization' }, LEADER: { kind: 'branch', id: branchId }, MANAGER: { kind: 'department', id: departmentId } };
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    const summary = (organizationId: string) => readSummary(redis, prefix, organizationId);
    const breakers = createDependencyBreakers({ failureThreshold: 5, coolDownMs: 5000 }, log);
    const results: RoleResult[] = [];
    for (const role of ['OWNER', 'LEADER', 'MANAGER'] as const) {
      const widgets: { id: string; query: WidgetQuery }[] = ROLE_DEFAULT_DASHBOARDS[role].widgetPreferences.map((widget) => ({ id: widget.id, query: widget.query }));
      const scope = scopes[role];
      const rawScope: RawScope = scope.kind === 'branch' ? { column: 'branch_id', id: scope.id } : scope.kind === 'department' ? { column: 'department_id', id: scope.id } : null;
      const cold: number[] = [];
      for (let index = 0; index < options.iterations; index++) {
        // A fresh engine and cache prefix: nothing in process, nothing in Redis.
        const engine = createWidgetEngine({ orm, redis, prefix: `${prefix}:cold${index}`, rollupHub: null, summary, breakers, log });
        const started = performance.now();
        await engine.answerAll(db.acmeId, scope, widgets);
        cold.push(performance.now() - started);
      }
      const engine = createWidgetEngine({ orm, redis, prefix: `${prefix}:warm`, rollupHub: null, summary, breakers, log });
      await engine.answerAll(db.acmeId, scope, widgets);
      const warm: number[] = [];
      for (let index = 0; index < options.iterations; index++) {
        const started = performance.now();
        await engine.answerAll(db.acmeId, scope, widgets);
        warm.push(performance.now() - started);
      }
      const raw: number[] = [];
      for (let index = 0; index < options.rawIterations; index++) {
        const now = Date.now();
        const started = performance.now();
        await Promise.all(
          widgets.map(async (widget) => {
            const connection = await pool.connect();
            try {
              await rawWidget(connection, db.acmeId, rawScope, widget.query, now);
            } finally {
              connection.release();
            }
          }),
        );
        raw.push(performance.now() - started);
      }
      const result = { role, widgets: widgets.length, cold: stats(cold), warm: stats(warm), raw: stats(raw) };
      const ratio = (a: number | null, b: number | null) => (a !== null && b ? Math.round((a / b) * 10) / 10 : null);
      results.push({ ...result, timesRawCold: ratio(result.raw.p50Ms, result.cold.p50Ms), timesRawWarm: ratio(result.raw.p50Ms, result.warm.p50Ms) });
      say(`${role}: cold ${pair(result.cold)} ms, warm ${pair(result.warm)} ms, raw SQL ${pair(result.raw)} ms`);
      await deleteKeysWithPrefix(redis, prefix);
    }
    await pool.end();
    await client.end();
    await orm.close(true);

    let live: LiveResult | null = null;
    if (options.live) {
      say(`live: ${options.live.dashboards} open dashboards while ${options.live.eventsPerSecond.toLocaleString('en')} events/s arrive for ${options.live.seconds} s...`);
      const cpuProfDir = options.cpuProf ? `${options.resultsDir}/profiles-dashboards-${new Date().toISOString().replaceAll(/[:.]/g, '-')}` : null;
      if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
      live = await liveDashboards({ databaseUrl: db.url, redisUrl: options.redisUrl, prefix: `${prefix}-live`, ...options.live, cpuProfDir });
      if (cpuProfDir) say(`CPU profiles of the live part in ${cpuProfDir} (summarise one with: node bench/cpu-profile.ts <file>)`);
      await deleteKeysWithPrefix(redis, `${prefix}-live`);
    }

    console.log('');
    console.log(`Dashboards: ${options.events.toLocaleString('en')} events over ${options.days} days (2 organizations), ${options.iterations} loads per role (raw SQL ${options.rawIterations}), server time to all widgets' data`);
    console.log(table(results));
    if (live) {
      console.log('');
      console.log(`Live: ${live.dashboards} open dashboards at ${live.eventsPerSecond.toLocaleString('en')} events/s for ${live.seconds} s: acceptance -> widget update p50 / p99 ${ms(live.latency.p50Ms)} / ${ms(live.latency.p99Ms)} ms (${live.latency.samples.toLocaleString('en')} batch arrivals, ${live.updates.toLocaleString('en')} updates); api memory per open dashboard ${live.apiMbPerDashboard ?? '?'} MB`);
    }
    const owner = results.find((r) => r.role === 'OWNER');
    const worst = (pick: (r: RoleResult) => number | null) => Math.max(...results.map((r) => pick(r) ?? Infinity));
    const checks = [
      [`warm p95 <= ${DASHBOARD_TARGETS.warmP95Ms} ms`, worst((r) => r.warm.p95Ms), (v: number) => v <= DASHBOARD_TARGETS.warmP95Ms],
      [`cold p95 <= ${DASHBOARD_TARGETS.coldP95Ms} ms`, worst((r) => r.cold.p95Ms), (v: number) => v <= DASHBOARD_TARGETS.coldP95Ms],
      [`>= ${DASHBOARD_TARGETS.timesRaw}x faster than raw SQL (OWNER, cold p50)`, owner?.timesRawCold ?? null, (v: number) => v >= DASHBOARD_TARGETS.timesRaw],
      [`live p99 <= ${DASHBOARD_TARGETS.liveP99Ms} ms`, live?.latency.p99Ms ?? null, (v: number) => v <= DASHBOARD_TARGETS.liveP99Ms],
    ] as const;
    console.log('\nTargets:');
    for (const [name, value, met] of checks) console.log(`  ${value === null || !Number.isFinite(value) ? '?      ' : met(value) ? 'met    ' : 'MISSED '} ${name}: ${value ?? 'not measured'}`);
    console.log(`\nNine generated users in ten work in one of Acme's departments (and so its branch): the LEADER and MANAGER rows read their own share, in the rollups and in the raw events alike.`);

    mkdirSync(options.resultsDir, { recursive: true });
    const file = `${options.resultsDir}/dashboards-${new Date().toISOString().replaceAll(/[:.]/g, '-')}.json`;
    writeFileSync(file, `${JSON.stringify({ options, machine: { cpus: cpus().length }, writeSeconds, rollupSeconds, rollupRows: Number(rollupRows?.n), results, live }, null, 2)}\n`);
    say(`results written to ${file}`);
  } finally {
    await deleteKeysWithPrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    await databases.dropAll();
  }
}
