/**
 * A query's `structuralSharing` that merges instead of replacing: a live frame written into
 * the cache while the query's request was in flight is kept when the (older) answer lands,
 * and a late answer never undoes a newer live value. Used by queries whose data only grows
 * or only moves forward (the feed, the counters).
 */
export function mergingWith<T>(merge: (cached: T, fresh: T) => T): (cached: unknown, fresh: unknown) => unknown {
  // The cache entry of a query key only ever holds that query's output type.
  return (cached, fresh) => (cached === undefined ? fresh : merge(cached as T, fresh as T));
}
