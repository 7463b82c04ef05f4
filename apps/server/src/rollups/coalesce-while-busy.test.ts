import { describe, expect, it } from 'vitest';
import { coalesceWhileBusy } from './coalesce-while-busy.ts';

/** A flush that records what it was given and finishes when told to. */
function controlledFlush() {
  const flushes: { key: string; items: number[]; finish(outcomes?: PromiseSettledResult<number>[]): void; fail(error: Error): void }[] = [];
  const flush = (key: string, items: number[]) =>
    new Promise<PromiseSettledResult<number>[]>((resolve, reject) => {
      flushes.push({ key, items, finish: (outcomes) => resolve(outcomes ?? items.map((value) => ({ status: 'fulfilled', value: value * 10 }))), fail: reject });
    });
  return { flushes, flush };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceWhileBusy', () => {
  it('flushes an idle key at once, and folds what queues behind a running flush into the next one', async () => {
    const { flushes, flush } = controlledFlush();
    const add = coalesceWhileBusy(flush, 10);
    const first = add('acme', 1);
    await settle();
    expect(flushes.map((f) => f.items)).toEqual([[1]]);
    const queued = [add('acme', 2), add('acme', 3), add('acme', 4)];
    await settle();
    expect(flushes).toHaveLength(1);
    flushes[0]?.finish();
    await expect(first).resolves.toBe(10);
    await settle();
    expect(flushes.map((f) => f.items)).toEqual([[1], [2, 3, 4]]);
    flushes[1]?.finish();
    await expect(Promise.all(queued)).resolves.toEqual([20, 30, 40]);
  });

  it('never puts two keys in one flush, and caps a flush at maxItems', async () => {
    const { flushes, flush } = controlledFlush();
    const add = coalesceWhileBusy(flush, 2);
    const results = [add('acme', 1), add('globex', 2), add('acme', 3), add('acme', 4), add('acme', 5)];
    await settle();
    expect(flushes.map((f) => [f.key, f.items])).toEqual([
      ['acme', [1]],
      ['globex', [2]],
    ]);
    flushes[0]?.finish();
    await settle();
    flushes[2]?.finish();
    await settle();
    expect(flushes.map((f) => [f.key, f.items])).toEqual([
      ['acme', [1]],
      ['globex', [2]],
      ['acme', [3, 4]],
      ['acme', [5]],
    ]);
    flushes[1]?.finish();
    flushes[3]?.finish();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('gives each caller its own outcome, and every caller of a flush that throws its error', async () => {
    const { flushes, flush } = controlledFlush();
    const add = coalesceWhileBusy(flush, 10);
    const first = add('acme', 1);
    await settle();
    const [good, bad] = [add('acme', 2), add('acme', 3)];
    flushes[0]?.fail(new Error('database gone'));
    await expect(first).rejects.toThrow('database gone');
    await settle();
    flushes[1]?.finish([
      { status: 'fulfilled', value: 20 },
      { status: 'rejected', reason: new Error('batch 3 is bad') },
    ]);
    await expect(good).resolves.toBe(20);
    await expect(bad).rejects.toThrow('batch 3 is bad');
    // the key is idle again: the next item flushes at once
    const later = add('acme', 4);
    await settle();
    expect(flushes.at(-1)?.items).toEqual([4]);
    flushes.at(-1)?.finish();
    await expect(later).resolves.toBe(40);
  });
});
