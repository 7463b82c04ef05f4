import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ACTIVITY_LOG_QUEUE, PIPELINE_QUEUES } from '@pulse/server/pipeline/pipeline-queues.ts';
import { freePort, startProcess, type ServerProcess } from './processes.ts';
import { waitUntil } from './stats.ts';

const MAIN = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));

export type PulseServers = {
  url: string;
  processes: ServerProcess[];
  /** Jobs not yet finished in any pipeline queue (0: every step has applied every batch). */
  pipelinePending(redis: Redis): Promise<number>;
  stop(): Promise<void>;
};

export type PulseServerOptions = {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** Extra Node flags for both processes (e.g. --cpu-prof). */
  nodeArgs?: (role: 'api' | 'worker') => string[];
  env?: Record<string, string>;
};

/**
 * Pulse as an operator runs it: one api and one worker process (so memory is per role), on
 * a free port, against the scenario's database and Redis prefix, in production mode.
 * Resolves once the api answers /ready and the worker is registered on its queue.
 */
export async function startPulseServers(options: PulseServerOptions): Promise<PulseServers> {
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    PULSE_DEMO: 'false',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.prefix,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const worker = startProcess('worker', MAIN, { ...env, PULSE_ROLE: 'worker' }, options.nodeArgs?.('worker'));
  const api = startProcess('api', MAIN, { ...env, PULSE_ROLE: 'api', PORT: String(port) }, options.nodeArgs?.('api'));
  const processes = [api, worker];
  const stop = async () => {
    // api first: nothing new is queued while the worker drains
    for (const server of processes) await server.stop();
  };
  const url = `http://127.0.0.1:${port}`;
  const redis = new Redis(options.redisUrl);
  const queue = new Queue(ACTIVITY_LOG_QUEUE, { connection: redis, prefix: options.prefix });
  try {
    await waitUntil(async () => (await fetch(`${url}/ready`).catch(() => null))?.ok === true, 'the api to be ready', 30_000, 100);
    await waitUntil(async () => (await queue.getWorkersCount()) > 0, 'the worker to register', 30_000, 100);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await queue.close();
    redis.disconnect();
  }
  const pipelinePending = async (connection: Redis) => {
    const queues = PIPELINE_QUEUES.map((name) => new Queue(name, { connection, prefix: options.prefix }));
    try {
      const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed')));
      return counts.reduce((sum, byState) => sum + Object.values(byState).reduce((a, b) => a + b, 0), 0);
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
    }
  };
  return { url, processes, pipelinePending, stop };
}
