import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: the OWASP baseline).
 * Argon2id is @node-rs/argon2's default algorithm; we do not name it because its
 * `Algorithm` is a `const enum`, which type stripping cannot use.
 */
export async function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

/** False for a wrong password and for a stored hash that is not a valid PHC string. */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

export const INGEST_KEY_PREFIX_LENGTH = 12;

/**
 * Ingest keys carry 256 random bits, so a plain sha256 is as good as a slow hash here and
 * lets the ingest path find a key by an indexed equality lookup on every request.
 */
export function hashIngestKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key that may be shown to people so they can tell keys apart. */
export function ingestKeyPrefix(key: string): string {
  return key.slice(0, INGEST_KEY_PREFIX_LENGTH);
}

/** A new random ingest key; store only hashIngestKey(key) and ingestKeyPrefix(key). */
export function generateIngestKey(): string {
  return `pk_${randomBytes(32).toString('base64url')}`;
}
