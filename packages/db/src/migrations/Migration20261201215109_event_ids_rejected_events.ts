import { Migration } from '@mikro-orm/migrations';

export class Migration20261201215109_event_ids_rejected_events extends Migration {

  override name = 'Migration20261201215109_event_ids_rejected_events';

  override up(): void | Promise<void> {
    this.addSql(`create table "activity_event_ids" ("organization_id" uuid not null, "id" uuid not null, "occurred_at" timestamptz not null, primary key ("organization_id", "id"));`);
    this.addSql(`create index "activity_event_ids_occurred_at_index" on "activity_event_ids" using brin ("occurred_at");`);
    // Ids stored before this table existed are claimed too, so resending an old event stays a duplicate.
    this.addSql(`insert into "activity_event_ids" ("organization_id", "id", "occurred_at") select distinct on ("organization_id", "id") "organization_id", "id", "occurred_at" from "activity_events" order by "organization_id", "id", "occurred_at" on conflict do nothing;`);

    this.addSql(`create table "rejected_events" ("batch_id" uuid not null, "event_id" text not null, "organization_id" uuid not null, "reason" text not null, "event" text not null, "rejected_at" timestamptz not null default now(), primary key ("batch_id", "event_id"));`);
    this.addSql(`create index "rejected_events_organization_id_rejected_at_index" on "rejected_events" ("organization_id", "rejected_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "activity_event_ids" cascade;`);
    this.addSql(`drop table if exists "rejected_events" cascade;`);
  }

}
