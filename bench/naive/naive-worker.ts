// The naive design's worker: one job per event, one INSERT per event, then a Redis counter
// INCR and a PUBLISH of the event for live dashboards. Started by the benchmark.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { NAIVE_QUEUE, naiveCounterFor, naiveLiveChannel, type NaiveJob } from './naive-keys.ts';

const { DATABASE_URL, REDIS_URL = 'redis://127.0.0.1:6379', REDIS_PREFIX = 'naive', CONCURRENCY = '8' } = process.env;
const concurrency = Number(CONCURRENCY);
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: concurrency });
const redis = new Redis(REDIS_URL);

const INSERT = `INSERT INTO activity_events (id, organization_id, type, user_id, session_id, occurred_at, received_at, properties, batch_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $1)`;

const worker = new Worker<NaiveJob>(
  NAIVE_QUEUE,
  async (job) => {
    const { organizationId, event } = job.data;
    await pool.query(INSERT, [
      event.id,
      organizationId,
      event.type,
      event.userId ?? null,
      event.sessionId ?? null,
      event.occurredAt,
      new Date(job.timestamp),
      JSON.stringify(event.properties ?? {}),
    ]);
    await redis.incr(naiveCounterFor(REDIS_PREFIX, organizationId, event.occurredAt));
    await redis.publish(naiveLiveChannel(REDIS_PREFIX), JSON.stringify(event));
  },
  { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: REDIS_PREFIX, concurrency },
);
worker.on('error', (error) => console.error(`naive worker error: ${error.message}`));
process.on('SIGTERM', () => {
  void worker.close().then(async () => {
    await pool.end();
    redis.disconnect();
    process.exit(0);
  });
});
