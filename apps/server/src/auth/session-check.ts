import type { MikroORM } from '@pulse/db';
import type { UserActor } from '@pulse/api-contract/schemas';
import type { Redis } from 'ioredis';
import { errorFields, type Logger } from '../log.ts';
import { createBlockingRedis } from '../redis/connections.ts';
import { readSessionState, type SessionState } from './session-rows.ts';

/** Bounds the cache of one process; past it the cache starts over (a burst of sessions). */
const MAX_CACHED_SESSIONS = 50_000;

export const revocationChannel = (prefix: string) => `${prefix}:auth:revoked`;

/** What a revocation announces: one session, or every session of a user (roles changed, user removed). */
export type Revocation = { sessionId: string } | { userId: string };

type Options = {
  orm: MikroORM;
  /** Publishes revocations (the API's command connection). */
  publisher: Redis;
  redisUrl: string;
  prefix: string;
  /** How long a session's state read from Postgres is trusted (at most 60 s). */
  cacheSeconds: number;
  log: Logger;
};

/**
 * Checks an access token against its server-side session: the session must be live, its user
 * must exist and hold the roles, organization and scope the token claims. What Postgres said is
 * cached per session for `cacheSeconds`; a revocation is announced on a Redis channel that
 * every API process listens to and drops from its cache, so a sign-out takes effect at once
 * everywhere. If Redis loses the message (it is down), the cache time bounds the delay.
 */
export async function startSessionCheck({ orm, publisher, redisUrl, prefix, cacheSeconds, log }: Options) {
  const cache = new Map<string, { state: SessionState | null; until: number }>();
  const loading = new Map<string, Promise<SessionState | null>>();
  const channel = revocationChannel(prefix);
  // Bumped by every revocation: a read that was under way meanwhile may predate it, so its
  // answer is used once but not cached.
  let generation = 0;

  function forget(revocation: Revocation): void {
    generation++;
    loading.clear();
    if ('sessionId' in revocation) {
      cache.delete(revocation.sessionId);
      return;
    }
    for (const [sessionId, entry] of cache) if (entry.state?.userId === revocation.userId) cache.delete(sessionId);
  }

  const subscriber = createBlockingRedis(redisUrl, 'pulse-sessions');
  subscriber.on('error', (error) => log.warn('redis sessions connection error', errorFields(error)));
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      forget(JSON.parse(message) as Revocation);
    } catch {
      log.warn('ignored a malformed session revocation', { message: message.slice(0, 200) });
    }
  });
  await subscriber.subscribe(channel);

  async function stateOf(sessionId: string): Promise<SessionState | null> {
    const cached = cache.get(sessionId);
    if (cached && cached.until > Date.now()) return cached.state;
    // Concurrent calls of one session share one query.
    const pending = loading.get(sessionId);
    if (pending) return pending;
    const readAt = generation;
    const load = readSessionState(orm.em.fork(), sessionId).finally(() => {
      if (loading.get(sessionId) === load) loading.delete(sessionId);
    });
    loading.set(sessionId, load);
    let state: SessionState | null;
    try {
      state = await load;
    } catch (error) {
      // Postgres unreachable: what was last read stands (degraded, not down), revocations
      // announced since are already out of the cache.
      if (!cached) throw error;
      log.warn('session check fell back to its last reading', errorFields(error));
      return cached.state;
    }
    if (cache.size >= MAX_CACHED_SESSIONS) cache.clear();
    if (cacheSeconds > 0 && generation === readAt) cache.set(sessionId, { state, until: Date.now() + cacheSeconds * 1000 });
    return state;
  }

  return {
    /** The actor when its session still stands as the token describes it; null otherwise. */
    async check(actor: UserActor): Promise<UserActor | null> {
      if (!actor.sessionId) return null;
      const state = await stateOf(actor.sessionId);
      const unchanged =
        state !== null &&
        state.live &&
        state.userId === actor.userId &&
        state.organizationId === actor.organizationId &&
        state.orgRole === actor.orgRole &&
        state.platformRole === actor.platformRole &&
        state.branchId === actor.branchId &&
        state.departmentId === actor.departmentId;
      return unchanged ? actor : null;
    },

    /**
     * Tells every API process (this one at once) to read the session again. Call after the
     * change is committed. A failed publish is logged: the others notice within the cache time.
     */
    async announce(revocation: Revocation): Promise<void> {
      forget(revocation);
      await publisher.publish(channel, JSON.stringify(revocation)).catch((error: unknown) => log.warn('could not announce a session revocation', errorFields(error)));
    },

    async close(): Promise<void> {
      await subscriber.quit();
    },
  };
}

export type SessionCheck = Awaited<ReturnType<typeof startSessionCheck>>;
