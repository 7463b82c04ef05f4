import { Redis } from 'ioredis';

/** Sum of integer counters (missing keys count as 0). */
export async function sumCounters(redis: Redis, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const values = await redis.mget(...keys);
  return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
}
