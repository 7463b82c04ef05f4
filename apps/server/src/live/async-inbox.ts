/**
 * A bounded inbox between a push source (Redis messages) and a pull consumer (an async
 * generator feeding one subscriber). When a slow subscriber lets it overflow, the inbox fails
 * rather than silently dropping: the client reconnects and resumes from its last id.
 */
export class InboxOverflow extends Error {
  constructor() {
    super('Subscriber fell too far behind; reconnect to resume from the last received id.');
  }
}

export class AsyncInbox<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  push(item: T): void {
    if (this.failure) return;
    if (this.items.length >= this.capacity) this.failure = new InboxOverflow();
    else this.items.push(item);
    this.wake?.();
  }

  /** Yields items until the signal aborts; throws if the inbox overflowed. */
  async *drain(signal: AbortSignal): AsyncGenerator<T> {
    const onAbort = () => this.wake?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        if (this.failure) throw this.failure;
        const item = this.items.shift();
        if (item !== undefined) {
          yield item;
          continue;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
