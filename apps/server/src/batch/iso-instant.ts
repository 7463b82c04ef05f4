/**
 * An ISO 8601 instant in the one form Pulse stores and sends (UTC, milliseconds, `Z`), as
 * Postgres gives it back. Strings already in that form (what well-behaved senders and the
 * ingest service produce) are returned as they are: re-formatting every event through a
 * Date showed in the ingest profile.
 */
export function isoInstant(value: string): string {
  return value.length === 24 && value.endsWith('Z') && value[10] === 'T' ? value : new Date(value).toISOString();
}
