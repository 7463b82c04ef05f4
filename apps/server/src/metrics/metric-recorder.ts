import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { METRIC_LIMITS, type MetricSample, type MetricType, type RecordMetricsResult } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { storeSamples, type StoreResult } from './metric-store.ts';
import { type StoredSample, toStoredSample } from './stored-sample.ts';

type Issue = { path: (string | number)[]; message: string };

/** Called after new samples were stored (not for Pulse's own series). */
export type OnStored = (organizationId: string, result: StoreResult) => Promise<void>;

const TYPE_CACHE_LIMIT = 10_000;

/**
 * `metrics.record` and `POST /api/metrics`: checks what the schema cannot (time window, one
 * type per metric name), stores the batch in one statement and answers once it is in Postgres.
 * There is no queue hop: a batch is one cheap statement, and an alert rule sees the samples as
 * soon as the sender has its answer.
 */
export function createMetricRecorder(orm: MikroORM, onStored: OnStored) {
  // A metric's type never changes, so what Postgres said once is kept (bounded).
  const knownTypes = new Map<string, MetricType>();

  async function typeIssues(organizationId: string, samples: MetricSample[]): Promise<Issue[]> {
    const key = (name: string) => `${organizationId}\u0000${name}`;
    const unknown = [...new Set(samples.map((s) => s.name).filter((name) => !knownTypes.has(key(name))))];
    if (unknown.length > 0) {
      const rows = await runSql<{ name: string; type: MetricType }>(
        orm.em.fork(),
        'SELECT DISTINCT name, type FROM metric_series WHERE organization_id = $1 AND name = ANY($2::text[])',
        [organizationId, unknown],
      );
      if (knownTypes.size + rows.length > TYPE_CACHE_LIMIT) knownTypes.clear();
      for (const row of rows) knownTypes.set(key(row.name), row.type);
    }
    const inBatch = new Map<string, MetricType>();
    const issues: Issue[] = [];
    samples.forEach((sample, index) => {
      const expected = knownTypes.get(key(sample.name)) ?? inBatch.get(sample.name);
      if (expected && expected !== sample.type) {
        issues.push({ path: ['samples', index, 'type'], message: `${sample.name} is a ${expected}; a metric keeps one type` });
      }
      inBatch.set(sample.name, expected ?? sample.type);
    });
    return issues;
  }

  function windowIssues(samples: MetricSample[], now: number): Issue[] {
    const issues: Issue[] = [];
    samples.forEach((sample, index) => {
      if (!sample.timestamp) return;
      const at = Date.parse(sample.timestamp);
      if (at < now - METRIC_LIMITS.maxPastMs) {
        issues.push({ path: ['samples', index, 'timestamp'], message: `more than ${METRIC_LIMITS.maxPastMs / 86_400_000} days in the past` });
      } else if (at > now + METRIC_LIMITS.maxFutureMs) {
        issues.push({ path: ['samples', index, 'timestamp'], message: `more than ${METRIC_LIMITS.maxFutureMs / 60_000} minutes in the future` });
      }
    });
    return issues;
  }

  return {
    async record(organizationId: string, samples: MetricSample[], now = Date.now()): Promise<RecordMetricsResult> {
      const issues = [...windowIssues(samples, now), ...(await typeIssues(organizationId, samples))];
      // Reported like a schema failure (the issues, in zod's shape) by tRPC and HTTP alike.
      if (issues.length > 0) throw new InvalidInputError('Some samples were rejected.', issues.map((issue) => ({ code: 'custom', ...issue })));
      const stored = samples.map((sample) => toStoredSample(sample, now));
      const result = await storeSamples(orm.em.fork(), organizationId, stored, new Date(now));
      for (const sample of stored) knownTypes.set(`${organizationId}\u0000${sample.name}`, sample.type);
      await onStored(organizationId, result);
      return { accepted: stored.length, duplicates: stored.length - result.stored, ids: stored.map((sample) => sample.id) };
    },

    /** Pulse's own series (e.g. the value every rule evaluation saw): no checks, no hooks. */
    async recordOwn(organizationId: string, samples: StoredSample[], now: Date): Promise<void> {
      await storeSamples(orm.em.fork(), organizationId, samples, now);
    },
  };
}

export type MetricRecorder = ReturnType<typeof createMetricRecorder>;
