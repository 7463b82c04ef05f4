import { Migration } from '@mikro-orm/migrations';

export class Migration20261202010253_attribution extends Migration {

  override name = 'Migration20261202010253_attribution';

  override up(): void | Promise<void> {
    this.addSql(`create table "person_directory" ("organization_id" uuid not null, "user_id" text not null, "branch_id" uuid null, "department_id" uuid null, "updated_at" timestamptz not null default now(), primary key ("organization_id", "user_id"));`);

    this.addSql(`alter table "activity_events" add "branch_id" uuid null, add "department_id" uuid null;`);
    this.addSql(`create index "activity_events_organization_id_branch_id_occurred_at_index" on "activity_events" ("organization_id", "branch_id", "occurred_at");`);
    this.addSql(`create index "activity_events_organization_id_department_id_occurred_at_index" on "activity_events" ("organization_id", "department_id", "occurred_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "person_directory" cascade;`);

    this.addSql(`drop index "activity_events_organization_id_branch_id_occurred_at_index";`);
    this.addSql(`drop index "activity_events_organization_id_department_id_occurred_at_index";`);
    this.addSql(`alter table "activity_events" drop column "branch_id", drop column "department_id";`);
  }

}
