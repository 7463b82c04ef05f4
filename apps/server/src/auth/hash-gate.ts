import { TooManyRequestsError } from '@pulse/api-contract/errors';

export const HASH_GATE_BUSY = 'Sign-in is busy right now. Try again in a moment.';

/**
 * At most `concurrency` password checks at once, at most `maxWaiting` more waiting in order;
 * beyond that a sign-in is refused with 429 at once. An argon2 check takes ~19 MiB and tens of
 * milliseconds of a thread from the pool Node also uses for files and compression: a flood of
 * sign-ins then waits its turn (or is refused) instead of slowing every other call.
 */
export function createHashGate(concurrency: number, maxWaiting: number) {
  let active = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (active < concurrency) active++;
      else if (waiting.length < maxWaiting) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new TooManyRequestsError(HASH_GATE_BUSY, 1);
      // the slot is handed from one holder to the next without `active` dropping in between
      try {
        return await work();
      } finally {
        release();
      }
    },
    /** For tests and metrics: checks running and waiting. */
    load: () => ({ active, waiting: waiting.length }),
  };
}

export type HashGate = ReturnType<typeof createHashGate>;
