import { sqlStateOf } from '@pulse/db';

// What Postgres (through pg, Kysely and MikroORM) raises when it cannot be reached, is
// restarting, drops the connection or aborted a transaction for a concurrent one: errors of
// the moment, never of the batch.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: the server is stopping and ended our session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '53300', // too_many_connections
  '40P01', // deadlock_detected: the other transaction went on; this one can simply run again
  '40001', // serialization_failure: likewise
]);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|connection timeout|Client has encountered a connection error/i;
/** The counter script's refusal while an organization's counters are rebuilt from Postgres. */
const COUNTERS_REBUILDING = /^REBUILDING /;

/**
 * True when the error says a dependency is away or busy for a while (Postgres unreachable or
 * restarting, counters being rebuilt): retry later. False when the work itself is wrong.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  const code = sqlStateOf(error);
  // SQLSTATE class 08: connection exceptions
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return error instanceof Error && (UNAVAILABLE_MESSAGE.test(error.message) || COUNTERS_REBUILDING.test(error.message));
}

export class Aborted extends Error {}

const FIRST_WAIT_MS = 250;
const LONGEST_WAIT_MS = 5000;

/**
 * Runs idempotent work again and again while a dependency is unavailable, waiting longer each
 * time (up to 5 s), and gives up only when the signal aborts. An outage therefore costs the
 * work time, not one of its attempts: the documents' 3 attempts are for errors of the work.
 */
export async function untilDependenciesAnswer<T>(work: () => Promise<T>, signal: AbortSignal, onWait: (error: unknown, waitMs: number) => void): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await work();
    } catch (error) {
      if (!isDependencyUnavailable(error)) throw error;
      if (signal.aborted) throw new Aborted('stopped while waiting for a dependency', { cause: error });
      const waitMs = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** round);
      onWait(error, waitMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
    }
  }
}
