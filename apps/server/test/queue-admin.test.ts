import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { runSql } from '@pulse/db';
import type { ActivityLogJob } from '../src/batch/activity-batch.ts';
import { ACTIVITY_LOG_QUEUE } from '../src/pipeline/pipeline-queues.ts';
import { createBlockingRedis } from '../src/redis/connections.ts';
import { pageView } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { startTestWorker } from './pipeline-harness.ts';

// An API without workers: jobs wait until this test moves them, so dead letters are made on purpose.
let t: TestPulse;
let queue: Queue<ActivityLogJob>;
beforeAll(async () => {
  t = await startTestPulse({ PULSE_ROLE: 'api' });
  queue = new Queue<ActivityLogJob>(ACTIVITY_LOG_QUEUE, { connection: t.redis, prefix: t.settings.REDIS_PREFIX });
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

/** Takes the next waiting job and fails it, as a worker whose attempts ran out would. */
async function deadLetterNextJob(reason: string): Promise<string> {
  const taker = new Worker(ACTIVITY_LOG_QUEUE, null, { connection: createBlockingRedis(t.settings.REDIS_URL, 'test-taker'), prefix: t.settings.REDIS_PREFIX, autorun: false });
  try {
    const token = crypto.randomUUID();
    const job = await taker.getNextJob(token);
    if (!job) throw new Error('no waiting job');
    // Unrecoverable: straight to the failed set, as after the last attempt.
    await job.moveToFailed(new UnrecoverableError(reason), token, false);
    return String(job.id);
  } finally {
    await taker.close();
  }
}

describe('admin.queues', () => {
  it('lists depth and lag of every queue, for administrators only', async () => {
    expect((await fetch(`${t.url}/api/ingest`, { method: 'POST', headers: { authorization: 'Bearer pk_demo_acme' }, body: JSON.stringify({ events: [pageView('q-1')] }) })).status).toBe(202);
    const admin = await t.callerFor('admin@acme.test');
    const { queues } = await admin.admin.queues.list();
    const activity = queues.find((q) => q.name === ACTIVITY_LOG_QUEUE);
    expect(activity?.waiting).toBe(1);
    expect(activity?.lagMs).toBeGreaterThanOrEqual(0);
    expect(queues.map((q) => q.name)).toContain('maintenance');
    const manager = await t.callerFor('manager@acme.test');
    await expect(manager.admin.queues.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows dead letters to their organization only, and a retry stores them once', async () => {
    const jobId = await deadLetterNextJob('postgres exploded');
    const acmeAdmin = await t.callerFor('admin@acme.test');
    const globexAdmin = await t.callerFor('admin@globex.test');
    const superadmin = await t.callerFor('admin@pulse.test');

    const seen = await acmeAdmin.admin.queues.failed({ queue: ACTIVITY_LOG_QUEUE });
    expect(seen.jobs).toEqual([expect.objectContaining({ id: jobId, organizationId: t.organizations.acme, failedReason: 'postgres exploded' })]);
    expect((await globexAdmin.admin.queues.failed({ queue: ACTIVITY_LOG_QUEUE })).jobs).toEqual([]);
    expect((await superadmin.admin.queues.failed({ queue: ACTIVITY_LOG_QUEUE })).jobs.map((job) => job.id)).toEqual([jobId]);
    await expect(globexAdmin.admin.queues.retry({ queue: ACTIVITY_LOG_QUEUE, jobId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(acmeAdmin.admin.queues.failed({ queue: 'no-such-queue' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await acmeAdmin.admin.queues.retry({ queue: ACTIVITY_LOG_QUEUE, jobId })).toEqual({ ok: true });
    const stopWorker = startTestWorker(t, 2);
    try {
      await expect.poll(() => t.storedCount(t.organizations.acme)).toBe(1);
    } finally {
      await stopWorker();
    }
    const audit = await runSql(t.pulse.orm.em.fork(), `SELECT 1 FROM audit_logs WHERE action = 'queue.job.retry' AND target_id = $1`, [`${ACTIVITY_LOG_QUEUE}/${jobId}`]);
    expect(audit).toHaveLength(1);
  });

  it('discards a dead letter for good', async () => {
    await fetch(`${t.url}/api/ingest`, { method: 'POST', headers: { authorization: 'Bearer pk_demo_globex' }, body: JSON.stringify({ events: [pageView('q-2')] }) });
    const jobId = await deadLetterNextJob('bad batch');
    const globexAdmin = await t.callerFor('admin@globex.test');
    expect(await globexAdmin.admin.queues.discard({ queue: ACTIVITY_LOG_QUEUE, jobId })).toEqual({ ok: true });
    expect(await queue.getJob(jobId)).toBeUndefined();
    expect((await globexAdmin.admin.queues.list()).queues.find((q) => q.name === ACTIVITY_LOG_QUEUE)?.failed).toBe(0);
  });
});
