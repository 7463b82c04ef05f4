import { TooManyRequestsError } from '@pulse/api-contract/errors';

export type ConnectionCaps = {
  maxSubscriptions: number;
  maxInFlight: number;
  maxMessagesPerSecond: number;
};

/**
 * What one WebSocket connection may hold at once: subscriptions, calls in flight, messages per
 * second. Without it, one socket could open thousands of subscriptions or queue thousands of
 * queries and take the process's memory and event loop from everyone else. A refused call is
 * answered with 429 (the socket stays usable); a message flood closes the socket.
 */
export function createConnectionGuard(caps: ConnectionCaps) {
  let subscriptions = 0;
  let inFlight = 0;
  let windowStart = 0;
  let messagesInWindow = 0;

  function hold(counter: 'subscriptions' | 'inFlight'): () => void {
    let released = false;
    if (counter === 'subscriptions') subscriptions++;
    else inFlight++;
    return () => {
      if (released) return;
      released = true;
      if (counter === 'subscriptions') subscriptions--;
      else inFlight--;
    };
  }

  return {
    /** Takes a subscription slot until the returned function is called; throws at the cap. */
    openSubscription(): () => void {
      if (subscriptions >= caps.maxSubscriptions) {
        throw new TooManyRequestsError(`This connection has ${caps.maxSubscriptions} subscriptions open, the most allowed: stop one before starting another.`, 1);
      }
      return hold('subscriptions');
    },
    /** Takes an in-flight slot for a query or mutation; throws at the cap. */
    startCall(): () => void {
      if (inFlight >= caps.maxInFlight) {
        throw new TooManyRequestsError(`This connection has ${caps.maxInFlight} calls in flight, the most allowed: wait for answers before sending more.`, 1);
      }
      return hold('inFlight');
    },
    /** Counts one incoming message; false once this second's allowance is spent. */
    acceptMessage(now = Date.now()): boolean {
      if (now - windowStart >= 1000) {
        windowStart = now;
        messagesInWindow = 0;
      }
      messagesInWindow++;
      return messagesInWindow <= caps.maxMessagesPerSecond;
    },
    stats: () => ({ subscriptions, inFlight }),
  };
}

export type ConnectionGuard = ReturnType<typeof createConnectionGuard>;
