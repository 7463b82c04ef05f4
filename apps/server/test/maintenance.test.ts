import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { activityPartitionName, listActivityPartitions } from '@pulse/db';
import { MAINTENANCE_QUEUE } from '../src/maintenance/maintenance.queue.ts';
import { maintainActivityPartitions, PARTITION_DAYS_AHEAD } from '../src/maintenance/partition-maintenance.ts';
import { startTestPulse, type TestPulse } from './harness.ts';

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
