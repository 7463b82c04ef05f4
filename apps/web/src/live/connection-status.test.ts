import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionMonitor, deriveConnectionStatus } from './connection-status.ts';
import type { SocketState } from './connection-status.ts';

/** Stands in for tRPC's `connectionState` behaviour subject: current value plus changes. */
function socketStates(initial: SocketState) {
  let current = initial;
  const observers = new Set<(value: { state: SocketState }) => void>();
  return {
    get: () => ({ state: current }),
    subscribe(observer: { next: (value: { state: SocketState }) => void }) {
      observers.add(observer.next);
      observer.next({ state: current });
      return { unsubscribe: () => observers.delete(observer.next) };
    },
    set(state: SocketState) {
      current = state;
      for (const next of observers) next({ state });
    },
  };
}

describe('deriveConnectionStatus', () => {
  it('maps the socket, the timeout and the browser to three words', () => {
    expect(deriveConnectionStatus({ socket: 'pending', browserOnline: true, reconnectTimedOut: false })).toBe('live');
    expect(deriveConnectionStatus({ socket: 'connecting', browserOnline: true, reconnectTimedOut: false })).toBe('reconnecting');
    expect(deriveConnectionStatus({ socket: 'connecting', browserOnline: true, reconnectTimedOut: true })).toBe('offline');
    expect(deriveConnectionStatus({ socket: 'idle', browserOnline: true, reconnectTimedOut: false })).toBe('offline');
    expect(deriveConnectionStatus({ socket: 'pending', browserOnline: false, reconnectTimedOut: false })).toBe('offline');
  });
});

describe('ConnectionMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says reconnecting, then offline after 15 s without a connection, then live again', () => {
    const source = socketStates('pending');
    const monitor = new ConnectionMonitor(source, { isBrowserOnline: () => true });
    const seen: string[] = [];
    const stop = monitor.subscribe(() => seen.push(monitor.getSnapshot().status));
    expect(monitor.getSnapshot()).toEqual({ status: 'live', connectedBefore: true });

    source.set('connecting');
    expect(monitor.getSnapshot().status).toBe('reconnecting');
    vi.advanceTimersByTime(14_999);
    expect(monitor.getSnapshot().status).toBe('reconnecting');
    // tRPC repeats `connecting` on every failed attempt: that must not restart the clock.
    source.set('connecting');
    vi.advanceTimersByTime(1);
    expect(monitor.getSnapshot().status).toBe('offline');

    source.set('pending');
    expect(monitor.getSnapshot().status).toBe('live');
    source.set('idle');
    expect(monitor.getSnapshot().status).toBe('offline');
    expect(seen).toEqual(['reconnecting', 'offline', 'live', 'offline']);
    stop();
  });

  it('says "connecting" (not "reconnecting") before the first connection', () => {
    const source = socketStates('connecting');
    const monitor = new ConnectionMonitor(source, { isBrowserOnline: () => true });
    const stop = monitor.subscribe(() => undefined);
    expect(monitor.getSnapshot()).toEqual({ status: 'reconnecting', connectedBefore: false });
    source.set('pending');
    expect(monitor.getSnapshot()).toEqual({ status: 'live', connectedBefore: true });
    stop();
  });

  it('follows the browser going offline and online', () => {
    const source = socketStates('pending');
    const target = new EventTarget();
    let online = true;
    const monitor = new ConnectionMonitor(source, { target: target as Window, isBrowserOnline: () => online });
    const stop = monitor.subscribe(() => undefined);
    online = false;
    target.dispatchEvent(new Event('offline'));
    expect(monitor.getSnapshot().status).toBe('offline');
    online = true;
    target.dispatchEvent(new Event('online'));
    expect(monitor.getSnapshot().status).toBe('live');
    stop();
  });
});
