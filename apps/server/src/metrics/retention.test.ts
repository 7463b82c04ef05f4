import { metricPartitions, runSql } from '@pulse/db';
import { useTestOrm } from '@pulse/db/testing';
import { describe, expect, it } from 'vitest';
import { applyRetention } from './retention.ts';
import { DAY_MS, floorTo } from './rollup.ts';

const t = useTestOrm();

describe('applyRetention', () => {
  it('drops raw partitions and deletes rollups and runs past their retention, keeping the rest', async () => {
    const now = new Date();
    const organizationId = crypto.randomUUID();
    const rollup = (granularity: 'hour' | 'day', daysAgo: number) =>
      runSql(
        t.orm.em.fork(),
        `INSERT INTO metric_rollups (organization_id, granularity, name, bucket_start, labels_hash, labels, type, category, count, sum, min, max, last, sketch, updated_at)
         VALUES ($1, $2, 'm', $3, 'h', '{}', 'gauge', 'system', 1, 1, 1, 1, 1, '{}', now())`,
        [organizationId, granularity, floorTo(now.getTime() - daysAgo * DAY_MS, DAY_MS).toISOString()],
      );
    await rollup('hour', 10);
    await rollup('hour', 1);
    await rollup('day', 40);
    await rollup('day', 10);
    const before = await metricPartitions.list(t.orm.em.fork());
    const result = await applyRetention(t.orm, { rawDays: 3, hourlyDays: 5, dailyDays: 30, historyDays: 90 }, now);
    expect(result).toMatchObject({ hourlyRollups: 1, dailyRollups: 1, partitionsDropped: before.filter((name) => (metricPartitions.dayOf(name)?.getTime() ?? 0) + DAY_MS <= now.getTime() - 3 * DAY_MS).length });
    const after = await metricPartitions.list(t.orm.em.fork());
    expect(after[0]).toBe(metricPartitions.nameOf(new Date(now.getTime() - 3 * DAY_MS)));
    expect(after).toContain(metricPartitions.nameOf(new Date(now.getTime() + 2 * DAY_MS)));
    const left = await runSql<{ granularity: string; n: number }>(t.orm.em.fork(), 'SELECT granularity, count(*)::int AS n FROM metric_rollups WHERE organization_id = $1 GROUP BY 1 ORDER BY 1', [organizationId]);
    expect(left).toEqual([
      { granularity: 'day', n: 1 },
      { granularity: 'hour', n: 1 },
    ]);
    expect((await applyRetention(t.orm, { rawDays: 3, hourlyDays: 5, dailyDays: 30, historyDays: 90 }, now)).partitionsDropped).toBe(0);
  });
});
