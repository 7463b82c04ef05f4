import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { activityPartitionName, listActivityPartitions, runSql } from '@pulse/db';
import { MAINTENANCE_QUEUE } from '../src/maintenance/maintenance.queue.ts';
import { APPLIED_BATCHES_KEPT_DAYS, forgetOldClaims } from '../src/pipeline/apply-once.ts';
import { maintainActivityPartitions, PARTITION_DAYS_AHEAD } from '../src/maintenance/partition-maintenance.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

const DAY_MS = 86_400_000;

describe('activity partition maintenance', () => {
  it('is scheduled once per install, daily at 00:30 UTC', async () => {
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: t.redis, prefix: t.settings.REDIS_PREFIX });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern])).toEqual([['activity-partitions', '30 0 * * *']]);
    } finally {
      await queue.close();
    }
  });

  it('creates a week of partitions ahead and drops those past retention', async () => {
    const now = new Date(Date.now() + 40 * DAY_MS);
    const { created, dropped } = await maintainActivityPartitions(t.pulse.orm, 31, now);
    expect(created).toContain(activityPartitionName(new Date(now.getTime() + PARTITION_DAYS_AHEAD * DAY_MS)));
    // The test database had partitions from a week ago to two days ahead: all past retention now.
    expect(dropped).toContain(activityPartitionName(new Date()));
    const remaining = await listActivityPartitions(t.pulse.orm.em.fork());
    expect(remaining).not.toContain(activityPartitionName(new Date()));
    expect(remaining).toContain(activityPartitionName(new Date(now.getTime() - DAY_MS)));
    // A second run the same day has nothing to do.
    expect(await maintainActivityPartitions(t.pulse.orm, 31, now)).toEqual({ created: [], dropped: [] });
  });
});

describe('pipeline claims', () => {
  it('are forgotten only after APPLIED_BATCHES_KEPT_DAYS', async () => {
    const em = t.pulse.orm.em.fork();
    const [old, recent] = [crypto.randomUUID(), crypto.randomUUID()];
    const now = new Date();
    const insert = `INSERT INTO processed_batches (queue, batch_id, processed_at) VALUES ('analytics-processing', $1, $2)`;
    await runSql(em, insert, [old, new Date(now.getTime() - (APPLIED_BATCHES_KEPT_DAYS + 1) * DAY_MS).toISOString()]);
    await runSql(em, insert, [recent, new Date(now.getTime() - (APPLIED_BATCHES_KEPT_DAYS - 1) * DAY_MS).toISOString()]);
    expect(await forgetOldClaims(t.pulse.orm, now)).toBeGreaterThanOrEqual(1);
    const left = await runSql<{ batch_id: string }>(em, 'SELECT batch_id FROM processed_batches WHERE batch_id = ANY($1)', [[old, recent]]);
    expect(left.map((row) => row.batch_id)).toEqual([recent]);
  });
});
