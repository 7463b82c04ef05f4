import { TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../router/index.ts';
import { backoffDelayMs, transientFailure, withRetry } from './retry.ts';

/** An error as the client raises it for a server answer with this code. */
const answered = (code: TRPC_ERROR_CODE_KEY, retryAfterSeconds: number | null = null) =>
  new TRPCClientError<AppRouter>(code, {
    result: { error: { code: -32603, message: code, data: { code, httpStatus: 503, path: 'events.ingest', issues: null, retryAfterSeconds } } },
  });
const unreachable = () => new TRPCClientError<AppRouter>('fetch failed', { cause: new TypeError('fetch failed') });

describe('transientFailure', () => {
  it('retries unavailability, rate limits and unreachable servers, nothing else', () => {
    expect(transientFailure(answered('SERVICE_UNAVAILABLE', 2))).toEqual({ retryAfterMs: 2000 });
    expect(transientFailure(answered('TOO_MANY_REQUESTS'))).toEqual({ retryAfterMs: 0 });
    expect(transientFailure(unreachable())).toEqual({ retryAfterMs: 0 });
    expect(transientFailure(answered('BAD_REQUEST'))).toBeNull();
    expect(transientFailure(answered('UNAUTHORIZED'))).toBeNull();
    expect(transientFailure(new Error('a bug'))).toBeNull();
  });
});

describe('withRetry', () => {
  const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

  it('repeats a transient failure until it succeeds', async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls < 3) throw unreachable();
      return 'stored';
    }, fast);
    expect(result).toBe('stored');
    expect(calls).toBe(3);
  });

  it('gives up after the attempts with the last error, and at once on a permanent one', async () => {
    let calls = 0;
    await expect(withRetry(() => (calls++, Promise.reject(unreachable())), fast)).rejects.toThrow('fetch failed');
    expect(calls).toBe(4);
    calls = 0;
    await expect(withRetry(() => (calls++, Promise.reject(answered('BAD_REQUEST'))), fast)).rejects.toThrow('BAD_REQUEST');
    expect(calls).toBe(1);
  });
});

describe('backoffDelayMs', () => {
  it('doubles per attempt within a random upper half, up to the cap', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** attempt);
      const delay = backoffDelayMs(attempt, 100, 1000);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });
});
