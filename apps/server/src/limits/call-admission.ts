import type { CallAdmission } from '@pulse/api-contract/router';
import type { Actor } from '@pulse/api-contract/schemas';
import type { ConnectionGuard } from './connection-guard.ts';
import type { RateLimiter, RateRule } from './rate-limiter.ts';

export type CallLimits = {
  limiter: RateLimiter;
  /** Calls (and HTTP ingest requests) per ingest key. */
  perKey: RateRule;
  /** Calls per signed-in user. */
  perUser: RateRule;
  /** Calls without a credential, per client address. */
  perAddress: RateRule;
};

export function ingestKeyRule(perSecond: number): RateRule {
  return { name: 'ingest-key', limit: perSecond, windowMs: 1000 };
}

export function callRules(settings: { RATE_LIMIT_INGEST_PER_KEY_PER_SECOND: number; RATE_LIMIT_CALLS_PER_USER_PER_MINUTE: number; RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE: number }) {
  return {
    perKey: ingestKeyRule(settings.RATE_LIMIT_INGEST_PER_KEY_PER_SECOND),
    perUser: { name: 'calls-user', limit: settings.RATE_LIMIT_CALLS_PER_USER_PER_MINUTE, windowMs: 60_000 },
    perAddress: { name: 'calls-address', limit: settings.RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE, windowMs: 60_000 },
  };
}

/**
 * The admission of one request's (or one WebSocket connection's) calls: the connection's own
 * caps first (no round trip), then the caller's rate in Redis: per ingest key, per user, or
 * per address for calls without a credential.
 */
export function createCallAdmission(limits: CallLimits, actor: Actor | null, address: string, connection: ConnectionGuard | null): CallAdmission {
  const [rule, subject, who] =
    actor?.kind === 'ingestKey' ? [limits.perKey, actor.keyId, 'this ingest key']
    : actor?.kind === 'user' ? [limits.perUser, actor.userId, 'this user']
    : [limits.perAddress, address, 'this address'];
  return {
    async admit({ type }) {
      const release = connection ? (type === 'subscription' ? connection.openSubscription() : connection.startCall()) : () => {};
      try {
        await limits.limiter.consume(rule, subject, `Too many calls from ${who}: at most ${rule.limit} per ${rule.windowMs / 1000} s. Retry later.`);
      } catch (error) {
        release();
        throw error;
      }
      return release;
    },
  };
}
