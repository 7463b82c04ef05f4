import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '../log.ts';
import { createLiveHub } from './live-hub.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test_${randomBytes(5).toString('hex')}`;
const subscriber = new Redis(url, { maxRetriesPerRequest: null });
const publisher = new Redis(url);
afterAll(() => {
  subscriber.disconnect();
  publisher.disconnect();
});

const numsub = async (channel: string) => Number(((await publisher.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1]);

describe('live hub', () => {
  it('after thousands of listeners of several keys leave, keeps nothing and leaves every channel', async () => {
    const hub = createLiveHub<{ n: number }>(subscriber, prefix, createLogger('error'));
    const keys = ['org-a', 'org-b', 'org-c'];
    const received: number[] = [];
    const stops = await Promise.all(Array.from({ length: 3000 }, (_, i) => hub.listen(keys[i % 3] ?? 'org-a', (item) => received.push(item.n))));
    expect(hub.listenerCount()).toBe(3000);
    await publisher.publish(`${prefix}:live:org-a`, JSON.stringify({ n: 1 }));
    await expect.poll(() => received.length).toBe(1000);
    for (const stop of stops) stop();
    expect(hub.listenerCount()).toBe(0);
    expect(hub.stats()).toEqual({ keys: 0, joined: 0, channels: 0 });
    for (const key of keys) await expect.poll(() => numsub(`${prefix}:live:${key}`)).toBe(0);
  });

  it('a listener whose subscription fails is not kept, and the next listener subscribes again', async () => {
    const offline = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    offline.on('error', () => {});
    const hub = createLiveHub<{ n: number }>(offline, prefix, createLogger('error'));
    try {
      await expect(hub.listen('org-x', () => {})).rejects.toThrow();
      expect(hub.listenerCount()).toBe(0);
      // ioredis connects on the first command: wait until it is ready.
      if (offline.status !== 'ready') await new Promise((resolve) => offline.once('ready', resolve));
      const stop = await hub.listen('org-x', () => {});
      expect(await numsub(`${prefix}:live:org-x`)).toBe(1);
      stop();
      expect(hub.stats()).toEqual({ keys: 0, joined: 0, channels: 0 });
    } finally {
      offline.disconnect();
    }
  });
});
