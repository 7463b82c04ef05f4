import type { IngestEventInput } from '@pulse/api-contract';
import { demoEvent } from '@pulse/server/demo/demo-events.ts';
import { dayOf } from '@pulse/server/redis/keys.ts';

export type BenchEvent = IngestEventInput & { id: string; occurredAt: string };

/**
 * The events of one run, generated once and sent identically by every scenario: the demo
 * traffic's mix (API calls, page views, logins, reports, AI chat), each with its own id and
 * occurredAt. Kept as ready-made JSON request bodies so that sending costs the bench client
 * as little CPU as possible: the server shares the machine with it.
 */
export type Dataset = {
  count: number;
  batchSize: number;
  /** Every how many events one is sampled for the acceptance→live time. */
  sampleEvery: number;
  /** `{"events":[...]}` per batch, in order. */
  bodies: Buffer<ArrayBuffer>[];
  /** Per batch, the ids whose acceptance→live time is measured. */
  sampledIds: string[][];
  /** The UTC days (YYYYMMDD) the occurredAt values fall on: the per-day counters to read. */
  days: string[];
};

/** Users of the demo organization the events come from: enough for a realistic distinct count. */
const USERS = 500;
/** occurredAt spans the ten minutes before the run, like a busy platform's recent traffic. */
const WINDOW_MS = 10 * 60_000;

export function generateDataset(count: number, batchSize: number, sampleEvery: number, now = Date.now()): Dataset {
  const from = now - WINDOW_MS;
  const step = WINDOW_MS / count;
  const bodies: Buffer<ArrayBuffer>[] = [];
  const sampledIds: string[][] = [];
  const days = new Set<string>();
  for (let start = 0; start < count; start += batchSize) {
    const events: BenchEvent[] = [];
    const sampled: string[] = [];
    for (let index = start; index < Math.min(count, start + batchSize); index++) {
      const occurredAt = new Date(from + Math.floor(index * step)).toISOString();
      const event = { ...demoEvent('acme', USERS), id: crypto.randomUUID(), occurredAt } as BenchEvent;
      events.push(event);
      days.add(dayOf(occurredAt));
      if (index % sampleEvery === 0) sampled.push(event.id);
    }
    bodies.push(Buffer.from(JSON.stringify({ events })));
    sampledIds.push(sampled);
  }
  return { count, batchSize, sampleEvery, bodies, sampledIds, days: [...days] };
}

/** The events of a dataset one by one, decoding one batch body at a time. */
export function eventCursor(dataset: Dataset, limit = dataset.count) {
  let batch: BenchEvent[] = [];
  let batchIndex = -1;
  let offset = 0;
  let served = 0;
  return {
    next(): { event: BenchEvent; sampled: boolean } | null {
      if (served >= limit) return null;
      if (offset >= batch.length) {
        batchIndex++;
        const body = dataset.bodies[batchIndex];
        if (!body) return null;
        batch = (JSON.parse(body.toString('utf8')) as { events: BenchEvent[] }).events;
        offset = 0;
      }
      const event = batch[offset++];
      if (!event) return null;
      return { event, sampled: served++ % dataset.sampleEvery === 0 };
    },
  };
}
