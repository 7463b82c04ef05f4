import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultEnvironment, type FaultEnvironment } from './fault-environment.ts';
import { runScenario, summarize } from './scenario.ts';
import { SHORT_SCENARIOS } from './scenarios.ts';

// The short version of `npm run faults`: the same scenarios with 5,000 events each. Every
// scenario starts Pulse as real processes on a private Redis (AOF) and Postgres and breaks
// them while retrying senders push events; afterwards the stored rows must be exactly the
// accepted events and every counter must equal what SQL computes from them.
let env: FaultEnvironment;
beforeAll(async () => {
  env = await startFaultEnvironment();
});
afterAll(async () => env?.stop());

describe('exactly once under faults', () => {
  for (const scenario of SHORT_SCENARIOS) {
    it(`${scenario.name}: stored = accepted, no duplicates, counters = SQL`, async () => {
      const result = await runScenario(env, scenario);
      const report = summarize(result);
      expect(result.faults, report).toHaveLength(scenario.faults.length);
      expect(result.workerKills, report).toBe(scenario.faults.filter((fault) => fault.kind === 'kill-worker').length);
      expect(
        {
          accepted: result.accepted,
          stored: result.stored,
          duplicates: result.duplicates,
          missing: result.missing,
          unexpected: result.unexpected,
          counterDiffs: result.counterDiffs,
          failedJobs: result.failedJobs,
          failedAttempts: result.failedAttempts,
          crashes: result.crashes,
        },
        report,
      ).toEqual({
        accepted: scenario.events,
        stored: scenario.events,
        duplicates: 0,
        missing: 0,
        unexpected: 0,
        counterDiffs: [],
        failedJobs: 0,
        failedAttempts: 0,
        crashes: [],
      });
      expect(result.countersChecked, report).toBeGreaterThan(0);
      if (scenario.readDashboard) {
        // The open dashboard answered every read, and showed each outage as stale numbers.
        expect(result.reader?.failures, report).toBe(0);
        expect(result.reader?.reads, report).toBeGreaterThan(0);
        expect(result.reader?.stale.redis_unavailable, report).toBeGreaterThan(0);
        expect(result.reader?.stale.postgres_unavailable, report).toBeGreaterThan(0);
      }
    });
  }
});
