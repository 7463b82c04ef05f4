import type { Redis } from 'ioredis';
import type { ActivityDelta } from '@pulse/api-contract/schemas';
import type { LiveItem } from '@pulse/api-contract/router';
import { liveChannel } from '../redis/keys.ts';
import type { Logger } from '../log.ts';

type Listener = (item: LiveItem<ActivityDelta>) => void;

/**
 * One Redis subscription per organization per API process, however many browsers watch it:
 * the worker publishes a delta once, every API process relays it to its own subscribers.
 * Channels are joined on the first local listener and left with the last.
 */
export function createLiveHub(subscriber: Redis, prefix: string, log: Logger) {
  const listeners = new Map<string, Set<Listener>>();
  const joined = new Map<string, Promise<unknown>>();

  subscriber.on('message', (channel: string, message: string) => {
    const organizationId = channel.slice(prefix.length + ':live:'.length);
    const group = listeners.get(organizationId);
    if (!group) return;
    let item: LiveItem<ActivityDelta>;
    try {
      item = JSON.parse(message) as LiveItem<ActivityDelta>;
    } catch {
      log.warn('unreadable live delta', { channel });
      return;
    }
    for (const listener of group) listener(item);
  });

  return {
    /** Resolves once Redis confirms the subscription, so nothing published after it is missed. */
    async listen(organizationId: string, listener: Listener): Promise<() => void> {
      let group = listeners.get(organizationId);
      if (!group) {
        group = new Set();
        listeners.set(organizationId, group);
        joined.set(organizationId, subscriber.subscribe(liveChannel(prefix, organizationId)));
      }
      group.add(listener);
      await joined.get(organizationId);
      return () => {
        group.delete(listener);
        if (group.size === 0 && listeners.get(organizationId) === group) {
          listeners.delete(organizationId);
          joined.delete(organizationId);
          void subscriber.unsubscribe(liveChannel(prefix, organizationId)).catch(() => undefined);
        }
      };
    },
    listenerCount: () => [...listeners.values()].reduce((sum, group) => sum + group.size, 0),
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
