import { Session } from '@pulse/api-contract/schemas';

export const SESSION_STORAGE_KEY = 'pulse.session';

/** Reads the saved session; anything unreadable or malformed counts as no session. */
export function readStoredSession(storage: Storage, raw: string | null = storage.getItem(SESSION_STORAGE_KEY)): Session | null {
  if (!raw) return null;
  try {
    const parsed = Session.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeStoredSession(storage: Storage, session: Session): void {
  try {
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Private mode or a full quota: the session still works until the tab closes.
  }
}

export function clearStoredSession(storage: Storage): void {
  try {
    storage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Nothing to clear.
  }
}
