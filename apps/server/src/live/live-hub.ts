import type { Redis } from 'ioredis';
import type { ActivityDelta } from '@pulse/api-contract/schemas';
import type { LiveItem } from '@pulse/api-contract/router';
import { liveChannel } from '../redis/keys.ts';
import type { Logger } from '../log.ts';

/**
 * One Redis subscription per key (an organization, a user) per API process, however many
 * browsers watch it: the worker publishes a message once, every API process relays it to its
 * own subscribers. Channels are joined on the first local listener and left with the last.
 * Several hubs may share one subscriber connection: each one only handles its own channels.
 */
export function createLiveHub<T = LiveItem<ActivityDelta>>(
  subscriber: Redis,
  prefix: string,
  log: Logger,
  channelOf: (key: string) => string = (organizationId) => liveChannel(prefix, organizationId),
) {
  type Listener = (item: T) => void;
  const listeners = new Map<string, Set<Listener>>();
  const joined = new Map<string, Promise<unknown>>();
  const keyOfChannel = new Map<string, string>();

  subscriber.on('message', (channel: string, message: string) => {
    const key = keyOfChannel.get(channel);
    const group = key === undefined ? undefined : listeners.get(key);
    if (!group) return;
    let item: T;
    try {
      item = JSON.parse(message) as T;
    } catch {
      log.warn('unreadable live message', { channel });
      return;
    }
    for (const listener of group) listener(item);
  });

  return {
    /** Resolves once Redis confirms the subscription, so nothing published after it is missed. */
    async listen(key: string, listener: Listener): Promise<() => void> {
      let group = listeners.get(key);
      if (!group) {
        group = new Set();
        listeners.set(key, group);
        keyOfChannel.set(channelOf(key), key);
        joined.set(key, subscriber.subscribe(channelOf(key)));
      }
      group.add(listener);
      const leave = () => {
        group.delete(listener);
        if (group.size === 0 && listeners.get(key) === group) {
          listeners.delete(key);
          joined.delete(key);
          keyOfChannel.delete(channelOf(key));
          void subscriber.unsubscribe(channelOf(key)).catch(() => undefined);
        }
      };
      try {
        await joined.get(key);
      } catch (error) {
        // A failed subscription must not keep the listener, nor its rejected promise for the
        // next listener of the key: leave, so the next listen subscribes again.
        leave();
        throw error;
      }
      return leave;
    },
    listenerCount: () => [...listeners.values()].reduce((sum, group) => sum + group.size, 0),
    /** Sizes of the hub's own maps: all 0 once every listener has left (tests check it). */
    stats: () => ({ keys: listeners.size, joined: joined.size, channels: keyOfChannel.size }),
  };
}

export type LiveHub<T = LiveItem<ActivityDelta>> = ReturnType<typeof createLiveHub<T>>;
