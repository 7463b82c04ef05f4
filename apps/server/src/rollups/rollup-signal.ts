import type { Redis } from 'ioredis';

/**
 * What an API process hears when an organization's rollups moved: the organization's data
 * version, which only grows. Widget caches key on it (a newer version is a miss, nothing to
 * delete) and live dashboards resume from it.
 */
export type RollupSignal = { version: number };

export const rollupVersionKey = (prefix: string, organizationId: string) => `${prefix}:{${organizationId}}:widgets:version`;
export const rollupChannel = (prefix: string, organizationId: string) => `${prefix}:widgets:${organizationId}`;

// One round trip: bump the version and tell every API process, atomically.
const SIGNAL_SCRIPT = `local v = redis.call('INCR', KEYS[1]) redis.call('PUBLISH', ARGV[1], '{"version":' .. v .. '}') return v`;

export async function signalRollupChange(redis: Redis, prefix: string, organizationId: string): Promise<number> {
  return Number(await redis.eval(SIGNAL_SCRIPT, 1, rollupVersionKey(prefix, organizationId), rollupChannel(prefix, organizationId)));
}

export async function readRollupVersion(redis: Redis, prefix: string, organizationId: string): Promise<number> {
  return Number((await redis.get(rollupVersionKey(prefix, organizationId))) ?? 0);
}
