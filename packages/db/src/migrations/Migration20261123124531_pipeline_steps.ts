import { Migration } from '@mikro-orm/migrations';

export class Migration20261123124531_pipeline_steps extends Migration {

  override name = 'Migration20261123124531_pipeline_steps';

  override up(): void | Promise<void> {
    this.addSql(`create table "processed_batches" ("queue" text not null, "batch_id" uuid not null, "processed_at" timestamptz not null default now(), primary key ("queue", "batch_id"));`);
    this.addSql(`create index "processed_batches_processed_at_index" on "processed_batches" ("processed_at");`);

    this.addSql(`create table "report_generation_stats" ("organization_id" uuid not null, "report_id" text not null, "report_type" text null, "generated_by_user_id" text null, "generation_timestamp" timestamptz null, "processing_time_seconds" double precision null, "viewed_count" int not null default 0, "first_viewed_at" timestamptz null, "last_viewed_at" timestamptz null, "updated_at" timestamptz not null default now(), primary key ("organization_id", "report_id"));`);
    this.addSql(`create index "report_generation_stats_organization_id_generation_7700e_index" on "report_generation_stats" ("organization_id", "generation_timestamp");`);

    this.addSql(`create table "user_engagement_metrics" ("organization_id" uuid not null, "metric_date" date not null, "user_id" text not null, "event_count" int not null default 0, "login_count" int not null default 0, "page_views" int not null default 0, "api_calls" int not null default 0, "reports_generated" int not null default 0, "reports_viewed" int not null default 0, "ai_chat_messages_sent" int not null default 0, "employees_added" int not null default 0, "products_created" int not null default 0, "last_activity_at" timestamptz not null, "updated_at" timestamptz not null default now(), primary key ("organization_id", "metric_date", "user_id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "processed_batches" cascade;`);
    this.addSql(`drop table if exists "report_generation_stats" cascade;`);
    this.addSql(`drop table if exists "user_engagement_metrics" cascade;`);
  }

}
