import { createPulseClient } from '@pulse/api-contract';
import { counterKeys } from '@pulse/server/redis/keys.ts';
import { watchPipelineQueues } from '@pulse/server/testing/pipeline-queues.ts';
import { startPulseProcesses } from '@pulse/server/testing/pulse-processes.ts';
import type { ScenarioDatabase } from '../lib/databases.ts';
import { sendAsFastAsPossible, sendAtRate, type Batches } from '../lib/http-senders.ts';
import type { LatencyProbe } from '../lib/latency-probe.ts';
import { watchLiveActivity } from '../lib/pulse-live.ts';
import { eventCursor, type Dataset } from './dataset.ts';
import { measureServerScenario, once, type BenchContext, type Harness, type ScenarioResult } from './scenario.ts';

const INGEST_KEY = 'pk_demo_acme';
const DASHBOARD_USER = 'owner@acme.test';
/** Concurrent callers of the typed client, each sending one event per call. */
export const CLIENT_CALLERS = 64;

/** Pulse api + worker for one scenario, a dashboard watching live.activity, and a driver. */
async function startPulseHarness(
  ctx: BenchContext,
  id: string,
  db: ScenarioDatabase,
  prefix: string,
  probe: LatencyProbe,
  dataset: Dataset,
  drive: (url: string) => Promise<void>,
): Promise<Harness> {
  // Pulse as an operator runs it, in production mode, on a copy of the seeded template.
  const servers = await startPulseProcesses({
    databaseUrl: db.url,
    redisUrl: ctx.redisUrl,
    prefix,
    nodeEnv: 'production',
    // The bench measures throughput, not the limits: one key sends everything, as fast as it can.
    env: { RATE_LIMIT_INGEST_PER_KEY_PER_SECOND: '1000000', RATE_LIMIT_CALLS_PER_USER_PER_MINUTE: '1000000' },
    echo: true,
    nodeArgs: (role) => (ctx.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.cpuProfDir}`, `--cpu-prof-name=${id}-${role}.cpuprofile`] : []),
  });
  const queues = watchPipelineQueues(ctx.redis, prefix);
  const stop = once(async () => {
    await queues.close();
    await servers.stop();
  });
  try {
    const live = await watchLiveActivity(servers.url, DASHBOARD_USER, probe);
    const keys = counterKeys(prefix, db.acmeId);
    return {
      processes: servers.processes,
      countedKeys: dataset.days.map((day) => keys.eventsOnDay(day)),
      live,
      pipelinePending: () => queues.pending(),
      drive: () => drive(servers.url),
      stop: once(async () => {
        live.close();
        await stop();
      }),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** 1. POST /api/ingest, batches as generated (500), several senders at full speed. */
export function pulseHttpBatches(ctx: BenchContext, dataset: Dataset): Promise<ScenarioResult> {
  return measureServerScenario(ctx, {
    id: 'pulse-http',
    label: `Pulse, HTTP batches of ${dataset.batchSize} (${ctx.senders} senders)`,
    events: dataset.count,
    start: (db, prefix, probe) => {
      probe.watch(dataset.sampledIds.flat());
      return startPulseHarness(ctx, 'pulse-http', db, prefix, probe, dataset, (url) =>
        sendAsFastAsPossible({ endpoint: `${url}/api/ingest`, key: INGEST_KEY, batches: dataset, probe, concurrency: ctx.senders }),
      );
    },
  });
}

/** 2. The typed client, one event per `send`, from 64 concurrent callers (group commit on the server). */
export function pulseTypedClient(ctx: BenchContext, dataset: Dataset): Promise<ScenarioResult> {
  return measureServerScenario(ctx, {
    id: 'pulse-client',
    label: `Pulse, typed client, single events (${CLIENT_CALLERS} callers)`,
    events: dataset.count,
    start: (db, prefix, probe) =>
      startPulseHarness(ctx, 'pulse-client', db, prefix, probe, dataset, async (url) => {
        const client = createPulseClient({ url, token: INGEST_KEY });
        const cursor = eventCursor(dataset);
        const caller = async () => {
          for (let next = cursor.next(); next; next = cursor.next()) {
            const sampled = next.sampled ? [next.event.id] : [];
            probe.watch(sampled);
            const sentAt = performance.now();
            await client.send([next.event]);
            probe.accepted(sentAt, performance.now(), sampled);
          }
        };
        try {
          await Promise.all(Array.from({ length: CLIENT_CALLERS }, caller));
        } finally {
          client.close();
        }
      }),
  });
}

export type SteadyOptions = { eventsPerSecond: number; seconds: number; warmupSeconds: number };

/**
 * Acceptance→live while ingesting at a fixed rate: small batches on an open-loop schedule.
 * The first `warmupSeconds` (fresh processes, cold JIT) are sent but not measured.
 */
export function pulseSteadyRate(ctx: BenchContext, dataset: Dataset, options: SteadyOptions): Promise<ScenarioResult> {
  const warmupBatches = Math.round((options.warmupSeconds * options.eventsPerSecond) / dataset.batchSize);
  const measured: Batches = { bodies: dataset.bodies, sampledIds: dataset.sampledIds.map((ids, index) => (index < warmupBatches ? [] : ids)) };
  return measureServerScenario(ctx, {
    id: 'pulse-steady',
    label: `Pulse, HTTP at a steady ${options.eventsPerSecond.toLocaleString('en')} events/s (batches of ${dataset.batchSize})`,
    events: dataset.count,
    notes: [`${options.seconds} s measured after ${options.warmupSeconds} s warm-up; events/s is the offered rate`],
    start: (db, prefix, probe) => {
      probe.watch(measured.sampledIds.flat());
      return startPulseHarness(ctx, 'pulse-steady', db, prefix, probe, dataset, (url) =>
        sendAtRate({
          endpoint: `${url}/api/ingest`,
          key: INGEST_KEY,
          batches: measured,
          probe,
          requestsPerSecond: options.eventsPerSecond / dataset.batchSize,
          measureFrom: warmupBatches,
        }),
      );
    },
  });
}
