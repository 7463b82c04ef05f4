import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createOrm, runSql, withDatabaseName } from '@pulse/db';
import { DEMO_INGEST_KEYS, DEMO_PASSWORD } from '@pulse/db';
import { PENDING_STATES, watchPipelineQueues } from '../../testing/pipeline-queues.ts';
import { startPulseProcesses } from '../../testing/pulse-processes.ts';
import { type ReaderStats, startDashboardReader } from './dashboard-reader.ts';
import type { FaultEnvironment } from './fault-environment.ts';
import { makeBatches } from './fault-events.ts';
import { type SenderBehaviour, sendAll, type SenderStats } from './senders.ts';
import { verifyExactlyOnce, type Verification } from './verify-counters.ts';

export type Fault = {
  kind: 'kill-worker' | 'restart-redis' | 'restart-postgres';
  /** When it strikes: the share of all events accepted so far (0.3 = after 30 %). */
  atAccepted: number;
  /** How long the process or server stays down (a server's outage overlaps later faults). */
  downMs: number;
};

export type ScenarioOptions = {
  name: string;
  events: number;
  batchSize: number;
  senders: number;
  eventsPerSecond: number;
  faults: Fault[];
  /** Worker settings that make recovery after a SIGKILL quicker than the defaults. */
  workerEnv: Record<string, string>;
  /** How long the queue may take to drain after the last event was accepted. */
  drainTimeoutMs: number;
  /** Senders that leave out timestamps, resend accepted batches, mix in unstorable events. */
  senderBehaviour?: SenderBehaviour;
  /** A viewer keeps the OWNER's home dashboard open and reads it throughout (degraded mode). */
  readDashboard?: boolean;
};

/** The stale reason a server outage must show on an open dashboard. */
const STALE_DURING = { 'restart-redis': 'redis_unavailable', 'restart-postgres': 'postgres_unavailable' } as const;

/**
 * The open dashboard held through the outages: every read answered every widget in time, and
 * each server outage showed as stale numbers with its reason.
 */
function readerHeld(reader: ReaderStats, faults: Fault[]): boolean {
  if (reader.reads === 0 || reader.failures > 0) return false;
  return faults.every((fault) => fault.kind === 'kill-worker' || reader.stale[STALE_DURING[fault.kind]] > 0);
}

export type ScenarioResult = Verification & {
  name: string;
  ok: boolean;
  faults: string[];
  workerKills: number;
  crashes: string[];
  /** Jobs BullMQ gave up on (failed set): each would be a dead letter waiting for a person. */
  failedJobs: number;
  /**
   * Attempts that failed (logged by the worker). A fault of the infrastructure must not cost a
   * batch one of its 3 attempts, or a longer outage would turn it into a dead letter.
   */
  failedAttempts: number;
  senders: SenderStats;
  /** What the open dashboard saw (scenarios with readDashboard). */
  reader: ReaderStats | null;
  ingestMs: number;
  drainMs: number;
  totalMs: number;
  /** The children's last log lines, filled in when the scenario failed. */
  logs: string;
};

type JobCounts = Record<string, number>;
const DRAIN_POLL_MS = 250;

/**
 * One fault scenario end to end: a fresh database, Pulse as separate api and worker processes,
 * retrying senders pushing every event until it is accepted while the faults strike at their
 * share of the traffic, then waiting until the queue is empty and checking exactly-once.
 */
export async function runScenario(env: FaultEnvironment, options: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const databaseUrl = withDatabaseName(env.postgres.adminUrl, `faults_${options.name.replace(/\W+/g, '_')}_${started}`);
  const crashes: string[] = [...env.crashes];
  const pulse = await startPulseProcesses({
    databaseUrl,
    redisUrl: env.redis.url,
    setup: true,
    logDir: join(env.root, 'logs'),
    workerEnv: options.workerEnv,
    onUnexpectedExit: (child, code, signal) => crashes.push(`${child.name} (pid ${child.pid}) exited on its own: ${code ?? signal}`),
  });
  try {
    const batches = makeBatches(options.events, options.batchSize, DEMO_INGEST_KEYS.map((key) => key.key));
    const acceptedIds = new Set<string>();
    const pending = [...options.faults].sort((a, b) => a.atAccepted - b.atAccepted);
    const struck: string[] = [];
    let wake: () => void = () => undefined;
    const strike = async (fault: Fault) => {
      struck.push(`${fault.kind} at ${Math.round((100 * acceptedIds.size) / options.events)} % accepted (t=${((Date.now() - sendingStarted) / 1000).toFixed(1)} s, down ${fault.downMs} ms)`);
      if (fault.kind === 'kill-worker') await pulse.killWorker(fault.downMs);
      else if (fault.kind === 'restart-redis') await env.redis.restart(fault.downMs);
      else await env.postgres.restart(fault.downMs);
    };
    const reader = options.readDashboard ? await startDashboardReader(pulse.url, 'owner@acme.test', DEMO_PASSWORD) : null;
    const sendingStarted = Date.now();
    let sendingDone = false;
    let abandoned = false;
    // Each fault strikes once its share of the events is accepted (faults still due when the
    // senders finish strike during the drain). A server restart runs in the background, so
    // the worker kills that follow it land while the server is down; kills run one by one.
    const faultDriver = (async () => {
      const outages: Promise<void>[] = [];
      for (const fault of pending) {
        while (!sendingDone && acceptedIds.size < fault.atAccepted * options.events) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        if (abandoned) break;
        if (fault.kind === 'kill-worker') await strike(fault);
        else outages.push(strike(fault));
      }
      await Promise.all(outages);
    })();
    const faultFailure = faultDriver.then(
      () => null,
      (error: unknown) => error,
    );
    let senders: SenderStats;
    try {
      senders = await sendAll({
        url: pulse.url,
        batches,
        concurrency: options.senders,
        eventsPerSecond: options.eventsPerSecond,
        requestTimeoutMs: 10_000,
        giveUpAfterMs: 120_000,
        behaviour: options.senderBehaviour,
        onAccepted(batch) {
          for (const event of batch.events) acceptedIds.add(event.id);
          wake();
        },
      });
    } catch (error) {
      abandoned = true;
      await reader?.stop();
      throw error;
    } finally {
      sendingDone = true;
      wake();
    }
    const ingestMs = Date.now() - sendingStarted;
    const faultError = await faultFailure;
    // Every outage is over: what the open dashboard saw through them is complete.
    const readerStats = (await reader?.stop()) ?? null;
    if (faultError) throw faultError;

    const drainStarted = Date.now();
    const redis = new Redis(env.redis.url, { maxRetriesPerRequest: 3 });
    const queues = watchPipelineQueues(redis, pulse.prefix);
    const orm = await createOrm(databaseUrl, { poolMax: 2 });
    try {
      let counts: JobCounts = {};
      let stored = 0;
      for (;;) {
        counts = await queues.jobCounts([...PENDING_STATES, 'failed']);
        const [row] = await runSql<{ n: string }>(orm.em.fork(), 'SELECT count(*) AS n FROM activity_events', []);
        stored = Number(row?.n ?? 0);
        const queued = PENDING_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
        if (queued === 0) break;
        if (Date.now() - drainStarted > options.drainTimeoutMs) {
          throw new Error(`the pipeline queues did not drain within ${options.drainTimeoutMs} ms: ${JSON.stringify(counts)}, ${stored} rows`);
        }
        await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
      }
      const drainMs = Date.now() - drainStarted;
      const verification = await verifyExactlyOnce(orm.em.fork(), redis, pulse.prefix, acceptedIds);
      const failedJobs = counts.failed ?? 0;
      const failedAttempts = pulse.countWorkerLogLines(/"message":"[a-z-]+ job failed"/);
      const ok =
        verification.accepted === options.events &&
        verification.stored === verification.accepted &&
        verification.duplicates === 0 &&
        verification.missing === 0 &&
        verification.unexpected === 0 &&
        verification.counterDiffs.length === 0 &&
        failedJobs === 0 &&
        failedAttempts === 0 &&
        crashes.length === 0 &&
        (!options.senderBehaviour?.unstorableEvery || senders.refusedUnstorable > 0) &&
        (!options.senderBehaviour?.resendAccepted || senders.resentAfterAccepted === senders.accepted) &&
        (!readerStats || readerHeld(readerStats, options.faults));
      return {
        ...verification,
        name: options.name,
        ok,
        faults: struck,
        workerKills: pulse.workerKills,
        crashes,
        failedJobs,
        failedAttempts,
        senders,
        reader: readerStats,
        ingestMs,
        drainMs,
        totalMs: Date.now() - started,
        logs: ok ? '' : pulse.logs(),
      };
    } finally {
      await queues.close();
      redis.disconnect();
      await orm.close(true);
    }
  } catch (error) {
    throw new Error(`${options.name}: ${error instanceof Error ? error.message : String(error)}\n${pulse.logs()}`, { cause: error });
  } finally {
    await pulse.stop();
  }
}

/** A few lines a person can read: the numbers that say whether exactly-once held. */
export function summarize(result: ScenarioResult): string {
  const s = result.senders;
  return [
    `${result.ok ? 'PASS' : 'FAIL'} ${result.name}: accepted ${result.accepted}, stored ${result.stored}, duplicates ${result.duplicates}, ` +
      `missing ${result.missing}, unexpected ${result.unexpected}, counter diffs ${result.counterDiffs.length} of ${result.countersChecked}, failed jobs ${result.failedJobs}, failed attempts ${result.failedAttempts}`,
    `  faults: ${result.faults.join('; ') || 'none'}; worker kills ${result.workerKills}`,
    `  requests ${s.requests} (202: ${s.accepted}, 503: ${s.unavailable}, other 5xx: ${s.otherServerErrors}, connection errors: ${s.connectionErrors}, timeouts: ${s.timeouts}, most attempts for one batch: ${s.mostAttempts})`,
    ...(result.reader
      ? [
          `  open dashboard: ${result.reader.reads} reads, ${result.reader.failures} failed; stale widgets: redis ${result.reader.stale.redis_unavailable}, postgres ${result.reader.stale.postgres_unavailable}` +
            result.reader.failureSamples.map((sample) => `\n    failed: ${sample}`).join(''),
        ]
      : []),
    ...(s.refusedUnstorable + s.resentAfterAccepted > 0 ? [`  unstorable events refused: ${s.refusedUnstorable}; accepted batches sent again: ${s.resentAfterAccepted}`] : []),
    `  time: ingest ${(result.ingestMs / 1000).toFixed(1)} s, drain ${(result.drainMs / 1000).toFixed(1)} s, total ${(result.totalMs / 1000).toFixed(1)} s`,
    ...result.crashes.map((crash) => `  crash: ${crash}`),
    ...result.counterDiffs.slice(0, 20).map((diff) => `  diff: ${diff}`),
    ...(result.logs ? [result.logs] : []),
  ].join('\n');
}
