import { Redis } from 'ioredis';

/** Removes every key of one scenario (queues, counters, streams) so the shared Redis stays small. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Sum of integer counters (missing keys count as 0). */
export async function sumCounters(redis: Redis, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const values = await redis.mget(...keys);
  return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
}
