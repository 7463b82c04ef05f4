import { randomBytes } from 'node:crypto';
import type { PulseServices } from '@pulse/api-contract/router';
import type { Actor } from '@pulse/api-contract/schemas';
import { createCaller } from '@pulse/api-contract/router';
import { Organization, runSql } from '@pulse/db';
import { createTestDatabase } from '@pulse/db/testing';
import { Redis } from 'ioredis';
import { startPulse, type RunningPulse } from '../src/app.ts';
import { createTokenIssuer } from '../src/auth/tokens.ts';
import { loadSettings, type Settings } from '../src/env.ts';
import { createLogger } from '../src/log.ts';
import { createActivityLogStep, realtimeJobOf } from '../src/pipeline/activity-log.step.ts';
import { type ActivityLogJob, createActivityLogQueue } from '../src/pipeline/pipeline-queues.ts';
import { createRealtimeEventsStep } from '../src/pipeline/realtime-events.step.ts';
import { startPipeline } from '../src/pipeline/start-pipeline.ts';
import { createContextInner } from '../src/trpc/context.ts';

export type TestPulse = {
  pulse: RunningPulse;
  services: PulseServices;
  settings: Settings;
  url: string;
  organizations: { acme: string; globex: string };
  /** A tRPC caller acting as the demo user with this email (no HTTP in between). */
  callerFor(email: string): Promise<ReturnType<typeof createCaller>>;
  callerAs(actor: Actor | null): ReturnType<typeof createCaller>;
  /** Rows of activity_events of one organization. */
  storedCount(organizationId: string): Promise<number>;
  redis: Redis;
  /** Stops this Pulse and starts a new one on the same database and Redis prefix (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
};

/**
 * A whole Pulse (api + worker) on a free port, with its own database copy and its own Redis
 * key prefix, so test files run in parallel without seeing each other's state.
 */
export async function startTestPulse(overrides: Record<string, string> = {}): Promise<TestPulse> {
  const database = await createTestDatabase();
  const settings = loadSettings({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_PREFIX: `test_${randomBytes(5).toString('hex')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    PULSE_DEMO: 'false',
    INGEST_GROUP_COMMIT_MS: '2',
    LOG_LEVEL: 'error',
    ...overrides,
  });
  let pulse = await startPulse(settings, createLogger(settings.LOG_LEVEL));
  if (!pulse.services) throw new Error('the test Pulse has no api role');
  let services = pulse.services;
  const redis = new Redis(settings.REDIS_URL);
  const em = pulse.orm.em.fork();
  const acme = await em.findOneOrFail(Organization, { slug: 'acme' });
  const globex = await em.findOneOrFail(Organization, { slug: 'globex' });
  const tokens = createTokenIssuer(settings.TOKEN_SECRET);
  const callerAs = (actor: Actor | null) => createCaller(createContextInner(services, actor));
  const testPulse: TestPulse = {
    pulse,
    services,
    settings,
    url: `http://127.0.0.1:${pulse.port}`,
    organizations: { acme: acme.id, globex: globex.id },
    callerAs,
    async callerFor(email) {
      const session = await services.auth.login({ email, password: 'pulse-demo' });
      return callerAs(await tokens.verifyAccess(session.accessToken));
    },
    async storedCount(organizationId) {
      const [row] = await runSql<{ n: string }>(pulse.orm.em.fork(), 'SELECT count(*) AS n FROM activity_events WHERE organization_id = $1', [organizationId]);
      return Number(row?.n ?? 0);
    },
    redis,
    async restart() {
      await pulse.stop();
      pulse = await startPulse(settings, createLogger(settings.LOG_LEVEL));
      if (!pulse.services) throw new Error('the test Pulse has no api role');
      services = pulse.services;
      Object.assign(testPulse, { pulse, services, url: `http://127.0.0.1:${pulse.port}` });
    },
    async close() {
      const keys = await redis.keys(`${settings.REDIS_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await pulse.stop();
      await database.drop();
    },
  };
  return testPulse;
}

/** POST /api/ingest as a plain HTTP client would. */
export async function postIngest(url: string, key: string | null, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A valid PAGE_VIEW with its own id and timestamp, as a well-behaved sender builds it. */
export function pageView(userId: string, extra: Record<string, unknown> = {}) {
  return { id: crypto.randomUUID() as string, type: 'PAGE_VIEW' as const, userId, occurredAt: new Date().toISOString(), properties: { path: '/dashboard' }, ...extra };
}

/** POST /api/metrics as a plain HTTP client would. */
export async function postMetrics(url: string, key: string | null, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * The pipeline's workers for a test Pulse started in the api role, so a test decides when
 * queued batches are processed. Stop them with the returned function.
 */
export function startTestWorker(t: TestPulse, concurrency = 1): () => Promise<void> {
  const pipeline = startPipeline({
    orm: t.pulse.orm,
    store: t.pulse.store,
    redisUrl: t.settings.REDIS_URL,
    prefix: t.settings.REDIS_PREFIX,
    concurrency,
    lockDurationMs: t.settings.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: t.settings.WORKER_STALLED_INTERVAL_MS,
    log: createLogger('error'),
  });
  return () => pipeline.stop();
}

/**
 * The activity-log step and the realtime-events step it hands on to, run in this process one
 * after the other as their workers would: a test can run a job twice, or after a crash. No
 * activity-log job exists in Redis, so the count reads the events back from the store (the
 * path of a job whose activity-log job was already trimmed).
 */
export function inlinePipeline(t: TestPulse) {
  return async function run(job: ActivityLogJob): Promise<{ stored: number; deltaId: string | null }> {
    const activityLog = createActivityLogQueue(t.redis, t.settings.REDIS_PREFIX);
    const count = createRealtimeEventsStep({ counters: t.redis, prefix: t.settings.REDIS_PREFIX, log: createLogger('error'), activityLog, store: t.pulse.store });
    let deltaId: string | null = null;
    const persist = createActivityLogStep(t.pulse.store, async (batch, storedAll) => {
      ({ deltaId } = await count(realtimeJobOf(batch, storedAll)));
    });
    try {
      const { stored } = await persist(job);
      return { stored, deltaId };
    } finally {
      await activityLog.close();
    }
  };
}
