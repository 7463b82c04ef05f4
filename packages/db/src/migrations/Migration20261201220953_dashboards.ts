import { Migration } from '@mikro-orm/migrations';

export class Migration20261201220953_dashboards extends Migration {

  override name = 'Migration20261201220953_dashboards';

  override up(): void | Promise<void> {
    this.addSql(`create table "dashboard_configs" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "user_id" uuid null, "role" text null, "name" text not null, "visibility" text not null, "layout_config" jsonb not null, "widget_preferences" jsonb not null, "theme_settings" jsonb not null, "is_default" boolean not null default false, "version" int not null default 1, "created_by" uuid null, "updated_by" uuid null, primary key ("id"));`);
    this.addSql(`create index "dashboard_configs_user_id_index" on "dashboard_configs" ("user_id");`);
    this.addSql(`create index "dashboard_configs_organization_id_visibility_index" on "dashboard_configs" ("organization_id", "visibility");`);
    this.addSql(`create unique index "dashboard_configs_role_default_unique" on "dashboard_configs" ("organization_id", "role") where is_default;`);

    this.addSql(`create table "dashboard_versions" ("dashboard_id" uuid not null, "version" int not null, "organization_id" uuid not null, "snapshot" jsonb not null, "summary" text not null, "note" text null, "created_by" uuid null, "created_at" timestamptz not null default now(), primary key ("dashboard_id", "version"));`);
    this.addSql(`create index "dashboard_versions_organization_id_index" on "dashboard_versions" ("organization_id");`);

    this.addSql(`create table "dashboard_homes" ("organization_id" uuid not null, "user_id" uuid not null, "dashboard_id" uuid null, "updated_at" timestamptz not null default now(), primary key ("organization_id", "user_id"));`);
    this.addSql(`create index "dashboard_homes_dashboard_id_index" on "dashboard_homes" ("dashboard_id");`);

    this.addSql(`alter table "dashboard_configs" add constraint "dashboard_configs_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "dashboard_configs" add constraint "dashboard_configs_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "dashboard_configs" add constraint "dashboard_configs_role_check" check ("role" in ('OWNER', 'LEADER', 'MANAGER'));`);
    this.addSql(`alter table "dashboard_configs" add constraint "dashboard_configs_visibility_check" check ("visibility" in ('private', 'organization', 'role'));`);

    this.addSql(`alter table "dashboard_versions" add constraint "dashboard_versions_dashboard_id_foreign" foreign key ("dashboard_id") references "dashboard_configs" ("id") on delete cascade;`);

    this.addSql(`alter table "dashboard_homes" add constraint "dashboard_homes_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "dashboard_homes" add constraint "dashboard_homes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "dashboard_homes" add constraint "dashboard_homes_dashboard_id_foreign" foreign key ("dashboard_id") references "dashboard_configs" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "dashboard_versions" drop constraint "dashboard_versions_dashboard_id_foreign";`);
    this.addSql(`alter table "dashboard_homes" drop constraint "dashboard_homes_dashboard_id_foreign";`);

    this.addSql(`drop table if exists "dashboard_configs" cascade;`);
    this.addSql(`drop table if exists "dashboard_versions" cascade;`);
    this.addSql(`drop table if exists "dashboard_homes" cascade;`);
  }

}
