import { describe, expect, it } from 'vitest';
import { createSharedReads } from './shared-reads.ts';

describe('shared reads', () => {
  it('callers that accept a read started after their change share one; a later change starts another', async () => {
    let reads = 0;
    const shared = createSharedReads(async (key: string) => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return `${key}#${reads}`;
    });
    const changeAt = Date.now();
    const answers = await Promise.all(Array.from({ length: 1000 }, () => shared.read('org', changeAt)));
    expect(reads).toBe(1);
    expect(new Set(answers)).toEqual(new Set(['org#1']));
    // A change after that read started: the next caller gets a fresh read.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await shared.read('org', Date.now())).toBe('org#2');
    // Another key is read on its own.
    expect(await shared.read('other', 0)).toBe('other#3');
  });

  it('forgets a failed read at once, so the next caller tries again', async () => {
    let calls = 0;
    const shared = createSharedReads(async () => {
      calls++;
      if (calls === 1) throw new Error('redis away');
      return 'ok';
    });
    await expect(shared.read('org', 0)).rejects.toThrow('redis away');
    expect(await shared.read('org', 0)).toBe('ok');
  });
});
