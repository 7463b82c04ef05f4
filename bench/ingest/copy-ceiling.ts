import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startCpuAccount } from '../lib/cpu-usage.ts';
import { storedCount } from '../lib/databases.ts';
import type { BenchEvent, Dataset } from './dataset.ts';
import type { BenchContext, ScenarioResult } from './scenario.ts';

const COPY = 'COPY activity_events (id, organization_id, type, user_id, session_id, occurred_at, received_at, properties, batch_id) FROM STDIN';

/** COPY text format: backslash, tab and line breaks escaped; \N is NULL. */
const field = (value: string | null | undefined) =>
  value === null || value === undefined ? '\\N' : value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');

/** The dataset as COPY rows, one chunk per batch (built before the clock starts). */
function copyChunks(dataset: Dataset, organizationId: string): Buffer[] {
  const receivedAt = new Date().toISOString();
  return dataset.bodies.map((body) => {
    const batchId = crypto.randomUUID();
    const { events } = JSON.parse(body.toString('utf8')) as { events: BenchEvent[] };
    const lines = events.map((event) =>
      [event.id, organizationId, event.type, event.userId, event.sessionId, event.occurredAt, receivedAt, JSON.stringify(event.properties ?? {}), batchId]
        .map(field)
        .join('\t'),
    );
    return Buffer.from(`${lines.join('\n')}\n`);
  });
}

/**
 * 3. The ceiling: the same rows COPYed over one connection into the same table (same columns,
 * primary key and daily partitions: a fresh copy of the migrated schema). Nothing else is
 * done: no queue, no counters, no live stream, so it bounds what any ingest path could reach.
 */
export async function copyCeiling(ctx: BenchContext, dataset: Dataset): Promise<ScenarioResult> {
  const db = await ctx.databases.create('copy');
  try {
    const chunks = copyChunks(dataset, db.acmeId);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    let seconds: number;
    let cpuSeconds: Record<string, number>;
    try {
      const cpu = startCpuAccount([]);
      const startedAt = performance.now();
      await pipeline(Readable.from(chunks), client.query(copyFrom(COPY)));
      seconds = (performance.now() - startedAt) / 1000;
      cpuSeconds = cpu.finish();
    } finally {
      await client.end();
    }
    const stored = await storedCount(db.url, db.acmeId);
    return {
      id: 'copy',
      label: 'Ceiling: plain COPY, one stream',
      events: dataset.count,
      seconds,
      eventsPerSecond: dataset.count / seconds,
      accept: null,
      live: null,
      peakRssMb: null,
      stored,
      counted: null,
      cpuSeconds,
      notes: stored === dataset.count ? [] : [`STORED ${stored} OF ${dataset.count}`],
    };
  } finally {
    await db.drop();
  }
}
