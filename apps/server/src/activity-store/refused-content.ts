import { sqlStateOf } from '@pulse/db';

/** The one SQLSTATE of class 23 that is not a refusal: ON CONFLICT handles it, or it is a race. */
const UNIQUE_VIOLATION = '23505';

/**
 * True when the database refused the data itself: SQLSTATE class 22 (data exception: a value
 * out of range, text it cannot encode, an invalid escape) or 23 (integrity constraint, other
 * than the unique conflicts Pulse relies on). Sending the same data again fails the same way,
 * so these are the sender's problem (400) or, in a worker, a reason to set the data aside, never
 * to retry it.
 */
export function isRefusedContent(error: unknown): boolean {
  const code = sqlStateOf(error);
  if (!code || code.length !== 5) return false;
  return code.startsWith('22') || (code.startsWith('23') && code !== UNIQUE_VIOLATION);
}
