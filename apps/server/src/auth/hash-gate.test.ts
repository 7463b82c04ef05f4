import { TooManyRequestsError } from '@pulse/api-contract/errors';
import { describe, expect, it, vi } from 'vitest';
import { createHashGate } from './hash-gate.ts';

describe('hash gate', () => {
  it('runs at most `concurrency` at once, queues `maxWaiting` in order, refuses the rest with 429', async () => {
    const gate = createHashGate(2, 1);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const work = (id: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(id);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return id;
    };
    const first = gate.run(work(1));
    const second = gate.run(work(2));
    const third = gate.run(work(3));
    const refused = gate.run(work(4));
    await expect(refused).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 1 });
    expect(gate.load()).toEqual({ active: 2, waiting: 1 });
    expect(order).toEqual([1, 2]);
    // the first one done hands its slot to the waiting one
    releases[0]?.();
    expect(await first).toBe(1);
    await vi.waitFor(() => expect(order).toEqual([1, 2, 3]));
    releases[1]?.();
    releases[2]?.();
    expect([await second, await third]).toEqual([2, 3]);
    expect(peak).toBe(2);
    expect(gate.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('frees the slot when the work fails', async () => {
    const gate = createHashGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});
