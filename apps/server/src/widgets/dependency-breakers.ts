import { RetryLaterError } from '@pulse/api-contract/errors';
import type { StaleReason } from '@pulse/api-contract/schemas';
import { sqlStateOf } from '@pulse/db';
import { type BreakerTransition, type CircuitBreaker, createCircuitBreaker, type ErrorKind } from '../breakers/circuit-breaker.ts';
import { errorFields, type Logger } from '../log.ts';
import { isDependencyUnavailable } from '../pipeline/wait-for-dependencies.ts';

/** A Redis read of the widget path (a cache entry, the counters) that takes longer is abandoned. */
const REDIS_CALL_TIMEOUT_MS = 1000;

/** Redis answered with an error of the command (WRONGTYPE, NOSCRIPT): the server is there. */
const REDIS_BUSY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)/;
function classifyRedis(error: unknown): ErrorKind {
  if (!(error instanceof Error)) return 'connection';
  if (error.name === 'ReplyError') return REDIS_BUSY.test(error.message) ? 'failure' : 'call';
  // Not connected ("Stream isn't writeable", "Connection is closed"), refused, reset.
  return 'connection';
}

/**
 * Refused, reset, shut down, not accepting connections (isDependencyUnavailable's list) is the
 * connection; too many connections is a failure; a deadlock or serialization failure is the
 * call's own (it ran again would pass), and so is every other error of a query.
 */
function classifyPostgres(error: unknown): ErrorKind {
  if (!isDependencyUnavailable(error)) return 'call';
  const code = sqlStateOf(error);
  if (code === '40P01' || code === '40001') return 'call';
  return code === '53300' ? 'failure' : 'connection';
}

export type DependencyBreakers = { redis: CircuitBreaker; postgres: CircuitBreaker };

export type BreakerSettings = { failureThreshold: number; coolDownMs: number; now?: () => number };

/**
 * The breakers of one process's read path: the Redis calls of widgets (cache entries, live
 * counters, data versions) and dashboards, and their Postgres reads. Transitions are logged:
 * opening as a warning with the error, closing as information with how long it lasted.
 */
export function createDependencyBreakers(settings: BreakerSettings, log: Logger): DependencyBreakers {
  const onTransition = ({ dependency, from, to, since, error }: BreakerTransition) => {
    const fields = { dependency, from, to, since: since === null ? null : new Date(since).toISOString() };
    if (to === 'open') log.warn('dependency circuit opened: reads fail fast and answer from what is cached', { ...fields, ...errorFields(error) });
    else if (to === 'closed') log.info('dependency circuit closed', fields);
  };
  return {
    redis: createCircuitBreaker({ dependency: 'redis', ...settings, classify: classifyRedis, callTimeoutMs: REDIS_CALL_TIMEOUT_MS, onTransition }),
    postgres: createCircuitBreaker({ dependency: 'postgres', ...settings, classify: classifyPostgres, onTransition }),
  };
}

/**
 * Why an answer is stale when `error` stopped a call through `breaker`, or null when the error
 * is the call's own (the caller rethrows it).
 */
export function staleReasonOf(breaker: CircuitBreaker, error: unknown): StaleReason | null {
  if (!breaker.isDependencyError(error)) return null;
  return breaker.dependency === 'redis' ? 'redis_unavailable' : 'postgres_unavailable';
}

/** The contract's "unavailable, retry after" for a call that needs a dependency that is away. */
export function retryLaterFor(breaker: CircuitBreaker, message: string, cause: unknown): RetryLaterError {
  return new RetryLaterError(message, breaker.retryAfterSeconds(), { cause });
}

/** `read` through `breaker`, answering UNAVAILABLE with a retry time at once while the dependency is away. */
export function failingFast<A extends unknown[], R>(breaker: CircuitBreaker, message: string, read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await breaker.run(() => read(...args));
    } catch (error) {
      throw breaker.isDependencyError(error) ? retryLaterFor(breaker, message, error) : error;
    }
  };
}
