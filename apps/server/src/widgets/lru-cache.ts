/** A small in-process cache: least recently used entries go first, every entry expires. */
export function createLruCache<V>(capacity: number, ttlMs: number) {
  const entries = new Map<string, { value: V; expires: number }>();
  return {
    get(key: string, now = Date.now()): V | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expires <= now) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key: string, value: V, now = Date.now()): void {
      entries.delete(key);
      entries.set(key, { value, expires: now + ttlMs });
      while (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
