import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivatePostgres, type PrivatePostgres } from '../../testing/private-postgres.ts';
import { startPrivateRedis, type PrivateRedis } from '../../testing/private-redis.ts';

export type FaultEnvironment = {
  root: string;
  redis: PrivateRedis;
  postgres: PrivatePostgres;
  /** Dependencies that died without being told to (a scenario fails on any). */
  crashes: string[];
  /** Stops everything and removes every file (unless keepFiles); safe to call twice. */
  stop(options?: { keepFiles?: boolean }): Promise<void>;
};

/**
 * A Redis and a Postgres of our own in one temporary directory, on free loopback ports, so a
 * scenario may crash and restart them without touching the machine's shared servers.
 */
export async function startFaultEnvironment(): Promise<FaultEnvironment> {
  const root = mkdtempSync(join(tmpdir(), 'pulse-faults-'));
  // The postgres OS user must reach its own directory below this one.
  chmodSync(root, 0o755);
  for (const dir of ['redis', 'postgres', 'logs']) mkdirSync(join(root, dir));
  const crashes: string[] = [];
  const stops: (() => Promise<unknown>)[] = [];
  let stopped = false;
  const stop = async ({ keepFiles = false } = {}) => {
    if (stopped) return;
    stopped = true;
    for (const step of stops.reverse()) await step().catch(() => undefined);
    if (!keepFiles) rmSync(root, { recursive: true, force: true });
  };
  try {
    const redis = await startPrivateRedis({ durableDir: join(root, 'redis'), onCrash: (child) => crashes.push(`${child.name} exited on its own`) });
    stops.push(() => redis.stop());
    const postgres = await startPrivatePostgres(join(root, 'postgres'));
    stops.push(() => postgres.stop());
    return { root, redis, postgres, crashes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
