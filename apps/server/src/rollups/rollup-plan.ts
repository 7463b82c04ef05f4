import type { ActivityRollupGranularity, NumericSummaries } from '@pulse/db';
import { addToSketch } from '../metrics/sketch.ts';
import type { RollupBatchJob } from '../pipeline/pipeline-queues.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Minute rows serve the live windows (15 minutes, the last hour, per-minute series): two days is plenty. */
export const MINUTE_ROWS_KEPT_MS = 2 * DAY_MS;
/** Numeric properties summarised per event at most (the first ones, in property order). */
const MAX_NUMERIC_PROPERTIES = 8;
const MAX_PROPERTY_NAME = 100;

const UNIT_MS: Record<ActivityRollupGranularity, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };
export const floorTo = (ms: number, unitMs: number) => Math.floor(ms / unitMs) * unitMs;

export type RollupEvent = RollupBatchJob['events'][number];

/** The part of stored events a rollup needs: top-level finite numbers are the numeric properties. */
export function rollupEventsOf(events: readonly { type: string; userId: string | null; occurredAt: string; properties: Record<string, unknown>; branchId?: string | null; departmentId?: string | null }[]): RollupEvent[] {
  return events.map((event) => {
    let numeric: Record<string, number> | undefined;
    let kept = 0;
    for (const [name, value] of Object.entries(event.properties)) {
      if (kept >= MAX_NUMERIC_PROPERTIES) break;
      if (typeof value !== 'number' || !Number.isFinite(value) || name.length > MAX_PROPERTY_NAME) continue;
      numeric ??= {};
      numeric[name] = value;
      kept++;
    }
    return { type: event.type, userId: event.userId, occurredAt: event.occurredAt, branchId: event.branchId ?? null, departmentId: event.departmentId ?? null, ...(numeric ? { numeric } : {}) };
  });
}

/** The primary-key stand-in for the nullable (branch, department) pair: '' when the event names neither. */
export const scopeKeyOf = (branchId: string | null, departmentId: string | null) => (branchId || departmentId ? `${branchId ?? ''}/${departmentId ?? ''}` : '');

export type RollupRow = {
  granularity: ActivityRollupGranularity;
  bucketStart: string;
  eventType: string;
  scopeKey: string;
  branchId: string | null;
  departmentId: string | null;
  eventCount: number;
  numeric: NumericSummaries;
};

export type UserRollupRow = { bucketStart: string; eventType: string; scopeKey: string; branchId: string | null; departmentId: string | null; userId: string; eventCount: number };

export type RollupPlan = { rows: Map<string, RollupRow>; users: Map<string, UserRollupRow> };

export const emptyRollupPlan = (): RollupPlan => ({ rows: new Map(), users: new Map() });

function addNumeric(target: NumericSummaries, values: Record<string, number>) {
  for (const [name, value] of Object.entries(values)) {
    const summary = target[name];
    if (!summary) {
      target[name] = { n: 1, sum: value, min: value, max: value, sketch: addToSketch({}, value) };
      continue;
    }
    summary.n += 1;
    summary.sum += value;
    summary.min = Math.min(summary.min, value);
    summary.max = Math.max(summary.max, value);
    addToSketch(summary.sketch, value);
  }
}

/**
 * Adds events to a plan: one row per granularity, bucket, type and scope, one user row per hour,
 * type, scope and user. The batch step and the backfill both fold events here, so a row means
 * the same whichever wrote it. Minute rows older than MINUTE_ROWS_KEPT_MS are not written.
 */
export function addToRollupPlan(plan: RollupPlan, events: Iterable<RollupEvent>, now = Date.now()): RollupPlan {
  for (const event of events) {
    const at = Date.parse(event.occurredAt);
    const branchId = event.branchId ?? null;
    const departmentId = event.departmentId ?? null;
    const scopeKey = scopeKeyOf(branchId, departmentId);
    for (const granularity of ['minute', 'hour', 'day'] as const) {
      const bucket = floorTo(at, UNIT_MS[granularity]);
      if (granularity === 'minute' && bucket < now - MINUTE_ROWS_KEPT_MS) continue;
      const bucketStart = new Date(bucket).toISOString();
      const key = `${granularity}|${bucketStart}|${event.type}|${scopeKey}`;
      let row = plan.rows.get(key);
      if (!row) {
        row = { granularity, bucketStart, eventType: event.type, scopeKey, branchId, departmentId, eventCount: 0, numeric: {} };
        plan.rows.set(key, row);
      }
      row.eventCount += 1;
      if (event.numeric) addNumeric(row.numeric, event.numeric);
    }
    if (event.userId) {
      const bucketStart = new Date(floorTo(at, HOUR_MS)).toISOString();
      const key = `${bucketStart}|${event.type}|${scopeKey}|${event.userId}`;
      const row = plan.users.get(key);
      if (row) row.eventCount += 1;
      else plan.users.set(key, { bucketStart, eventType: event.type, scopeKey, branchId, departmentId, userId: event.userId, eventCount: 1 });
    }
  }
  return plan;
}
