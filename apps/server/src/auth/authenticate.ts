import type { MikroORM } from '@pulse/db';
import type { Actor } from '@pulse/api-contract/schemas';
import { hashIngestKey, IngestKey } from '@pulse/db';
import type { SessionCheck } from './session-check.ts';
import type { TokenIssuer } from './tokens.ts';

export const INGEST_KEY_PREFIX = 'pk_';
const KEY_CACHE_MS = 60_000;

/**
 * Turns a bearer credential into an actor: `pk_...` is an organization's ingest key, anything
 * else a user access token. Key lookups are cached for a minute (hits and misses), so a busy
 * sender costs one hash per request, not one query; revoking a key takes effect within that.
 * An access token counts only while its session stands (session-check.ts).
 */
export function createAuthenticator(orm: MikroORM, tokens: TokenIssuer, sessions: Pick<SessionCheck, 'check'>) {
  const keyCache = new Map<string, { actor: Actor | null; until: number }>();

  async function ingestKeyActor(key: string): Promise<Actor | null> {
    const keyHash = hashIngestKey(key);
    const cached = keyCache.get(keyHash);
    if (cached && cached.until > Date.now()) return cached.actor;
    const row = await orm.em.fork().findOne(IngestKey, { keyHash, revokedAt: null });
    const actor: Actor | null = row ? { kind: 'ingestKey', keyId: row.id, organizationId: row.organization.id } : null;
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(keyHash, { actor, until: Date.now() + KEY_CACHE_MS });
    return actor;
  }

  return async function authenticate(credential: string | null | undefined): Promise<Actor | null> {
    if (!credential) return null;
    if (credential.startsWith(INGEST_KEY_PREFIX)) return ingestKeyActor(credential);
    const actor = await tokens.verifyAccess(credential);
    return actor ? sessions.check(actor) : null;
  };
}

export type Authenticate = ReturnType<typeof createAuthenticator>;

/** `Authorization: Bearer <credential>` → credential. */
export function bearerCredential(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}
