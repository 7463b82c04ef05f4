import type { EntityManager } from '@mikro-orm/postgresql';
import { ACTIVITY_EVENTS_TABLE } from './entities/activity-event.entity.ts';
import { runSql, sqlStateOf } from './sql.ts';

// activity_events is PARTITION BY RANGE (occurred_at) with one child per UTC day, named
// activity_events_YYYYMMDD and covering [that day 00:00Z, next day 00:00Z). Children are
// created ahead of time (setup, and a periodic job in the worker) and old ones are dropped
// by retention, which is far cheaper than DELETE on a high-volume table.
//
// Both functions issue DDL statement by statement and are meant for an EntityManager that
// is NOT inside a transaction: a caught duplicate error would otherwise abort it.

const DAY_MS = 24 * 60 * 60 * 1000;
const PARTITION_NAME = new RegExp(`^${ACTIVITY_EVENTS_TABLE}_(\\d{4})(\\d{2})(\\d{2})$`);

// What a losing racer sees when another process created the same partition a moment before:
// 42P07 duplicate_table, 23505 on the catalog's unique index (pg_type/pg_class name), or
// 42P17 "would overlap" once the winner's bounds are visible.
const RACE_LOST = new Set(['42P07', '23505', '42P17']);

export function activityPartitionName(day: Date): string {
  return `${ACTIVITY_EVENTS_TABLE}_${startOfUtcDay(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The UTC day an activity partition covers, or undefined for a name that is not ours. */
export function activityPartitionDay(name: string): Date | undefined {
  const match = PARTITION_NAME.exec(name);
  if (!match) return undefined;
  const [, year, month, day] = match;
  return new Date(`${year}-${month}-${day}T00:00:00.000Z`);
}

/** Names of the existing daily partitions, oldest first. */
export async function listActivityPartitions(em: EntityManager): Promise<string[]> {
  const rows = await runSql<{ name: string }>(
    em,
    `select child.relname as name
       from pg_inherits i
       join pg_class child on child.oid = i.inhrelid
      where i.inhparent = to_regclass($1)`,
    [ACTIVITY_EVENTS_TABLE],
  );
  return rows
    .map((row) => row.name)
    .filter((name) => activityPartitionDay(name) !== undefined)
    .sort();
}

/**
 * Makes sure a partition exists for every UTC day touched by [from, to] (both inclusive).
 * Idempotent and safe to run from several processes at once. Returns the partitions this
 * call found missing (whoever created them in the end).
 */
export async function ensureActivityPartitions(em: EntityManager, from: Date, to: Date): Promise<string[]> {
  const existing = new Set(await listActivityPartitions(em));
  const missing: string[] = [];
  for (let day = startOfUtcDay(from); day.getTime() <= to.getTime(); day = new Date(day.getTime() + DAY_MS)) {
    const name = activityPartitionName(day);
    if (existing.has(name)) continue;
    await createPartition(em, name, day);
    missing.push(name);
  }
  return missing;
}

/** Drops every daily partition whose whole day lies before `cutoff`; returns their names. */
export async function dropActivityPartitionsBefore(em: EntityManager, cutoff: Date): Promise<string[]> {
  const dropped: string[] = [];
  for (const name of await listActivityPartitions(em)) {
    const day = activityPartitionDay(name);
    if (!day || day.getTime() + DAY_MS > cutoff.getTime()) continue;
    // IF EXISTS: another retention run may have dropped it a moment ago
    await runSql(em, `drop table if exists "${name}"`, []);
    dropped.push(name);
  }
  return dropped;
}

async function createPartition(em: EntityManager, name: string, day: Date): Promise<void> {
  const from = day.toISOString();
  const to = new Date(day.getTime() + DAY_MS).toISOString();
  // DDL takes no bind parameters; name and bounds are produced above from a Date, never input
  const ddl =
    `create table if not exists "${name}" partition of "${ACTIVITY_EVENTS_TABLE}" ` +
    `for values from ('${from}') to ('${to}')`;
  try {
    await runSql(em, ddl, []);
  } catch (error) {
    const state = sqlStateOf(error);
    if (!state || !RACE_LOST.has(state)) throw error;
    // only a lost race is fine: the partition must now be there under the expected name
    if (!(await listActivityPartitions(em)).includes(name)) throw error;
  }
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
