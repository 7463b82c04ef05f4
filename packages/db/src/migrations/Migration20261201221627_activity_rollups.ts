import { Migration } from '@mikro-orm/migrations';

export class Migration20261201221627_activity_rollups extends Migration {

  override name = 'Migration20261201221627_activity_rollups';

  override up(): void | Promise<void> {
    this.addSql(`create table "activity_rollups" ("organization_id" uuid not null, "granularity" text not null, "bucket_start" timestamptz not null, "event_type" text not null, "scope_key" text not null, "branch_id" uuid null, "department_id" uuid null, "event_count" bigint not null, "numeric" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("organization_id", "granularity", "bucket_start", "event_type", "scope_key"));`);

    this.addSql(`create table "activity_rollup_backfills" ("organization_id" uuid not null, "events" bigint not null, "completed_at" timestamptz not null default now(), primary key ("organization_id"));`);

    this.addSql(`create table "activity_user_rollups" ("organization_id" uuid not null, "bucket_start" timestamptz not null, "event_type" text not null, "scope_key" text not null, "user_id" text not null, "branch_id" uuid null, "department_id" uuid null, "event_count" int not null, primary key ("organization_id", "bucket_start", "event_type", "scope_key", "user_id"));`);

    this.addSql(`alter table "activity_rollups" add constraint "activity_rollups_granularity_check" check ("granularity" in ('minute', 'hour', 'day'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "activity_rollups" cascade;`);
    this.addSql(`drop table if exists "activity_rollup_backfills" cascade;`);
    this.addSql(`drop table if exists "activity_user_rollups" cascade;`);
  }

}
