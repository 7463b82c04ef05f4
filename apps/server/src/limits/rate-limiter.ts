import type { Redis } from 'ioredis';
import { TooManyRequestsError } from '@pulse/api-contract/errors';

/** A named limit: at most `limit` units (calls, requests, attempts) per subject per window. */
export type RateRule = { name: string; limit: number; windowMs: number };

export type RateAnswer = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Fixed window in one round trip: the first hit of a window creates the key with the window as
 * its expiry, so the count and its end commit together (no key left without an expiry if the
 * caller dies between two commands). Returns the count after this hit and the time left.
 * KEYS[1] the window's key; ARGV[1] cost, ARGV[2] window in ms.
 */
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  ttl = tonumber(ARGV[2])
end
return { count, ttl }
`;

const FAILURE_REPORT_MS = 10_000;

/**
 * Counts hits per subject (an ingest key, a user, an address) in Redis, so a limit holds across
 * every API process. A fixed window lets a sender reach twice the limit across a window's edge,
 * which is acceptable for limits meant to stop floods, and costs one key and one round trip.
 *
 * When Redis cannot answer, calls are let through (and `onFailure` is told, at most once per
 * FAILURE_REPORT_MS, so an outage does not flood the log): a limit must not turn a Redis outage
 * into an outage of every read; what needs Redis fails on its own.
 */
export function createRateLimiter(redis: Redis, prefix: string, onFailure: (error: unknown) => void = () => {}) {
  let reportedAt = -Infinity;
  async function hit(rule: RateRule, subject: string, cost = 1): Promise<RateAnswer> {
    try {
      const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, `${prefix}:rate:${rule.name}:${subject}`, cost, rule.windowMs)) as [number, number];
      return { allowed: count <= rule.limit, count, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    } catch (error) {
      if (Date.now() - reportedAt >= FAILURE_REPORT_MS) {
        reportedAt = Date.now();
        onFailure(error);
      }
      return { allowed: true, count: 0, retryAfterSeconds: 0 };
    }
  }

  return {
    hit,
    /** Counts a hit and throws TooManyRequestsError (429 + Retry-After on both transports) over the limit. */
    async consume(rule: RateRule, subject: string, message: string, cost = 1): Promise<void> {
      const answer = await hit(rule, subject, cost);
      if (!answer.allowed) throw new TooManyRequestsError(message, answer.retryAfterSeconds);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
