import type { Fault, ScenarioOptions } from './scenario.ts';

/**
 * Worker settings for the fault runs: a killed worker's jobs go back to the queue after ~4 s
 * instead of the default ~30-60 s, so the runs take seconds, not minutes.
 */
const FAST_RECOVERY = { WORKER_LOCK_DURATION_MS: '4000', WORKER_STALLED_INTERVAL_MS: '1000' };

type Size = { events: number; batchSize: number; senders: number; eventsPerSecond: number };

const kills = (at: number[]): Fault[] => at.map((atAccepted) => ({ kind: 'kill-worker', atAccepted, downMs: 500 }));

/**
 * The fault scenarios of issue 3 at a given size. Postgres stays down longer than the
 * documents' whole retry schedule (2 s + 4 s + 8 s), so a job that spent an attempt per failed
 * try would be given up on; none may be. In the last scenario the first kill lands while the
 * worker's jobs wait for Postgres; the new worker waits for Postgres at start (so the later
 * kills land right after the outage, while the backlog drains).
 */
export function faultScenarios(size: Size, workerKills: number, postgresDownMs: number): ScenarioOptions[] {
  const common = { ...size, workerEnv: FAST_RECOVERY, drainTimeoutMs: 120_000 };
  const spread = (count: number, from: number, to: number) => Array.from({ length: count }, (_, i) => from + ((to - from) * (i + 1)) / (count + 1));
  return [
    { ...common, name: 'worker-sigkill', faults: kills(spread(workerKills, 0, 1)) },
    { ...common, name: 'redis-restart', faults: [{ kind: 'restart-redis', atAccepted: 0.4, downMs: 3000 }] },
    {
      ...common,
      name: 'postgres-restart-with-worker-sigkills',
      faults: [{ kind: 'restart-postgres', atAccepted: 0.1, downMs: postgresDownMs }, ...kills(spread(workerKills, 0.1, 1))],
    },
    {
      // Issue 11: every batch is sent again after its 202 without timestamps (each acceptance
      // stamps its own time, so only the id makes it a duplicate), and some carry an event
      // Pulse cannot store, which must be refused while the rest goes through.
      ...common,
      name: 'resend-without-timestamps-with-worker-sigkills',
      senderBehaviour: { withoutTimestamps: true, resendAccepted: true, unstorableEvery: 7 },
      faults: kills(spread(workerKills, 0, 1)),
    },
    {
      // Issue 11, degraded, not down: a dashboard stays open through a Redis and a Postgres
      // outage. Every read answers every widget, stale while a server is away, never an error
      // or a wait for a timeout; and exactly-once holds as in the others.
      ...common,
      name: 'open-dashboard-through-redis-and-postgres-outages',
      readDashboard: true,
      faults: [
        { kind: 'restart-redis', atAccepted: 0.25, downMs: 3000 },
        { kind: 'restart-postgres', atAccepted: 0.6, downMs: postgresDownMs / 2 },
      ],
    },
  ];
}

/** `npm run faults`: 100,000 events per scenario. */
export const FULL_SCENARIOS = faultScenarios({ events: 100_000, batchSize: 500, senders: 8, eventsPerSecond: 4000 }, 4, 24_000);

/** The short version inside `npm test`. */
export const SHORT_SCENARIOS = faultScenarios({ events: 5000, batchSize: 100, senders: 4, eventsPerSecond: 1000 }, 2, 8000);
