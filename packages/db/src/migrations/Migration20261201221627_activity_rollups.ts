import { Migration } from '@mikro-orm/migrations';

export class Migration20261201221627_activity_rollups extends Migration {

  override name = 'Migration20261201221627_activity_rollups';

  override up(): void | Promise<void> {
    this.addSql(`create table "activity_rollups" ("organization_id" uuid not null, "granularity" text not null, "bucket_start" timestamptz not null, "event_type" text not null, "scope_key" text not null, "branch_id" uuid null, "department_id" uuid null, "event_count" bigint not null, "numeric" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("organization_id", "granularity", "bucket_start", "event_type", "scope_key"));`);

    this.addSql(`create table "activity_rollup_backfills" ("organization_id" uuid not null, "events" bigint not null, "completed_at" timestamptz not null default now(), primary key ("organization_id"));`);

    this.addSql(`create table "activity_user_rollups" ("organization_id" uuid not null, "bucket_start" timestamptz not null, "event_type" text not null, "scope_key" text not null, "user_id" text not null, "branch_id" uuid null, "department_id" uuid null, "event_count" int not null, primary key ("organization_id", "bucket_start", "event_type", "scope_key", "user_id"));`);

    this.addSql(`alter table "activity_rollups" add constraint "activity_rollups_granularity_check" check ("granularity" in ('minute', 'hour', 'day'));`);
    // Merges two numeric summaries ({property: {n, sum, min, max, sketch}}): counts and sums add,
    // min and max widen, sketch buckets add. Used by the rollup upserts (see rollups/rollup-writes.ts).
    this.addSql(`create or replace function activity_numeric_merge(a jsonb, b jsonb) returns jsonb language sql immutable as $$
      select coalesce(jsonb_object_agg(k, case
        when a->k is null then b->k
        when b->k is null then a->k
        else jsonb_build_object(
          'n', (a->k->>'n')::float8 + (b->k->>'n')::float8,
          'sum', (a->k->>'sum')::float8 + (b->k->>'sum')::float8,
          'min', least((a->k->>'min')::float8, (b->k->>'min')::float8),
          'max', greatest((a->k->>'max')::float8, (b->k->>'max')::float8),
          'sketch', (select coalesce(jsonb_object_agg(key, n), '{}'::jsonb) from (
            select key, sum(value::float8) as n from (
              select * from jsonb_each_text(a->k->'sketch') union all select * from jsonb_each_text(b->k->'sketch')) s
            group by key) t))
        end), '{}'::jsonb)
      from (select jsonb_object_keys(a) as k union select jsonb_object_keys(b)) keys
    $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "activity_rollups" cascade;`);
    this.addSql(`drop table if exists "activity_rollup_backfills" cascade;`);
    this.addSql(`drop table if exists "activity_user_rollups" cascade;`);
    this.addSql(`drop function if exists activity_numeric_merge(jsonb, jsonb);`);
  }

}
