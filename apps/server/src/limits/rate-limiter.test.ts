import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { TooManyRequestsError } from '@pulse/api-contract/errors';
import { createRateLimiter } from './rate-limiter.ts';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test_${randomBytes(5).toString('hex')}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('rate limiter', () => {
  it('allows up to the limit in a window, then refuses with the time until the window ends', async () => {
    const limiter = createRateLimiter(redis, prefix);
    const rule = { name: 'calls', limit: 3, windowMs: 2000 };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await limiter.hit(rule, 'user-1'));
    expect(answers.map((answer) => answer.allowed)).toEqual([true, true, true, false, false]);
    const refused = answers[4];
    expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(2);
    // Another subject has its own count.
    expect((await limiter.hit(rule, 'user-2')).allowed).toBe(true);
  });

  it('counts a cost (a batch of events) in one step and opens again after the window', async () => {
    const limiter = createRateLimiter(redis, prefix);
    const rule = { name: 'events', limit: 10, windowMs: 300 };
    expect((await limiter.hit(rule, 'key-1', 8)).allowed).toBe(true);
    expect((await limiter.hit(rule, 'key-1', 3)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await limiter.hit(rule, 'key-1', 3)).allowed).toBe(true);
  });

  it('holds across limiter instances sharing Redis (several API processes)', async () => {
    const rule = { name: 'shared', limit: 2, windowMs: 5000 };
    const other = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      expect((await createRateLimiter(redis, prefix).hit(rule, 's')).allowed).toBe(true);
      expect((await createRateLimiter(other, prefix).hit(rule, 's')).allowed).toBe(true);
      expect((await createRateLimiter(redis, prefix).hit(rule, 's')).allowed).toBe(false);
    } finally {
      other.disconnect();
    }
  });

  it('consume throws TooManyRequestsError with retryAfterSeconds once over the limit', async () => {
    const limiter = createRateLimiter(redis, prefix);
    const rule = { name: 'consume', limit: 1, windowMs: 60_000 };
    await limiter.consume(rule, 'x', 'Too many calls.');
    const error = await limiter.consume(rule, 'x', 'Too many calls.').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({ message: 'Too many calls.', retryAfterSeconds: 60 });
  });

  it('lets calls through when Redis cannot answer (a limit must not take the API down)', async () => {
    const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    broken.on('error', () => {});
    const failures: unknown[] = [];
    const limiter = createRateLimiter(broken, prefix, (error) => failures.push(error));
    try {
      expect((await limiter.hit({ name: 'down', limit: 1, windowMs: 1000 }, 'y')).allowed).toBe(true);
      expect((await limiter.hit({ name: 'down', limit: 1, windowMs: 1000 }, 'y')).allowed).toBe(true);
      // Reported once, not once per call.
      expect(failures).toHaveLength(1);
    } finally {
      broken.disconnect();
    }
  });
});
