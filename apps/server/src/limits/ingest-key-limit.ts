import type { Authenticate } from '../auth/authenticate.ts';
import type { RateLimiter, RateRule } from './rate-limiter.ts';

/**
 * The authenticator of the HTTP ingest endpoints, counting each request against its key's rate
 * (the same count as the key's tRPC calls): a key over its limit is refused with 429 and
 * Retry-After before its body is read, so a flood costs one Redis round trip per request.
 */
export function limitIngestKeys(authenticate: Authenticate, limiter: RateLimiter, rule: RateRule): Authenticate {
  return async (credential) => {
    const actor = await authenticate(credential);
    if (actor?.kind === 'ingestKey') {
      await limiter.consume(rule, actor.keyId, `Too many requests with this ingest key: at most ${rule.limit} per second. Retry later.`);
    }
    return actor;
  };
}
