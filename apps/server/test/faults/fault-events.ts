import type { IngestEventInput } from '@pulse/api-contract/schemas';

/** What the senders send: every event has its own id and time, as a retrying sender must. */
export type FaultEvent = IngestEventInput & { id: string; occurredAt: string };
export type Batch = { key: string; events: FaultEvent[] };

const USERS = 300;
/** Events are spread over the last minutes, so several per-minute buckets get filled. */
const SPREAD_MS = 8 * 60_000;

function eventAt(index: number, now: number): FaultEvent {
  const id = crypto.randomUUID();
  const occurredAt = new Date(now - Math.floor(Math.random() * SPREAD_MS)).toISOString();
  const base = { id, occurredAt };
  const userId = index % 10 === 9 ? undefined : `user-${Math.floor(Math.random() * USERS)}`;
  const roll = index % 20;
  if (roll < 10) return { ...base, type: 'PAGE_VIEW', userId, properties: { path: `/page/${roll}` } };
  if (roll < 15) {
    return { ...base, type: 'API_CALL', userId, properties: { method: 'GET', route: '/api/items/:id', status: 200, durationMs: roll } };
  }
  if (roll < 17) return { ...base, type: 'USER_LOGIN', userId, properties: { method: 'password' } };
  if (roll < 18) return { ...base, type: 'USER_LOGOUT', userId, properties: { reason: 'manual' } };
  if (roll < 19) return { ...base, type: 'PRODUCT_CREATED', userId, properties: { productId: `p-${index}` } };
  return { ...base, type: 'custom.fault.test', userId, properties: { index } };
}

/**
 * `count` events cut into batches, alternating between the organizations' ingest keys so the
 * per-organization counters are checked too.
 */
export function makeBatches(count: number, batchSize: number, keys: readonly string[]): Batch[] {
  const now = Date.now();
  const batches: Batch[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const events = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => eventAt(start + i, now));
    batches.push({ key: keys[batches.length % keys.length] ?? '', events });
  }
  return batches;
}
