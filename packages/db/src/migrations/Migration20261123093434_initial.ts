import { Migration } from '@mikro-orm/migrations';

export class Migration20261123093434_initial extends Migration {

  override name = 'Migration20261123093434_initial';

  override up(): void | Promise<void> {
    // Hand-edited: the generator cannot express our partitioning (see activity-event.entity.ts),
    // so the table is declared PARTITION BY RANGE (occurred_at) here. The daily children
    // (activity_events_YYYYMMDD) are created by ensureActivityPartitions(), not by migrations.
    // Columns in the order the ingest statement lists them; no FK to organizations on purpose.
    this.addSql(`create table "activity_events" ("id" uuid not null, "organization_id" uuid not null, "type" text not null, "user_id" text null, "session_id" text null, "occurred_at" timestamptz not null, "received_at" timestamptz not null, "properties" jsonb not null default '{}', "batch_id" uuid not null, primary key ("organization_id", "occurred_at", "id")) partition by range ("occurred_at");`);

    this.addSql(`create table "audit_logs" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid null, "actor_user_id" uuid null, "action" text not null, "target_type" text null, "target_id" text null, "details" jsonb not null, "ip" text null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "audit_logs_organization_id_created_at_index" on "audit_logs" ("organization_id", "created_at");`);

    this.addSql(`create table "organizations" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "slug" text not null, "subscription_tier" text not null, "subscription_status" text not null, primary key ("id"));`);
    this.addSql(`alter table "organizations" add constraint "organizations_slug_unique" unique ("slug");`);

    this.addSql(`create table "ingest_keys" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "name" text not null, "prefix" text not null, "key_hash" text not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "ingest_keys_organization_id_index" on "ingest_keys" ("organization_id");`);
    this.addSql(`alter table "ingest_keys" add constraint "ingest_keys_key_hash_unique" unique ("key_hash");`);

    this.addSql(`create table "branches" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "name" text not null, primary key ("id"));`);
    this.addSql(`alter table "branches" add constraint "branches_organization_id_name_unique" unique ("organization_id", "name");`);

    this.addSql(`create table "departments" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "branch_id" uuid null, "name" text not null, primary key ("id"));`);
    this.addSql(`create index "departments_organization_id_index" on "departments" ("organization_id");`);
    this.addSql(`create index "departments_branch_id_index" on "departments" ("branch_id");`);

    this.addSql(`create table "users" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" text not null, "name" text not null, "password_hash" text not null, "organization_id" uuid null, "org_role" text null, "platform_role" text null, "branch_id" uuid null, "department_id" uuid null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`create index "users_organization_id_index" on "users" ("organization_id");`);
    this.addSql(`create index "users_branch_id_index" on "users" ("branch_id");`);
    this.addSql(`create index "users_department_id_index" on "users" ("department_id");`);

    this.addSql(`alter table "organizations" add constraint "organizations_subscription_tier_check" check ("subscription_tier" in ('free', 'pro', 'enterprise'));`);
    this.addSql(`alter table "organizations" add constraint "organizations_subscription_status_check" check ("subscription_status" in ('active', 'trialing', 'past_due', 'canceled'));`);

    this.addSql(`alter table "ingest_keys" add constraint "ingest_keys_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "branches" add constraint "branches_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "departments" add constraint "departments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "departments" add constraint "departments_branch_id_foreign" foreign key ("branch_id") references "branches" ("id") on delete set null;`);

    this.addSql(`alter table "users" add constraint "users_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "users" add constraint "users_branch_id_foreign" foreign key ("branch_id") references "branches" ("id") on delete set null;`);
    this.addSql(`alter table "users" add constraint "users_department_id_foreign" foreign key ("department_id") references "departments" ("id") on delete set null;`);
    this.addSql(`alter table "users" add constraint "users_org_role_check" check ("org_role" in ('OWNER', 'LEADER', 'MANAGER'));`);
    this.addSql(`alter table "users" add constraint "users_platform_role_check" check ("platform_role" in ('ADMIN', 'SUPERADMIN'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ingest_keys" drop constraint "ingest_keys_organization_id_foreign";`);
    this.addSql(`alter table "branches" drop constraint "branches_organization_id_foreign";`);
    this.addSql(`alter table "departments" drop constraint "departments_organization_id_foreign";`);
    this.addSql(`alter table "users" drop constraint "users_organization_id_foreign";`);
    this.addSql(`alter table "departments" drop constraint "departments_branch_id_foreign";`);
    this.addSql(`alter table "users" drop constraint "users_branch_id_foreign";`);
    this.addSql(`alter table "users" drop constraint "users_department_id_foreign";`);

    this.addSql(`drop table if exists "activity_events" cascade;`);
    this.addSql(`drop table if exists "audit_logs" cascade;`);
    this.addSql(`drop table if exists "organizations" cascade;`);
    this.addSql(`drop table if exists "ingest_keys" cascade;`);
    this.addSql(`drop table if exists "branches" cascade;`);
    this.addSql(`drop table if exists "departments" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
  }

}
