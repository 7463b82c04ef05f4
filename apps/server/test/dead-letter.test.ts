import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { runSql } from '@pulse/db';
import { readSummary } from '../src/counters/read-summary.ts';
import type { ActivityLogJob } from '../src/batch/activity-batch.ts';
import { ACTIVITY_LOG_QUEUE } from '../src/pipeline/pipeline-queues.ts';
import { pageView, postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
let queue: Queue<ActivityLogJob>;
beforeAll(async () => {
  t = await startTestPulse();
  queue = new Queue<ActivityLogJob>(ACTIVITY_LOG_QUEUE, { connection: t.redis, prefix: t.settings.REDIS_PREFIX });
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

describe('a batch that used up its attempts', () => {
  // An error of the work itself (here: the table is gone) spends the documents' 3 attempts
  // (backoff 2 s, 4 s), so this test takes ~6 s. Outages of Postgres or Redis spend none:
  // that is what the fault scenarios check.
  it('stays as a dead letter and, retried, is stored and counted exactly once', async () => {
    const organizationId = t.organizations.acme;
    const before = await t.storedCount(organizationId);
    const countedBefore = (await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId)).eventsToday;
    const em = t.pulse.orm.em.fork();
    await runSql(em, 'ALTER TABLE activity_events RENAME TO activity_events_away', []);
    let renamed = true;
    try {
      const events = Array.from({ length: 3 }, (_, i) => pageView(`dead-letter-${i}`));
      expect((await postIngest(t.url, 'pk_demo_acme', { events })).status).toBe(202);
      await expect.poll(() => queue.getFailedCount(), { timeout: 15_000, interval: 200 }).toBe(1);
      const [job] = await queue.getFailed();
      expect(job?.attemptsMade).toBe(3);
      expect(job?.failedReason).toMatch(/activity_events/);

      await runSql(em, 'ALTER TABLE activity_events_away RENAME TO activity_events', []);
      renamed = false;
      await job?.retry();
      await expect.poll(() => t.storedCount(organizationId)).toBe(before + 3);
      await expect.poll(() => queue.getFailedCount()).toBe(0);
      await expect.poll(async () => (await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId)).eventsToday).toBe(countedBefore + 3);
    } finally {
      if (renamed) await runSql(em, 'ALTER TABLE activity_events_away RENAME TO activity_events', []);
    }
  });
});
