/**
 * Natural batching: while a flush for a key runs, later items for that key wait and go together
 * in the next flush (at most `maxItems` per flush). Nothing waits for a timer: an idle key
 * flushes its first item at once, a busy key folds whatever queued behind the flush in progress,
 * so under load each flush carries more items and the per-flush cost is paid less often.
 * Keys never share a flush, and each caller gets the outcome of its own item: the flush settles
 * each item (in order) or, by throwing, all of them.
 */
export type CoalescedFlush<Item, Outcome> = (key: string, items: Item[]) => Promise<PromiseSettledResult<Outcome>[]>;

type Waiting<Item, Outcome> = { item: Item; resolve(outcome: Outcome): void; reject(error: unknown): void };

export function coalesceWhileBusy<Item, Outcome>(flush: CoalescedFlush<Item, Outcome>, maxItems: number): (key: string, item: Item) => Promise<Outcome> {
  const queued = new Map<string, Waiting<Item, Outcome>[]>();
  const busy = new Set<string>();

  async function run(key: string): Promise<void> {
    busy.add(key);
    try {
      for (let waiting = queued.get(key); waiting?.length; waiting = queued.get(key)) {
        const taken = waiting.splice(0, maxItems);
        try {
          const outcomes = await flush(key, taken.map((entry) => entry.item));
          taken.forEach((entry, index) => {
            const outcome = outcomes[index];
            if (outcome?.status === 'fulfilled') entry.resolve(outcome.value);
            else entry.reject(outcome ? outcome.reason : new Error('the flush settled fewer items than it was given'));
          });
        } catch (error) {
          for (const entry of taken) entry.reject(error);
        }
      }
    } finally {
      queued.delete(key);
      busy.delete(key);
    }
  }

  return (key, item) => {
    const { promise, resolve, reject } = Promise.withResolvers<Outcome>();
    const waiting = queued.get(key) ?? [];
    waiting.push({ item, resolve, reject });
    queued.set(key, waiting);
    if (!busy.has(key)) void run(key);
    return promise;
  };
}
