import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_LIMITS, type MetricSample } from '@pulse/api-contract/schemas';
import { runSql } from '@pulse/db';
import { storeSamples } from '../src/metrics/metric-store.ts';
import { toStoredSample } from '../src/metrics/stored-sample.ts';
import { postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

// Finding 2 of issue 11: one organization's samples stopped every organization's rollups.
let t: TestPulse;
beforeAll(async () => {
  // The test scrapes /metrics without a token: open it, as an operator would on a private network.
  t = await startTestPulse({ METRICS_PUBLIC: 'true' });
});
afterAll(async () => t?.close());

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WAIT = { timeout: 30_000, interval: 100 };
const gauge = (name: string, value: number, at: number) => ({ id: randomUUID(), name, type: 'gauge' as const, category: 'system' as const, value, timestamp: new Date(at).toISOString() });

/** Stores samples as a Pulse without value bounds did: the same statement, none of today's checks. */
async function storeUnchecked(organizationId: string, samples: ReturnType<typeof gauge>[]) {
  const now = Date.now();
  for (const sample of samples) {
    await storeSamples(t.pulse.orm.em.fork(), organizationId, [toStoredSample({ ...sample, labels: {} } as MetricSample, now)], new Date(now));
  }
}

async function hourlyRunDone(currentHour: number) {
  const superadmin = await t.callerFor('admin@pulse.test');
  await expect
    .poll(async () => {
      const status = await superadmin.admin.aggregation.status();
      return status.hourly.watermark !== null && Date.parse(status.hourly.watermark) >= currentHour && status.queue.active + status.queue.waiting === 0;
    }, WAIT)
    .toBe(true);
  return superadmin.admin.aggregation.status();
}

const rollupOf = async (organizationId: string, name: string, hour: number) =>
  (
    await runSql<{ sum: number; count: string }>(
      t.pulse.orm.em.fork(),
      `SELECT sum, count FROM metric_rollups WHERE organization_id = $1 AND name = $2 AND granularity = 'hour' AND bucket_start = $3`,
      [organizationId, name, new Date(hour).toISOString()],
    )
  )[0];

describe('one tenant cannot stop the rollups', () => {
  it('refuses values beyond ±1e100 with 400: the finding’s three samples are not accepted', async () => {
    const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    // As reported: −1.7e308 dated in the next hour, then +1.7e308 twice in the current hour.
    for (const sample of [gauge('f2_gauge', -1.7e308, currentHour + HOUR + 1000), gauge('f2_gauge', 1.7e308, Date.now()), gauge('f2_gauge', 1.7e308, Date.now())]) {
      const answer = await postMetrics(t.url, 'pk_demo_acme', { samples: [sample] });
      expect(answer.status).toBe(400);
      expect((answer.body.issues as { path: unknown[] }[]).map((issue) => issue.path)).toEqual([['samples', 0, 'value']]);
    }
    const bound = METRIC_LIMITS.maxAbsValue;
    expect(bound).toBe(1e100);
    expect((await postMetrics(t.url, 'pk_demo_acme', { samples: [gauge('f2_gauge', bound, Date.now()), gauge('f2_gauge', -bound, Date.now())] })).status).toBe(202);
    const histogram = { id: randomUUID(), name: 'f2_hist', type: 'histogram', category: 'system', histogram: { buckets: [{ le: 1e101, count: 1 }], sum: 1, count: 1 } };
    const summary = { id: randomUUID(), name: 'f2_summary', type: 'summary', category: 'system', summary: { quantiles: [{ quantile: 0.5, value: 1 }], sum: -1e200, count: 1 } };
    const refused = await postMetrics(t.url, 'pk_demo_acme', { samples: [histogram, summary] });
    expect(refused.status).toBe(400);
    expect((refused.body.issues as { path: unknown[] }[]).map((issue) => issue.path)).toEqual([
      ['samples', 0, 'histogram', 'buckets', 0, 'le'],
      ['samples', 1, 'summary', 'sum'],
    ]);
    const key = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await expect(key.metrics.record({ samples: [gauge('f2_gauge', -1.7e308, Date.now())] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('samples stored before the bound roll up with sums saturated at ±Number.MAX_VALUE, for everyone, and metrics.health answers', { timeout: 90_000 }, async () => {
    const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    const previousHour = currentHour - HOUR;
    // The finding's samples one hour earlier (so the scheduled hour is already over), stored
    // in its order: the running total goes −1.7e308, 0, +1.7e308 and never overflows at ingest.
    await storeUnchecked(t.organizations.acme, [
      gauge('f2_stored', -1.7e308, currentHour + 1000),
      gauge('f2_stored', 1.7e308, previousHour + 1000),
      gauge('f2_stored', 1.7e308, previousHour + 2000),
    ]);
    await storeUnchecked(t.organizations.globex, [gauge('f2_neighbour', 7, previousHour + 3000)]);

    const superadmin = await t.callerFor('admin@pulse.test');
    await superadmin.admin.aggregation.trigger({ granularity: 'hour', from: new Date(previousHour).toISOString() });
    const status = await hourlyRunDone(currentHour);
    expect(status.hourly.lastRun).toMatchObject({ status: 'completed' });
    await expect.poll(async () => (await rollupOf(t.organizations.acme, 'f2_stored', previousHour))?.sum, WAIT).toBe(Number.MAX_VALUE);
    expect(Number((await rollupOf(t.organizations.acme, 'f2_stored', previousHour))?.count)).toBe(2);
    expect((await rollupOf(t.organizations.globex, 'f2_neighbour', previousHour))?.sum).toBe(7);
    expect(status.failures).toEqual([]);

    const owner = await t.callerFor('owner@acme.test');
    const health = await owner.metrics.health({});
    const series = health.series.find((s) => s.name === 'f2_stored');
    expect(series?.last24h.count).toBe(3);
    expect(Number.isFinite(series?.last24h.sum)).toBe(true);
    const twoDays = await owner.metrics.aggregated({ name: 'f2_stored', from: new Date(previousHour - 47 * HOUR).toISOString(), to: new Date(currentHour + HOUR).toISOString(), step: 3600, aggregation: 'sum' });
    expect(twoDays.points.find((point) => Date.parse(point.t) === previousHour)?.value).toBe(Number.MAX_VALUE);
    const oneHour = await owner.metrics.aggregated({ name: 'f2_stored', from: new Date(previousHour).toISOString(), to: new Date(currentHour).toISOString(), step: 3600, aggregation: 'avg' });
    expect(oneHour.points[0]?.value).toBe(Number.MAX_VALUE / 2);
  });

  it('an organization whose rollup fails is recorded, reported and retried; the others are rolled and the watermark moves on', { timeout: 120_000 }, async () => {
    const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    const previousHour = currentHour - HOUR;
    // A row no computation can fix (its sketch is not numbers): only Acme's rollup can fail.
    await storeUnchecked(t.organizations.acme, [gauge('f2_broken', 1, previousHour + 5000)]);
    await runSql(t.pulse.orm.em.fork(), `UPDATE metric_samples SET sketch = '{"p1": "not a number"}' WHERE name = 'f2_broken'`, []);
    await storeUnchecked(t.organizations.globex, [gauge('f2_fine', 3, previousHour + 5000)]);

    const superadmin = await t.callerFor('admin@pulse.test');
    await superadmin.admin.aggregation.trigger({ granularity: 'hour', from: new Date(previousHour).toISOString() });
    const status = await hourlyRunDone(currentHour);
    await expect.poll(async () => (await rollupOf(t.organizations.globex, 'f2_fine', previousHour))?.sum, WAIT).toBe(3);
    expect(await rollupOf(t.organizations.acme, 'f2_broken', previousHour)).toBeUndefined();
    expect(status.hourly.lastRun).toMatchObject({ status: 'completed' });
    expect(Date.parse(status.hourly.watermark as string)).toBe(currentHour);

    // Reported: in the status (the organization, the hour, the error) and in /metrics.
    const reported = await superadmin.admin.aggregation.status();
    expect(reported.failures).toEqual([
      expect.objectContaining({ organizationId: t.organizations.acme, hourStart: new Date(previousHour).toISOString(), error: expect.stringContaining('double precision') }),
    ]);
    expect(reported.failures[0]?.attempts).toBeGreaterThanOrEqual(1);
    expect(reported.recentRuns.some((run) => run.status === 'failed' && run.organizationId === t.organizations.acme)).toBe(true);
    const scrape = await (await fetch(`${t.url}/metrics`)).text();
    expect(scrape).toMatch(/^pulse_rollup_failing_buckets 1$/m);
    expect(scrape).toMatch(/^pulse_rollup_organization_failures_total [1-9]\d*$/m);

    // Acme's hour is read from raw samples meanwhile (queries stay exact for the others too).
    const globexOwner = await t.callerFor('owner@globex.test');
    const range = { from: new Date(previousHour - 47 * HOUR).toISOString(), to: new Date(currentHour).toISOString(), step: 3600, aggregation: 'sum' as const };
    expect((await globexOwner.metrics.aggregated({ name: 'f2_fine', ...range })).points.at(-1)?.value).toBe(3);

    // Retried: once the row is repaired, a retry rolls the hour and the failure is gone.
    await runSql(t.pulse.orm.em.fork(), `UPDATE metric_samples SET sketch = '{"z": 1}' WHERE name = 'f2_broken'`, []);
    const acmeAdmin = await t.callerFor('admin@acme.test');
    await acmeAdmin.admin.aggregation.trigger({ granularity: 'hour', from: new Date(previousHour).toISOString() });
    await expect.poll(async () => (await rollupOf(t.organizations.acme, 'f2_broken', previousHour))?.sum, WAIT).toBe(1);
    await expect.poll(async () => (await superadmin.admin.aggregation.status()).failures, WAIT).toEqual([]);
  });

  it('a daily run isolates organizations too: the failing one is marked at its day, the others get their day', { timeout: 90_000 }, async () => {
    const yesterday = Math.floor(Date.now() / DAY) * DAY - DAY;
    const hourRow = (organizationId: string, name: string, sketch: string) =>
      runSql(
        t.pulse.orm.em.fork(),
        `INSERT INTO metric_rollups (organization_id, granularity, name, bucket_start, labels_hash, labels, type, category, count, sum, min, max, last, sketch, updated_at)
         VALUES ($1, 'hour', $2, $3, 'h', '{}', 'gauge', 'system', 1, 4, 4, 4, 4, $4::jsonb, now())`,
        [organizationId, name, new Date(yesterday + 5 * HOUR).toISOString(), sketch],
      );
    await hourRow(t.organizations.acme, 'f2_daily_broken', '{"p1": "not a number"}');
    await hourRow(t.organizations.globex, 'f2_daily_fine', '{"p140": 1}');

    const superadmin = await t.callerFor('admin@pulse.test');
    // Days are rolled up to the hourly watermark.
    await superadmin.admin.aggregation.trigger({ granularity: 'hour' });
    await hourlyRunDone(Math.floor(Date.now() / HOUR) * HOUR);
    await superadmin.admin.aggregation.trigger({ granularity: 'day', from: new Date(yesterday).toISOString() });
    const dayRow = (organizationId: string, name: string) =>
      runSql<{ sum: number }>(t.pulse.orm.em.fork(), `SELECT sum FROM metric_rollups WHERE organization_id = $1 AND name = $2 AND granularity = 'day' AND bucket_start = $3`, [
        organizationId,
        name,
        new Date(yesterday).toISOString(),
      ]);
    await expect.poll(async () => (await superadmin.admin.aggregation.status()).daily.lastRun, WAIT).toMatchObject({ status: 'completed', bucketStart: new Date(yesterday).toISOString() });
    expect((await dayRow(t.organizations.globex, 'f2_daily_fine'))[0]?.sum).toBe(4);
    const status = await superadmin.admin.aggregation.status();
    expect(Date.parse(status.daily.watermark as string)).toBe(yesterday + DAY);
    expect(await dayRow(t.organizations.acme, 'f2_daily_broken')).toEqual([]);
    expect(status.failures).toEqual([
      expect.objectContaining({ organizationId: t.organizations.acme, hourStart: new Date(yesterday).toISOString(), error: expect.stringContaining('double precision') }),
    ]);
    // Only Acme's failure is Acme's ADMIN's to see; Globex's ADMIN sees none.
    expect((await (await t.callerFor('admin@globex.test')).admin.aggregation.status()).failures).toEqual([]);
  });
});
