import type { MikroORM } from '@pulse/db';
import { LIVE_CLOSE_CODES, type UserActor } from '@pulse/api-contract/schemas';
import type { Redis } from 'ioredis';
import { errorFields, type Logger } from '../log.ts';
import { createBlockingRedis } from '../redis/connections.ts';
import { readSessionState, type SessionState } from './session-rows.ts';

/** Bounds the cache of one process; past it the cache starts over (a burst of sessions). */
const MAX_CACHED_SESSIONS = 50_000;
/** How often long-lived connections are checked when no revocation was announced. */
const MIN_WATCH_INTERVAL_MS = 5000;

/** The close code a WebSocket gets when its session ends (the contract's, so clients can explain it). */
export const SESSION_ENDED_CLOSE_CODE = LIVE_CLOSE_CODES.sessionEnded;

/** A connection authenticated once (a WebSocket, an SSE stream) that must end with its session. */
export type WatchedConnection = { close(): void; onClosed(listener: () => void): void };

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
 * Connections that authenticate once (WebSocket, SSE) are watched: closed when their session is
 * revoked, and re-checked every cache period for the rest.
 */
export async function startSessionCheck({ orm, publisher, redisUrl, prefix, cacheSeconds, log }: Options) {
  const cache = new Map<string, { state: SessionState | null; until: number }>();
  const loading = new Map<string, Promise<SessionState | null>>();
  const channel = revocationChannel(prefix);
  // Bumped by every revocation: a read that was under way meanwhile may predate it, so its
  // answer is used once but not cached.
  let generation = 0;

  const watched = new Map<WatchedConnection, UserActor>();

  function forget(revocation: Revocation): void {
    generation++;
    loading.clear();
    if ('sessionId' in revocation) cache.delete(revocation.sessionId);
    else for (const [sessionId, entry] of cache) if (entry.state?.userId === revocation.userId) cache.delete(sessionId);
    const concerned = [...watched].filter(([, actor]) => ('sessionId' in revocation ? actor.sessionId === revocation.sessionId : actor.userId === revocation.userId));
    void recheck(concerned);
  }

  /** Closes the connections whose session no longer stands. */
  async function recheck(connections: [WatchedConnection, UserActor][]): Promise<void> {
    for (const [connection, actor] of connections) {
      const still = await check(actor).catch(() => actor);
      if (!still && watched.delete(connection)) connection.close();
    }
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

  /** The actor when its session still stands as the token describes it; null otherwise. */
  async function check(actor: UserActor): Promise<UserActor | null> {
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
  }

  const timer = setInterval(() => void recheck([...watched]), Math.max(MIN_WATCH_INTERVAL_MS, cacheSeconds * 1000));
  timer.unref();

  return {
    check,

    /** Closes `connection` when the session of `actor` ends (at once on a revocation, else within the cache time). */
    watch(actor: UserActor, connection: WatchedConnection): void {
      watched.set(connection, actor);
      connection.onClosed(() => watched.delete(connection));
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
      clearInterval(timer);
      await subscriber.quit();
    },
  };
}

export type SessionCheck = Awaited<ReturnType<typeof startSessionCheck>>;
