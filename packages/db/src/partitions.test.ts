import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOrm } from './orm.ts';
import { dropActivityPartitionsBefore, ensureActivityPartitions, listActivityPartitions, metricPartitions } from './partitions.ts';
import { runSql } from './sql.ts';
import { useTestOrm } from './testing.ts';

// Dates in 2020, far from the partitions around today that the template already has.
const t = useTestOrm();

const in2020 = (partitions: string[]): string[] => partitions.filter((name) => name.startsWith('activity_events_2020'));

/** The partition's bounds as Postgres prints them, rendered in UTC whatever the server's TimeZone. */
async function boundsOf(name: string): Promise<string | undefined> {
  return t.orm.em.fork().transactional(async (em) => {
    await runSql(em, `set local timezone = 'UTC'`, []);
    const [row] = await runSql<{ bound: string }>(
      em,
      `select pg_get_expr(c.relpartbound, c.oid) as bound from pg_class c where c.relname = $1`,
      [name],
    );
    return row?.bound;
  });
}

describe('ensureActivityPartitions', () => {
  it('creates one partition per UTC day touched by the range, bounded at UTC midnight', async () => {
    const created = await ensureActivityPartitions(
      t.orm.em.fork(),
      new Date('2020-03-01T10:00:00Z'),
      new Date('2020-03-03T05:00:00Z'),
    );
    expect(created).toEqual(['activity_events_20200301', 'activity_events_20200302', 'activity_events_20200303']);
    expect(in2020(await listActivityPartitions(t.orm.em.fork()))).toEqual(created);
    expect(await boundsOf('activity_events_20200302')).toBe(
      "FOR VALUES FROM ('2020-03-02 00:00:00+00') TO ('2020-03-03 00:00:00+00')",
    );
  });

  it('is idempotent', async () => {
    const before = await listActivityPartitions(t.orm.em.fork());
    expect(await ensureActivityPartitions(t.orm.em.fork(), new Date('2020-03-01T00:00:00Z'), new Date('2020-03-03T23:59:59Z'))).toEqual([]);
    expect(await listActivityPartitions(t.orm.em.fork())).toEqual(before);
  });

  it('survives two processes creating the same partitions at once', async () => {
    const other = await createOrm(t.db.url);
    try {
      const from = new Date('2020-04-01T00:00:00Z');
      const to = new Date('2020-04-10T00:00:00Z');
      await Promise.all([
        ensureActivityPartitions(t.orm.em.fork(), from, to),
        ensureActivityPartitions(other.em.fork(), from, to),
      ]);
    } finally {
      await other.close(true);
    }
    const april = in2020(await listActivityPartitions(t.orm.em.fork())).filter((n) => n.startsWith('activity_events_202004'));
    expect(april).toHaveLength(10);
  });
});

describe('metricPartitions', () => {
  it('keeps metric_samples children apart from activity_events ones', async () => {
    const before = in2020(await listActivityPartitions(t.orm.em.fork()));
    const created = await metricPartitions.ensure(t.orm.em.fork(), new Date('2020-05-01T10:00:00Z'), new Date('2020-05-02T00:00:00Z'));
    expect(created).toEqual(['metric_samples_20200501', 'metric_samples_20200502']);
    expect((await metricPartitions.list(t.orm.em.fork())).filter((name) => name.startsWith('metric_samples_2020'))).toEqual(created);
    expect(in2020(await listActivityPartitions(t.orm.em.fork()))).toEqual(before);
    expect(await metricPartitions.dropBefore(t.orm.em.fork(), new Date('2020-05-02T00:00:00Z'))).toEqual(['metric_samples_20200501']);
  });
});

describe('ingest insert through runSql', () => {
  // the statement shape the ingest worker uses: one round trip per batch, duplicates skipped
  const INSERT_BATCH = `
    insert into activity_events (id, organization_id, type, user_id, session_id, occurred_at, received_at, properties, batch_id)
    select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::jsonb[], $9::uuid[])
    on conflict do nothing
    returning id`;

  interface Event {
    id: string;
    occurredAt: Date;
    userId: string | null;
    properties: Record<string, unknown>;
  }

  async function insertBatch(organizationId: string, events: Event[]): Promise<string[]> {
    const batchId = randomUUID();
    const receivedAt = new Date();
    const rows = await runSql<{ id: string }>(t.orm.em.fork(), INSERT_BATCH, [
      events.map((e) => e.id),
      events.map(() => organizationId),
      events.map(() => 'API_CALL'),
      events.map((e) => e.userId),
      events.map(() => null),
      events.map((e) => e.occurredAt),
      events.map(() => receivedAt),
      events.map((e) => e.properties),
      events.map(() => batchId),
    ]);
    return rows.map((row) => row.id).sort();
  }

  const organizationId = randomUUID();
  const event = (day: string, properties: Record<string, unknown> = {}): Event => ({
    id: randomUUID(),
    occurredAt: new Date(`2020-03-0${day}T12:00:00Z`),
    userId: 'user-1',
    properties,
  });
  const first = [event('1', { path: "/it's", n: 1 }), event('2', { tags: ['a', 'b'] }), event('3')];

  it('returns the ids of all rows of a new batch and stores arrays element by element', async () => {
    expect(await insertBatch(organizationId, first)).toEqual(first.map((e) => e.id).sort());
    const stored = await runSql<{ id: string; occurred_at: string; properties: unknown; user_id: string | null }>(
      t.orm.em.fork(),
      'select id, occurred_at, properties, user_id from activity_events where organization_id = $1 order by occurred_at',
      [organizationId],
    );
    expect(stored.map((row) => row.id)).toEqual(first.map((e) => e.id));
    expect(stored.map((row) => new Date(row.occurred_at).toISOString())).toEqual(first.map((e) => e.occurredAt.toISOString()));
    expect(stored.map((row) => row.properties)).toEqual(first.map((e) => e.properties));
  });

  it('returns only the new ids when a batch is retried with extra events', async () => {
    const extra = [event('2'), event('3', { retried: true })];
    expect(await insertBatch(organizationId, [...first, ...extra])).toEqual(extra.map((e) => e.id).sort());
    expect(await insertBatch(organizationId, [...first, ...extra])).toEqual([]);
  });

  it('rejects an event for a day without a partition', async () => {
    await expect(insertBatch(organizationId, [{ ...event('1'), occurredAt: new Date('2019-01-01T00:00:00Z') }])).rejects.toThrow(
      /no partition/,
    );
  });
});

describe('dropActivityPartitionsBefore', () => {
  it('drops exactly the partitions whose whole day is before the cutoff, with their rows', async () => {
    const before = await listActivityPartitions(t.orm.em.fork());
    // 2020-03-02 still holds events after 12:00 on that day, so it stays
    const dropped = await dropActivityPartitionsBefore(t.orm.em.fork(), new Date('2020-03-02T12:00:00Z'));
    expect(dropped).toEqual(['activity_events_20200301']);
    expect(await listActivityPartitions(t.orm.em.fork())).toEqual(before.filter((name) => name !== 'activity_events_20200301'));
    const [left] = await runSql<{ n: string }>(
      t.orm.em.fork(),
      `select count(*) as n from activity_events where occurred_at < '2020-03-02T00:00:00Z'`,
      [],
    );
    expect(Number(left?.n)).toBe(0);
  });

  it('treats the cutoff as exclusive at midnight and leaves recent partitions alone', async () => {
    expect(await dropActivityPartitionsBefore(t.orm.em.fork(), new Date('2020-03-03T00:00:00Z'))).toEqual(['activity_events_20200302']);
    const rest = await listActivityPartitions(t.orm.em.fork());
    expect(rest).toContain('activity_events_20200303');
    expect(rest.some((name) => name >= 'activity_events_2021')).toBe(true);
  });
});
