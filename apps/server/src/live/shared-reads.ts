/** How long a settled read stays available to callers that accept it. */
const KEEP_MS = 1000;

/**
 * Reads shared between callers: a caller gets the latest read of its key if that read started
 * at or after `notBefore` (still running or just finished), else it starts one. Every live
 * counters subscription of an organization wakes on the same change and re-reads after the same
 * throttle, so N subscribers cost one read instead of N (a socket with thousands of them took
 * the process's whole event loop before).
 */
export function createSharedReads<T>(read: (key: string) => Promise<T>) {
  const latest = new Map<string, { startedAt: number; value: Promise<T> }>();
  return {
    read(key: string, notBefore: number): Promise<T> {
      const entry = latest.get(key);
      if (entry && entry.startedAt >= notBefore) return entry.value;
      const mine = { startedAt: Date.now(), value: read(key) };
      latest.set(key, mine);
      const forget = () => {
        if (latest.get(key) === mine) latest.delete(key);
      };
      mine.value.then(() => setTimeout(forget, KEEP_MS).unref(), forget);
      return mine.value;
    },
    size: () => latest.size,
  };
}
