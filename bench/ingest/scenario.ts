import type { Redis } from 'ioredis';
import type { Child } from '@pulse/server/testing/child-process.ts';
import { deleteKeysWithPrefix } from '@pulse/server/testing/redis-prefix.ts';
import type { BenchDatabases, ScenarioDatabase } from '../lib/databases.ts';
import { storedCount } from '../lib/databases.ts';
import { startCpuAccount } from '../lib/cpu-usage.ts';
import { LatencyProbe } from '../lib/latency-probe.ts';
import { sumCounters } from '../lib/redis.ts';
import { waitUntil, type LatencySummary } from '../lib/stats.ts';

export type BenchContext = {
  runId: string;
  databaseUrl: string;
  redisUrl: string;
  /** Commands connection of the bench itself (counter polling, clean-up). */
  redis: Redis;
  databases: BenchDatabases;
  /** Concurrent HTTP senders for the batch scenarios. */
  senders: number;
  /** Where the servers write CPU profiles (`--cpu-prof`), or null. */
  cpuProfDir: string | null;
};

export type ScenarioResult = {
  id: string;
  label: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  accept: LatencySummary | null;
  live: (LatencySummary & { missing: number }) | null;
  /** Peak RSS (VmHWM) per server process, MB. */
  peakRssMb: Record<string, number | null> | null;
  stored: number;
  counted: number | null;
  /** CPU seconds used during the measurement, per consumer (server processes, postgres, redis, bench, other). */
  cpuSeconds: Record<string, number> | null;
  notes: string[];
};

/** What a server-backed scenario starts: its processes, how to drive it, where it counts. */
export type Harness = {
  processes: Child[];
  /** Redis keys whose sum reaches the event count once everything is counted. */
  countedKeys: string[];
  live: { received(): number };
  /** Pulse only: jobs still pending in the steps after counting (analytics, reports). */
  pipelinePending?(): Promise<number>;
  drive(): Promise<void>;
  /** Closes the live watcher and stops the processes; safe to call twice. */
  stop(): Promise<void>;
};

export type ServerScenarioSpec = {
  id: string;
  label: string;
  events: number;
  notes?: string[];
  start(db: ScenarioDatabase, prefix: string, probe: LatencyProbe): Promise<Harness>;
};

/** Slowest rate we wait for before calling a run stuck: generous, the naive design is slow. */
const MIN_EXPECTED_EVENTS_PER_SECOND = 200;

/**
 * One measured run on a fresh database and Redis prefix: the clock starts with the first
 * request and stops when the counters in Redis account for every event (the worker counts
 * only after the rows are committed, so counted implies stored). Stored rows are checked
 * afterwards, outside the timing.
 */
export async function measureServerScenario(ctx: BenchContext, spec: ServerScenarioSpec): Promise<ScenarioResult> {
  const db = await ctx.databases.create(spec.id);
  const prefix = `bench_${ctx.runId}_${spec.id.replaceAll('-', '_')}`;
  const probe = new LatencyProbe();
  let harness: Harness | null = null;
  try {
    harness = await spec.start(db, prefix, probe);
    const { countedKeys } = harness;
    const failed: { error?: unknown } = {};
    const cpu = startCpuAccount(harness.processes);
    const startedAt = performance.now();
    const driving = harness.drive().catch((error: unknown) => {
      failed.error = error;
    });
    const doneAt = await waitUntil(
      async () => {
        if (failed.error) throw failed.error;
        return (await sumCounters(ctx.redis, countedKeys)) >= spec.events;
      },
      `${spec.events} events to be stored and counted`,
      60_000 + (spec.events / MIN_EXPECTED_EVENTS_PER_SECOND) * 1000,
    );
    const cpuSeconds = cpu.finish();
    await driving;
    if (failed.error) throw failed.error;
    // deltas of the last batches may still be on their way to the dashboard
    await waitUntil(() => probe.pendingLive() === 0, 'the sampled events on the live stream', 10_000).catch(() => undefined);
    const notes = [...(spec.notes ?? [])];
    const { pipelinePending } = harness;
    if (pipelinePending) {
      // Not part of the rate (the targets are about durable and counted), but reported: the
      // derived tables must keep up too.
      const drainedAt = await waitUntil(async () => (await pipelinePending()) === 0, 'the analytics and report steps to finish', 600_000, 200);
      notes.push(`every pipeline step (analytics-processing, report-tracking too) done after ${((drainedAt - startedAt) / 1000).toFixed(2)} s`);
    }
    const peakRssMb = Object.fromEntries(harness.processes.map((server) => [server.name, server.peakRssMb()]));
    const counted = await sumCounters(ctx.redis, countedKeys);
    const liveReceived = harness.live.received();
    await harness.stop();
    const stored = await storedCount(db.url, db.acmeId);
    const seconds = (doneAt - startedAt) / 1000;
    if (stored !== spec.events) notes.push(`STORED ${stored} OF ${spec.events}`);
    if (counted !== spec.events) notes.push(`COUNTED ${counted} OF ${spec.events}`);
    if (probe.refusals > 0) notes.push(`${probe.refusals} requests were refused (503) and resent after Retry-After`);
    if (liveReceived < spec.events) notes.push(`live stream delivered ${liveReceived} of ${spec.events} events`);
    return {
      id: spec.id,
      label: spec.label,
      events: spec.events,
      seconds,
      eventsPerSecond: spec.events / seconds,
      accept: probe.acceptance(),
      live: probe.live(),
      peakRssMb,
      stored,
      counted,
      cpuSeconds,
      notes,
    };
  } finally {
    await harness?.stop();
    await db.drop();
    await deleteKeysWithPrefix(ctx.redis, prefix);
  }
}

/** Runs `work` once; later calls get the same promise (stop paths may overlap). */
export function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= work());
}
