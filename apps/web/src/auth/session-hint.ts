import { Me } from '@pulse/api-contract/schemas';
import { z } from 'zod';

export const SESSION_STORAGE_KEY = 'pulse.session';

/**
 * What this browser keeps in localStorage about its session: who is signed in, never a token
 * (the access token lives in memory, the refresh token in an httpOnly cookie). It tells a
 * reloaded page to ask `/api/session/refresh` for an access token, and the other tabs (through
 * the storage event) that this one signed in or out.
 */
const SessionHint = z.object({ user: Me });
export type SessionHint = z.output<typeof SessionHint>;

/** Reads the saved hint; anything unreadable or malformed counts as no session. */
export function readSessionHint(storage: Storage, raw: string | null = storage.getItem(SESSION_STORAGE_KEY)): SessionHint | null {
  if (!raw) return null;
  try {
    const parsed = SessionHint.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeSessionHint(storage: Storage, hint: SessionHint): void {
  try {
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(hint));
  } catch {
    // Private mode or a full quota: the session still works until the tab closes.
  }
}

export function clearSessionHint(storage: Storage): void {
  try {
    storage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Nothing to clear.
  }
}
