import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { pendingMigrationCount, runSql } from '@pulse/db';
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

/** `GET /ready`: Postgres and Redis answer and no migration is pending (for a readiness probe). */
export function createReadyRoute(orm: MikroORM, redis: Redis) {
  return async function handleReady(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [postgres, redisCheck, migrations] = await Promise.all([
      check(async () => void (await runSql(orm.em.fork(), 'SELECT 1', []))),
      check(async () => ((await redis.ping()) === 'PONG' ? undefined : 'unexpected PING answer')),
      check(async () => {
        const pending = await pendingMigrationCount(orm);
        return pending > 0 ? `${pending} migration(s) pending: run npm start or node packages/db/src/cli.ts migrate` : undefined;
      }),
    ]);
    const ready = postgres.ok && redisCheck.ok && migrations.ok;
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks: { postgres, redis: redisCheck, migrations } });
  };
}
