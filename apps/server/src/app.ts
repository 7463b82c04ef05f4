import { createOrm } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { PulseServices } from '@pulse/api-contract/router';
import type { ActivityStore } from './activity-store/activity-store.ts';
import { createActivityStore } from './activity-store/create-activity-store.ts';
import type { Settings } from './env.ts';
import { errorFields, type Logger } from './log.ts';
import { createFailFastRedis } from './redis/connections.ts';
import { startApiRole } from './roles/api.ts';
import { createProducers } from './roles/producers.ts';
import { createStops } from './roles/stops.ts';
import { startWorkerRole } from './roles/worker.ts';
import { createDependencyBreakers, type DependencyBreakers } from './widgets/dependency-breakers.ts';

export type RunningPulse = {
  /** The port the API listens on (useful with PORT=0), or null for a worker-only process. */
  port: number | null;
  orm: MikroORM;
  redis: Redis;
  /** Where raw activity events live (ACTIVITY_STORE). */
  store: ActivityStore;
  /** The contract's services (api role only), for server-side callers and tests. */
  services: PulseServices | null;
  /** The read path's circuit breakers of this process (Redis and Postgres). */
  breakers: DependencyBreakers;
  stop(): Promise<void>;
};

/**
 * Starts Pulse in its role: `api` (roles/api.ts: HTTP, WebSocket, ingest, live relay),
 * `worker` (roles/worker.ts: the BullMQ workers and schedules) or `all` (both, worker first).
 * What both share is opened here: the ORM, the activity store, the command connection and the
 * producers (roles/producers.ts). Every part registers its stop; `stop()` runs them in
 * reverse order of start (roles/stops.ts).
 */
export async function startPulse(settings: Settings, log: Logger): Promise<RunningPulse> {
  const orm = await createOrm(settings.DATABASE_URL);
  const stops = createStops(log);
  stops.add(() => orm.close());
  const store = await createActivityStore(settings, orm).catch(async (error: unknown) => {
    await orm.close();
    throw error;
  });
  const redis = createFailFastRedis(settings.REDIS_URL, 'pulse-commands');
  stops.add(() => redis.quit(), () => store.close());
  const stop = () => stops.run();
  redis.on('error', (error) => log.warn('redis connection error', errorFields(error)));
  await redis.ping().catch(async () => {
    // enableOfflineQueue is off: wait for the first connection before serving.
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  });

  const producers = createProducers({ orm, redis, prefix: settings.REDIS_PREFIX, log });
  stops.add(() => producers.close());
  const breakers = createDependencyBreakers({ failureThreshold: settings.BREAKER_FAILURE_THRESHOLD, coolDownMs: settings.BREAKER_COOL_DOWN_MS }, log);
  const role = { orm, redis, store, producers, breakers, settings, log, stops };
  try {
    if (settings.PULSE_ROLE !== 'api') await startWorkerRole(role);
    const api = settings.PULSE_ROLE !== 'worker' ? await startApiRole(role) : null;
    return { port: api?.port ?? null, orm, redis, store, services: api?.services ?? null, breakers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
