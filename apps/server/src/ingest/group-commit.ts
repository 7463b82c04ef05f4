/**
 * Group commit: calls that arrive within `windowMs` of each other for the same key share one
 * flush. A caller's promise settles when the flush that carried its items settles, so nobody
 * is told "accepted" before their items are durable. Large calls flush on their own.
 */
export type GroupCommitOptions<Item> = {
  windowMs: number;
  maxItems: number;
  flush(key: string, items: Item[]): Promise<void>;
};

type Pending<Item> = { items: Item[]; waiters: { resolve(): void; reject(error: unknown): void }[]; timer: NodeJS.Timeout | null };

export class GroupCommit<Item> {
  private readonly pending = new Map<string, Pending<Item>>();
  private readonly options: GroupCommitOptions<Item>;

  constructor(options: GroupCommitOptions<Item>) {
    this.options = options;
  }

  add(key: string, items: Item[]): Promise<void> {
    if (this.options.windowMs === 0 || items.length >= this.options.maxItems) return this.options.flush(key, items);
    let group = this.pending.get(key);
    if (group && group.items.length + items.length > this.options.maxItems) {
      this.flushGroup(key);
      group = undefined;
    }
    if (!group) {
      group = { items: [], waiters: [], timer: null };
      group.timer = setTimeout(() => this.flushGroup(key), this.options.windowMs);
      this.pending.set(key, group);
    }
    group.items.push(...items);
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    group.waiters.push({ resolve, reject });
    if (group.items.length >= this.options.maxItems) this.flushGroup(key);
    return promise;
  }

  /** Flushes everything still waiting (used at shutdown). */
  async drain(): Promise<void> {
    const keys = [...this.pending.keys()];
    await Promise.allSettled(keys.map((key) => this.flushGroup(key)));
  }

  private flushGroup(key: string): Promise<void> {
    const group = this.pending.get(key);
    if (!group) return Promise.resolve();
    this.pending.delete(key);
    if (group.timer) clearTimeout(group.timer);
    return this.options.flush(key, group.items).then(
      () => group.waiters.forEach((waiter) => waiter.resolve()),
      (error: unknown) => group.waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
