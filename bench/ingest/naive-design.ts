import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startChild } from '@pulse/server/testing/child-process.ts';
import { freePort } from '@pulse/server/testing/free-port.ts';
import type { Batches } from '../lib/http-senders.ts';
import { sendAsFastAsPossible } from '../lib/http-senders.ts';
import { waitUntil } from '../lib/stats.ts';
import { NAIVE_QUEUE, naiveDayCounter, naiveLiveChannel } from '../naive/naive-keys.ts';
import type { Dataset } from './dataset.ts';
import { measureServerScenario, once, type BenchContext, type ScenarioResult } from './scenario.ts';

const NAIVE_API = fileURLToPath(new URL('../naive/naive-api.ts', import.meta.url));
const NAIVE_WORKER = fileURLToPath(new URL('../naive/naive-worker.ts', import.meta.url));
/** Default worker concurrency of the baseline: generous (BullMQ's default is 1). */
export const NAIVE_CONCURRENCY = 8;

/**
 * 4. The design the source documents sketch: one BullMQ job per event (3 attempts,
 * exponential backoff from 2 s), one INSERT per event, a Redis INCR and PUBLISH per event.
 * Fed the first `batches` of the same data, over HTTP, by the same senders; the live time is
 * taken on its Redis channel (it has no WebSocket relay of its own).
 */
export function naiveDesign(ctx: BenchContext, dataset: Dataset, batchCount: number, concurrency: number): Promise<ScenarioResult> {
  const batches: Batches = { bodies: dataset.bodies.slice(0, batchCount), sampledIds: dataset.sampledIds.slice(0, batchCount) };
  const events = Math.min(dataset.count, batchCount * dataset.batchSize);
  return measureServerScenario(ctx, {
    id: 'naive',
    label: `Naive: job + INSERT per event (worker concurrency ${concurrency})`,
    events,
    notes: [`run on the first ${events.toLocaleString('en')} events only (it is slow); live time measured on Redis pub/sub`],
    async start(db, prefix, probe) {
      probe.watch(batches.sampledIds.flat());
      const port = await freePort();
      const env = { DATABASE_URL: db.url, REDIS_URL: ctx.redisUrl, REDIS_PREFIX: prefix };
      const start = (name: string, script: string, settings: Record<string, string>) =>
        startChild(name, process.execPath, [script], { env: { ...process.env, ...settings }, echo: true });
      const worker = start('naive-worker', NAIVE_WORKER, { ...env, CONCURRENCY: String(concurrency) });
      const api = start('naive-api', NAIVE_API, { ...env, PORT: String(port), ORGANIZATION_ID: db.acmeId });
      const subscriber = new Redis(ctx.redisUrl);
      let received = 0;
      const stop = once(async () => {
        subscriber.disconnect();
        await api.stop();
        await worker.stop();
      });
      try {
        await subscriber.subscribe(naiveLiveChannel(prefix));
        subscriber.on('message', (_channel: string, message: string) => {
          received++;
          probe.arrived((JSON.parse(message) as { id: string }).id, performance.now());
        });
        const url = `http://127.0.0.1:${port}`;
        await waitUntil(async () => (await fetch(`${url}/health`).catch(() => null))?.ok === true, 'the naive api', 30_000, 100);
        const queue = new Queue(NAIVE_QUEUE, { connection: ctx.redis, prefix });
        await waitUntil(async () => (await queue.getWorkersCount()) > 0, 'the naive worker', 30_000, 100).finally(() => queue.close());
        return {
          processes: [api, worker],
          countedKeys: dataset.days.map((day) => naiveDayCounter(prefix, db.acmeId, day)),
          live: { received: () => received },
          drive: () => sendAsFastAsPossible({ endpoint: `${url}/ingest`, key: 'unused', batches, probe, concurrency: ctx.senders }),
          stop,
        };
      } catch (error) {
        await stop();
        throw error;
      }
    },
  });
}
