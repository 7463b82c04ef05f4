import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatedMetric, MetricSampleInput } from '@pulse/api-contract';
import { runSql } from '@pulse/db';
import { postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WAIT = { timeout: 30_000, interval: 100 };

function sample(name: string, value: number, extra: Partial<MetricSampleInput> = {}): MetricSampleInput {
  return { id: randomUUID(), name, type: 'gauge', category: 'system', value, timestamp: new Date().toISOString(), ...extra } as MetricSampleInput;
}

/** Two answers are the same: same steps and counts, values equal but for float summation order. */
function expectSameAnswer(actual: AggregatedMetric, expected: AggregatedMetric) {
  expect(actual.resolution).toBe(expected.resolution);
  expect(actual.points.map((p) => [p.t, p.count])).toEqual(expected.points.map((p) => [p.t, p.count]));
  actual.points.forEach((point, i) => {
    const other = expected.points[i]?.value ?? null;
    if (other === null) expect(point.value).toBeNull();
    else expect(point.value).toBeCloseTo(other, 9);
  });
}

describe('recording', () => {
  it('POST /api/metrics stores samples with an ingest key: 202, 401, 400 and 413', async () => {
    const ok = await postMetrics(t.url, 'pk_demo_acme', { samples: [sample('http_cpu_ratio', 0.5, { labels: { host: 'web-1' } })] });
    expect(ok.status).toBe(202);
    expect(ok.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await postMetrics(t.url, null, { samples: [sample('x', 1)] })).status).toBe(401);
    expect((await postMetrics(t.url, 'pk_wrong', { samples: [sample('x', 1)] })).status).toBe(401);
    const bad = await postMetrics(t.url, 'pk_demo_acme', { samples: [{ ...sample('bad name', 1) }, sample('ok', 1, { labels: { organization: 'x' } })] });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as { path: unknown[] }[]).map((issue) => issue.path.slice(0, 3))).toEqual([
      ['samples', 0, 'name'],
      ['samples', 1, 'labels'],
    ]);
    expect((await postMetrics(t.url, 'pk_demo_acme', '{"samples": [')).status).toBe(400);
    const huge = { samples: Array.from({ length: 900 }, () => sample('big', 1, { labels: { padding: 'x'.repeat(200) } })) };
    expect((await postMetrics(t.url, 'pk_demo_acme', { ...huge, more: 'y'.repeat(1_100_000) })).status).toBe(413);
  });

  it('a retried batch is stored once and its increments are counted once', async () => {
    const acme = await t.callerFor('admin@acme.test');
    const batch = [1, 2, 3].map((value) => sample('orders_total', value, { type: 'counter', category: 'business' }));
    expect(await acme.metrics.record({ samples: batch })).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await acme.metrics.record({ samples: batch })).toMatchObject({ accepted: 3, duplicates: 3 });
    const latest = await acme.metrics.latest({ name: 'orders_total' });
    expect(latest.series).toHaveLength(1);
    expect(latest.series[0]?.total).toEqual({ sum: 6, count: 3 });
  });

  it('checks each type against its value and keeps one type per metric name', async () => {
    const key = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await expect(key.metrics.record({ samples: [sample('neg_counter', -1, { type: 'counter' })] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(key.metrics.record({ samples: [{ ...sample('gauge_histogram', 1), histogram: { buckets: [{ le: 1, count: 1 }], sum: 1, count: 1 } }] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await key.metrics.record({ samples: [sample('typed_metric', 1)] });
    const mixed = key.metrics.record({ samples: [sample('typed_metric', 1, { type: 'counter' })] });
    const error = (await mixed.then(
      () => null,
      (caught: unknown) => caught,
    )) as { code: string; cause: { issues: { path: unknown[] }[] } } | null;
    expect(error?.code).toBe('BAD_REQUEST');
    expect(error?.cause.issues.map((issue) => issue.path)).toEqual([['samples', 0, 'type']]);
    // Pulse's own names are not for senders.
    await expect(key.metrics.record({ samples: [sample('pulse_alert_rule_value', 1)] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('an ingest key records for its own organization only, and reads nothing', async () => {
    const key = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await expect(key.metrics.record({ organizationId: t.organizations.globex, samples: [sample('x', 1)] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(key.metrics.latest({ name: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const globexOwner = await t.callerFor('owner@globex.test');
    await expect(globexOwner.metrics.latest({ organizationId: t.organizations.acme, name: 'orders_total' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await globexOwner.metrics.latest({ name: 'orders_total' })).series).toEqual([]);
  });
});

describe('queries over raw samples', () => {
  const now = Date.now();
  const from = new Date(now - 15 * 60_000).toISOString();
  const to = new Date(now).toISOString();
  const values = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);

  beforeAll(async () => {
    const samples = values.map((value, i) =>
      sample('q_latency_seconds', value, {
        type: 'histogram',
        category: 'performance',
        labels: { route: i % 2 === 0 ? '/a' : '/b' },
        timestamp: new Date(now - 10 * 60_000 + i * 1000).toISOString(),
      }),
    );
    expect((await postMetrics(t.url, 'pk_demo_acme', { samples })).status).toBe(202);
  });

  it('aggregates one step exactly (and quantiles within 1 %)', async () => {
    const manager = await t.callerFor('manager@acme.test');
    const ask = async (aggregation: AggregatedMetric['aggregation']) =>
      (await manager.metrics.aggregated({ name: 'q_latency_seconds', from, to, step: 900, aggregation })).points[0]?.value;
    expect(await ask('count')).toBe(100);
    expect(await ask('sum')).toBeCloseTo(50.5, 9);
    expect(await ask('avg')).toBeCloseTo(0.505, 9);
    expect(await ask('min')).toBe(0.01);
    expect(await ask('max')).toBe(1);
    expect(await ask('rate')).toBeCloseTo(100 / 900, 9);
    // the sample of rank q·(n−1): 0.50 and 0.95 here
    expect(await ask('p50')).toBeCloseTo(0.5, 2);
    expect(Math.abs(((await ask('p95')) as number) - 0.95)).toBeLessThanOrEqual(0.0095);
    expect(await ask('p99')).toBeCloseTo(0.99, 1);
  });

  it('splits the range into steps and filters by labels', async () => {
    const manager = await t.callerFor('manager@acme.test');
    const answer = await manager.metrics.aggregated({ name: 'q_latency_seconds', from, to, step: 60, aggregation: 'count' });
    expect(answer.resolution).toBe('raw');
    expect(answer.points).toHaveLength(15);
    expect(answer.points.reduce((sum, point) => sum + point.count, 0)).toBe(100);
    expect(answer.points[0]?.value).toBeNull();
    const onlyA = await manager.metrics.aggregated({ name: 'q_latency_seconds', from, to, step: 900, aggregation: 'count', labels: { route: '/a' } });
    expect(onlyA.points[0]?.value).toBe(50);
  });

  it('answers rate for counters per second, and refuses it for gauges', async () => {
    const key = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await key.metrics.record({
      samples: Array.from({ length: 10 }, (_, i) => sample('signups_total', 60, { type: 'counter', category: 'business', timestamp: new Date(now - i * 30_000).toISOString() })),
    });
    const owner = await t.callerFor('owner@acme.test');
    const rate = await owner.metrics.aggregated({ name: 'signups_total', from: new Date(now - 599_000).toISOString(), to: new Date(now + 1000).toISOString(), step: 600, aggregation: 'rate' });
    expect(rate.points[0]?.value).toBeCloseTo(1, 2);
    await expect(owner.metrics.aggregated({ name: 'http_cpu_ratio', from, to, step: 60, aggregation: 'rate' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses more than 1000 points', async () => {
    const owner = await t.callerFor('owner@acme.test');
    const longer = new Date(now - 20 * 60_000).toISOString();
    await expect(owner.metrics.aggregated({ name: 'q_latency_seconds', from: longer, to, step: 1, aggregation: 'avg' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('aggregated histograms and summaries count their observations', async () => {
    const key = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await key.metrics.record({
      samples: [
        { ...sample('payload_bytes', 0, { type: 'histogram' }), value: undefined, histogram: { buckets: [{ le: 100, count: 30 }, { le: 1000, count: 40 }], sum: 9000, count: 40 } },
        { ...sample('render_seconds', 0, { type: 'summary' }), value: undefined, summary: { quantiles: [{ quantile: 0.5, value: 0.2 }, { quantile: 0.9, value: 0.7 }], sum: 30, count: 100 } },
      ],
    });
    const owner = await t.callerFor('owner@acme.test');
    const window = { from: new Date(now - 60_000).toISOString(), to: new Date(Date.now() + 1000).toISOString(), step: 3600 };
    const histogram = await owner.metrics.aggregated({ name: 'payload_bytes', ...window, aggregation: 'count' });
    expect(histogram.points.at(-1)?.value).toBe(40);
    expect((await owner.metrics.aggregated({ name: 'payload_bytes', ...window, aggregation: 'avg' })).points.at(-1)?.value).toBe(225);
    expect((await owner.metrics.aggregated({ name: 'render_seconds', ...window, aggregation: 'p50' })).points.at(-1)?.value).toBeCloseTo(0.2, 2);
    const latest = await owner.metrics.latest({ name: 'payload_bytes' });
    expect(latest.series[0]).toMatchObject({ type: 'histogram', value: 225, total: { sum: 9000, count: 40 } });
  });
});

describe('rollups', () => {
  const name = 'r_queue_depth';
  const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
  const from = new Date(currentHour - 4 * DAY).toISOString();
  const to = new Date(Date.now()).toISOString();

  beforeAll(async () => {
    // Every 30 minutes over three days (all in hours already over: late samples), and one now.
    const samples = Array.from({ length: 144 }, (_, i) => sample(name, (i % 17) + 0.5, { timestamp: new Date(currentHour - HOUR - i * 30 * 60_000).toISOString() }));
    samples.push(sample(name, 100));
    expect((await postMetrics(t.url, 'pk_demo_globex', { samples })).status).toBe(202);
  });

  async function aggregationDone(granularity: 'hourly' | 'daily') {
    const admin = await t.callerFor('admin@pulse.test');
    await expect
      .poll(async () => {
        const status = await admin.admin.aggregation.status();
        return status[granularity].lastRun?.status === 'completed' && status.pendingHours === 0 && status.queue.active + status.queue.waiting === 0;
      }, WAIT)
      .toBe(true);
    return admin.admin.aggregation.status();
  }

  it('answer ranges longer than a day from hourly rollups: the same before and after raw samples are gone', async () => {
    const owner = await t.callerFor('owner@globex.test');
    const ask = (aggregation: AggregatedMetric['aggregation']) => owner.metrics.aggregated({ name, from, to, step: 3600, aggregation });
    const before = await Promise.all([ask('sum'), ask('max'), ask('p95'), ask('count')]);
    expect(before[0].resolution).toBe('hour');
    expect(before[3].points.reduce((sum, point) => sum + point.count, 0)).toBe(145);

    const admin = await t.callerFor('admin@pulse.test');
    expect((await admin.admin.aggregation.trigger({ granularity: 'hour' })).jobId).toBeTruthy();
    const status = await aggregationDone('hourly');
    const watermark = status.hourly.watermark as string;
    expect(Date.parse(watermark)).toBe(currentHour);
    expect(status.hourly.lastRun).toMatchObject({ trigger: 'manual', status: 'completed' });
    expect(status.recentRuns.some((run) => run.trigger === 'late' && run.organizationId === t.organizations.globex)).toBe(true);

    const [rolled] = await runSql<{ n: number }>(t.pulse.orm.em.fork(), `SELECT count(*)::int AS n FROM metric_rollups WHERE name = $1 AND granularity = 'hour'`, [name]);
    // 144 half-hours ending one hour ago touch 73 hours
    expect(rolled?.n).toBe(73);
    const removed = await runSql(t.pulse.orm.em.fork(), 'DELETE FROM metric_samples WHERE name = $1 AND recorded_at < $2 RETURNING 1', [name, watermark]);
    expect(removed).toHaveLength(144);

    const after = await Promise.all([ask('sum'), ask('max'), ask('p95'), ask('count')]);
    after.forEach((answer, i) => expectSameAnswer(answer, before[i] as AggregatedMetric));
  });

  it('answer day steps from daily rollups once the days are rolled', async () => {
    const owner = await t.callerFor('owner@globex.test');
    const ask = () => owner.metrics.aggregated({ name, from, to, step: 86_400, aggregation: 'avg' });
    const before = await ask();
    expect(before.resolution).toBe('day');
    const admin = await t.callerFor('admin@pulse.test');
    await admin.admin.aggregation.trigger({ granularity: 'day', from });
    const status = await aggregationDone('daily');
    expect(Date.parse(status.daily.watermark as string)).toBe(Math.floor(Date.now() / DAY) * DAY);
    await runSql(t.pulse.orm.em.fork(), `DELETE FROM metric_rollups WHERE name = $1 AND granularity = 'hour' AND bucket_start < $2`, [name, status.daily.watermark]);
    expectSameAnswer(await ask(), before);
  });

  it('is for platform administrators only, and a manual run goes at most 7 days back', async () => {
    const manager = await t.callerFor('manager@acme.test');
    await expect(manager.admin.aggregation.status()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(manager.admin.aggregation.trigger({ granularity: 'hour' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await t.callerFor('admin@acme.test');
    await expect(admin.admin.aggregation.trigger({ granularity: 'hour', from: new Date(Date.now() - 8 * DAY).toISOString() })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const [audit] = await runSql<{ n: number }>(t.pulse.orm.em.fork(), `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'aggregation.trigger'`, []);
    expect(audit?.n).toBeGreaterThanOrEqual(2);
  });
});

describe('views', () => {
  it('health, business and engagement list their categories with the last 24 hours, without Pulse’s own series', async () => {
    const key = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await key.metrics.record({ samples: [sample('weekly_active_ratio', 0.4, { category: 'user' }), sample('login_failures', 3, { type: 'counter', category: 'security' })] });
    const leader = await t.callerFor('leader@acme.test');
    const health = await leader.metrics.health({});
    expect(health.categories).toEqual(['system', 'performance', 'security']);
    expect(health.series.map((s) => s.name)).toEqual(expect.arrayContaining(['http_cpu_ratio', 'q_latency_seconds', 'login_failures']));
    expect(health.series.every((s) => !s.name.startsWith('pulse_'))).toBe(true);
    const business = await leader.metrics.business({});
    const orders = business.series.find((s) => s.name === 'orders_total');
    expect(orders?.last24h).toMatchObject({ count: 3, sum: 6 });
    const engagement = await leader.metrics.engagement({});
    expect(engagement.series.map((s) => s.name)).toEqual(['weekly_active_ratio']);
    expect(engagement.live).toHaveProperty('activeUsers');
    const security = await leader.metrics.byCategory({ category: 'security' });
    expect(security.series.map((s) => s.name)).toEqual(['login_failures']);
  });
});
