import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { pendingMigrationCount, runSql } from '@pulse/db';
import type { CircuitBreaker } from '../breakers/circuit-breaker.ts';
import type { DependencyBreakers } from '../widgets/dependency-breakers.ts';
import { sendJson } from './responses.ts';

/** `GET /health`: the process is up (for a liveness probe; never touches a dependency). */
export function handleHealth(_req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

type Check = { ok: boolean; detail?: string };

async function check(work: () => Promise<string | undefined>): Promise<Check> {
  try {
    const detail = await work();
    return detail ? { ok: false, detail } : { ok: true };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Each read-path breaker: its state and, while a dependency is away, since when. */
function breakerReport(breakers: DependencyBreakers) {
  const of = (breaker: CircuitBreaker) => ({ state: breaker.state, since: breaker.since === null ? null : new Date(breaker.since).toISOString() });
  return { redis: of(breakers.redis), postgres: of(breakers.postgres) };
}

/**
 * `GET /ready` (a readiness probe): `ready` when Postgres and Redis answer and no migration is
 * pending; `degraded` (still 200) when Postgres or Redis is away or a breaker is not closed,
 * because dashboards still answer from the caches, marked stale, and ingest answers 503 with
 * Retry-After by itself: taking every API process out of the load balancer would turn a
 * degraded Pulse into one that is down. 503 `not_ready` only for pending migrations.
 */
export function createReadyRoute(orm: MikroORM, redis: Redis, breakers: DependencyBreakers) {
  return async function handleReady(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [postgres, redisCheck] = await Promise.all([
      check(async () => void (await runSql(orm.em.fork(), 'SELECT 1', []))),
      check(async () => ((await redis.ping()) === 'PONG' ? undefined : 'unexpected PING answer')),
    ]);
    // Unreachable, MikroORM counts every migration as pending: ask only a Postgres that answers.
    const migrations = postgres.ok
      ? await check(async () => {
          const pending = await pendingMigrationCount(orm);
          return pending > 0 ? `${pending} migration(s) pending: run npm start or node packages/db/src/cli.ts migrate` : undefined;
        })
      : { ok: true, detail: 'not checked while Postgres is away' };
    const circuits = breakerReport(breakers);
    const degraded = !postgres.ok || !redisCheck.ok || circuits.redis.state !== 'closed' || circuits.postgres.state !== 'closed';
    const status = !migrations.ok ? 'not_ready' : degraded ? 'degraded' : 'ready';
    sendJson(res, status === 'not_ready' ? 503 : 200, { status, checks: { postgres, redis: redisCheck, migrations }, breakers: circuits });
  };
}
