import type { EntityManager } from '@mikro-orm/postgresql';
import { ACTIVITY_EVENTS_TABLE } from './entities/activity-event.entity.ts';
import { METRIC_SAMPLES_TABLE } from './entities/metric-sample.entity.ts';
import { runSql, sqlStateOf } from './sql.ts';

// The high-volume tables (activity_events, metric_samples) are PARTITION BY RANGE on their
// time column with one child per UTC day, named <table>_YYYYMMDD and covering
// [that day 00:00Z, next day 00:00Z). Children are created ahead of time (setup, and a periodic
// job in the worker) and old ones are dropped by retention, which is far cheaper than DELETE.
//
// The functions issue DDL statement by statement and are meant for an EntityManager that is NOT
// inside a transaction: a caught duplicate error would otherwise abort it.

const DAY_MS = 24 * 60 * 60 * 1000;

// What a losing racer sees when another process created the same partition a moment before:
// 42P07 duplicate_table, 23505 on the catalog's unique index (pg_type/pg_class name), or
// 42P17 "would overlap" once the winner's bounds are visible.
const RACE_LOST = new Set(['42P07', '23505', '42P17']);

export type DailyPartitions = {
  /** The child's name for the UTC day of `day`. */
  nameOf(day: Date): string;
  /** The UTC day a child covers, or undefined for a name that is not one of this table's. */
  dayOf(name: string): Date | undefined;
  /** Names of the existing daily children, oldest first. */
  list(em: EntityManager): Promise<string[]>;
  /**
   * Makes sure a child exists for every UTC day touched by [from, to] (both inclusive).
   * Idempotent and safe to run from several processes at once. Returns the children this call
   * found missing (whoever created them in the end).
   */
  ensure(em: EntityManager, from: Date, to: Date): Promise<string[]>;
  /** Drops every child whose whole day lies before `cutoff`; returns their names. */
  dropBefore(em: EntityManager, cutoff: Date): Promise<string[]>;
};

/** Daily range partitions of one table (its names and bounds are produced here, never input). */
export function dailyPartitions(table: string): DailyPartitions {
  const pattern = new RegExp(`^${table}_(\\d{4})(\\d{2})(\\d{2})$`);
  const nameOf = (day: Date) => `${table}_${startOfUtcDay(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
  const dayOf = (name: string) => {
    const match = pattern.exec(name);
    if (!match) return undefined;
    const [, year, month, day] = match;
    return new Date(`${year}-${month}-${day}T00:00:00.000Z`);
  };

  async function list(em: EntityManager): Promise<string[]> {
    const rows = await runSql<{ name: string }>(
      em,
      `select child.relname as name
         from pg_inherits i
         join pg_class child on child.oid = i.inhrelid
        where i.inhparent = to_regclass($1)`,
      [table],
    );
    return rows
      .map((row) => row.name)
      .filter((name) => dayOf(name) !== undefined)
      .sort();
  }

  async function createPartition(em: EntityManager, name: string, day: Date): Promise<void> {
    const from = day.toISOString();
    const to = new Date(day.getTime() + DAY_MS).toISOString();
    // DDL takes no bind parameters; name and bounds are produced above from a Date, never input
    const ddl = `create table if not exists "${name}" partition of "${table}" for values from ('${from}') to ('${to}')`;
    try {
      await runSql(em, ddl, []);
    } catch (error) {
      const state = sqlStateOf(error);
      if (!state || !RACE_LOST.has(state)) throw error;
      // only a lost race is fine: the partition must now be there under the expected name
      if (!(await list(em)).includes(name)) throw error;
    }
  }

  return {
    nameOf,
    dayOf,
    list,
    async ensure(em, from, to) {
      const existing = new Set(await list(em));
      const missing: string[] = [];
      for (let day = startOfUtcDay(from); day.getTime() <= to.getTime(); day = new Date(day.getTime() + DAY_MS)) {
        const name = nameOf(day);
        if (existing.has(name)) continue;
        await createPartition(em, name, day);
        missing.push(name);
      }
      return missing;
    },
    async dropBefore(em, cutoff) {
      const dropped: string[] = [];
      for (const name of await list(em)) {
        const day = dayOf(name);
        if (!day || day.getTime() + DAY_MS > cutoff.getTime()) continue;
        // IF EXISTS: another retention run may have dropped it a moment ago
        await runSql(em, `drop table if exists "${name}"`, []);
        dropped.push(name);
      }
      return dropped;
    },
  };
}

export const activityPartitions = dailyPartitions(ACTIVITY_EVENTS_TABLE);
export const metricPartitions = dailyPartitions(METRIC_SAMPLES_TABLE);

export const activityPartitionName = activityPartitions.nameOf;
export const activityPartitionDay = activityPartitions.dayOf;
export const listActivityPartitions = activityPartitions.list;
export const ensureActivityPartitions = activityPartitions.ensure;
export const dropActivityPartitionsBefore = activityPartitions.dropBefore;

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
