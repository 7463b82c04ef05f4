import { TRPCClientError } from '@trpc/client';

export type RetryOptions = {
  /** Attempts in all, the first included (1 = never retry). */
  attempts: number;
  /** Delay before the first retry; it doubles with every attempt. */
  baseDelayMs: number;
  /** Cap of one delay (a server's Retry-After may ask for longer and is honoured). */
  maxDelayMs: number;
};

/** Five attempts spread over about 4 s, or longer when the server asks for it. */
export const DEFAULT_SEND_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * Exponential backoff with jitter: attempt 0 waits between base/2 and base, each later
 * attempt twice as long, capped. The random half spreads out clients that failed together.
 */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Codes that mean "not now": the same call may succeed later. */
const TRANSIENT_CODES = new Set(['SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS']);

/**
 * Whether a failed call is worth repeating, and the server's wish for how long to wait. An
 * error without tRPC data never reached a Pulse that answered (refused connection, reset,
 * a proxy's HTML error page), so it is transient too.
 */
export function transientFailure(error: unknown): { retryAfterMs: number } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (data === null || data === undefined) return { retryAfterMs: 0 };
  const { code, retryAfterSeconds } = data as { code?: unknown; retryAfterSeconds?: unknown };
  if (typeof code !== 'string' || !TRANSIENT_CODES.has(code)) return null;
  return { retryAfterMs: typeof retryAfterSeconds === 'number' ? retryAfterSeconds * 1000 : 0 };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` until it succeeds, fails for good, or runs out of attempts. Waits the larger of
 * the backoff and the server's Retry-After, plus up to 10% jitter on the latter so clients
 * told the same number do not return in one burst.
 */
export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const transient = transientFailure(error);
      if (!transient || attempt + 1 >= options.attempts) throw error;
      const backoff = backoffDelayMs(attempt, options.baseDelayMs, options.maxDelayMs);
      const asked = transient.retryAfterMs > 0 ? transient.retryAfterMs + Math.random() * transient.retryAfterMs * 0.1 : 0;
      await sleep(Math.max(backoff, asked));
    }
  }
}
