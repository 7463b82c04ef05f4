import { Migration } from '@mikro-orm/migrations';

export class Migration20261123105355_metrics_alerts_notifications extends Migration {

  override name = 'Migration20261123105355_metrics_alerts_notifications';

  override up(): void | Promise<void> {
    this.addSql(`create table "metric_aggregation_runs" ("id" uuid not null default gen_random_uuid(), "granularity" text not null, "bucket_start" timestamptz not null, "bucket_end" timestamptz not null, "trigger" text not null, "organization_id" uuid null, "status" text not null, "rows" int not null default 0, "started_at" timestamptz not null, "finished_at" timestamptz null, "duration_ms" int null, "error" text null, primary key ("id"));`);
    this.addSql(`create index "metric_aggregation_runs_granularity_status_bucket_end_index" on "metric_aggregation_runs" ("granularity", "status", "bucket_end");`);
    this.addSql(`create index "metric_aggregation_runs_started_at_index" on "metric_aggregation_runs" ("started_at");`);

    this.addSql(`create table "metric_rollups" ("organization_id" uuid not null, "granularity" text not null, "name" text not null, "bucket_start" timestamptz not null, "labels_hash" text not null, "labels" jsonb not null, "type" text not null, "category" text not null, "count" bigint not null, "sum" double precision not null, "min" double precision null, "max" double precision null, "last" double precision not null, "sketch" jsonb not null, "updated_at" timestamptz not null, primary key ("organization_id", "granularity", "name", "bucket_start", "labels_hash"));`);

    this.addSql(`create table "metric_rollup_pending" ("organization_id" uuid not null, "hour_start" timestamptz not null, "version" bigint not null default '1', "marked_at" timestamptz not null default now(), primary key ("organization_id", "hour_start"));`);

    // Hand-edited: metric_samples is PARTITION BY RANGE (recorded_at) like activity_events (see
    // metric-sample.entity.ts); the daily children are made by metricPartitions.ensure().
    this.addSql(`create table "metric_samples" ("organization_id" uuid not null, "recorded_at" timestamptz not null, "id" uuid not null, "name" text not null, "labels_hash" text not null, "labels" jsonb not null, "type" text not null, "category" text not null, "value" double precision not null, "count" bigint not null, "sum" double precision not null, "min" double precision null, "max" double precision null, "sketch" jsonb not null, "detail" jsonb null, "user_id" text null, "received_at" timestamptz not null, primary key ("organization_id", "recorded_at", "id")) partition by range ("recorded_at");`);
    this.addSql(`create index "metric_samples_organization_id_name_recorded_at_index" on "metric_samples" ("organization_id", "name", "recorded_at");`);

    this.addSql(`create table "metric_series" ("organization_id" uuid not null, "name" text not null, "labels_hash" text not null, "labels" jsonb not null, "type" text not null, "category" text not null, "last_value" double precision not null, "last_recorded_at" timestamptz not null, "total_sum" double precision not null, "total_count" bigint not null, "first_seen_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("organization_id", "name", "labels_hash"));`);
    this.addSql(`create index "metric_series_organization_id_category_index" on "metric_series" ("organization_id", "category");`);

    this.addSql(`create table "alert_rules" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "name" text not null, "description" text not null default '', "enabled" boolean not null default true, "source" text not null, "metric_name" text null, "aggregation" text null, "window_seconds" int null, "label_filter" jsonb not null, "counter" text null, "operator" text not null, "thresholds" jsonb not null, "keep_firing_for_seconds" int not null default 0, "labels" jsonb not null, "notify_org_roles" jsonb not null, "webhook_url" text null, "webhook_secret" text null, "created_by" uuid null, "updated_by" uuid null, primary key ("id"));`);
    this.addSql(`create index "alert_rules_organization_id_enabled_index" on "alert_rules" ("organization_id", "enabled");`);
    this.addSql(`create index "alert_rules_organization_id_metric_name_index" on "alert_rules" ("organization_id", "metric_name");`);

    this.addSql(`create table "silences" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "rule_id" uuid null, "severities" jsonb not null, "matchers" jsonb not null, "comment" text not null default '', "starts_at" timestamptz not null, "ends_at" timestamptz not null, "created_by" uuid null, "expired_by" uuid null, primary key ("id"));`);
    this.addSql(`create index "silences_rule_id_index" on "silences" ("rule_id");`);
    this.addSql(`create index "silences_organization_id_ends_at_index" on "silences" ("organization_id", "ends_at");`);

    this.addSql(`create table "alerts" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "rule_id" uuid not null, "status" text not null, "severity" text not null, "value" double precision null, "threshold" double precision not null, "labels" jsonb not null, "started_at" timestamptz not null, "triggered_at" timestamptz null, "acknowledged_at" timestamptz null, "acknowledged_by" uuid null, "acknowledge_comment" text null, "resolved_at" timestamptz null, "resolved_by" uuid null, "resolution" text null, "silence_id" uuid null, "last_evaluated_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "alerts_rule_id_index" on "alerts" ("rule_id");`);
    this.addSql(`create index "alerts_organization_id_status_index" on "alerts" ("organization_id", "status");`);
    this.addSql(`create index "alerts_organization_id_started_at_index" on "alerts" ("organization_id", "started_at");`);

    this.addSql(`create table "alert_rule_states" ("rule_id" uuid not null, "state" text not null, "machine" jsonb not null, "alert_id" uuid null, "last_value" double precision null, "last_evaluated_at" timestamptz null, "updated_at" timestamptz not null, primary key ("rule_id"));`);
    this.addSql(`create index "alert_rule_states_alert_id_index" on "alert_rule_states" ("alert_id");`);

    this.addSql(`create table "alert_events" ("id" uuid not null default gen_random_uuid(), "seq" bigserial, "alert_id" uuid not null, "at" timestamptz not null, "kind" text not null, "severity" text null, "value" double precision null, "actor_user_id" uuid null, "comment" text null, "details" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "alert_events_alert_id_at_index" on "alert_events" ("alert_id", "at");`);

    this.addSql(`create table "notifications" ("id" uuid not null default gen_random_uuid(), "user_id" uuid not null, "organization_id" uuid null, "kind" text not null, "title" text not null, "body" text not null, "severity" text null, "alert_id" uuid null, "data" jsonb not null, "created_at" timestamptz not null default now(), "read_at" timestamptz null, "dismissed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "notifications_organization_id_index" on "notifications" ("organization_id");`);
    this.addSql(`create index "notifications_alert_id_index" on "notifications" ("alert_id");`);
    this.addSql(`create index "notifications_user_id_created_at_index" on "notifications" ("user_id", "created_at");`);
    this.addSql(`create index "notifications_user_id_read_at_index" on "notifications" ("user_id", "read_at");`);

    this.addSql(`create table "notification_delivery_logs" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid null, "notification_id" uuid null, "user_id" uuid null, "alert_id" uuid null, "channel" text not null, "status" text not null, "attempts" int not null default 0, "error" text null, "sent_at" timestamptz null, "delivered_at" timestamptz null, "read_at" timestamptz null, "dismissed_at" timestamptz null, "metadata" jsonb not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "notification_delivery_logs_notification_id_index" on "notification_delivery_logs" ("notification_id");`);
    this.addSql(`create index "notification_delivery_logs_user_id_index" on "notification_delivery_logs" ("user_id");`);
    this.addSql(`create index "notification_delivery_logs_alert_id_index" on "notification_delivery_logs" ("alert_id");`);
    this.addSql(`create index "notification_delivery_logs_channel_status_index" on "notification_delivery_logs" ("channel", "status");`);
    this.addSql(`create index "notification_delivery_logs_created_at_index" on "notification_delivery_logs" ("created_at");`);

    this.addSql(`alter table "metric_aggregation_runs" add constraint "metric_aggregation_runs_granularity_check" check ("granularity" in ('hour', 'day'));`);
    this.addSql(`alter table "metric_aggregation_runs" add constraint "metric_aggregation_runs_trigger_check" check ("trigger" in ('schedule', 'manual', 'late'));`);
    this.addSql(`alter table "metric_aggregation_runs" add constraint "metric_aggregation_runs_status_check" check ("status" in ('running', 'completed', 'failed'));`);

    this.addSql(`alter table "metric_rollups" add constraint "metric_rollups_granularity_check" check ("granularity" in ('hour', 'day'));`);
    this.addSql(`alter table "metric_rollups" add constraint "metric_rollups_type_check" check ("type" in ('counter', 'gauge', 'histogram', 'summary'));`);
    this.addSql(`alter table "metric_rollups" add constraint "metric_rollups_category_check" check ("category" in ('system', 'business', 'user', 'performance', 'security'));`);

    this.addSql(`alter table "metric_samples" add constraint "metric_samples_type_check" check ("type" in ('counter', 'gauge', 'histogram', 'summary'));`);
    this.addSql(`alter table "metric_samples" add constraint "metric_samples_category_check" check ("category" in ('system', 'business', 'user', 'performance', 'security'));`);

    this.addSql(`alter table "metric_series" add constraint "metric_series_type_check" check ("type" in ('counter', 'gauge', 'histogram', 'summary'));`);
    this.addSql(`alter table "metric_series" add constraint "metric_series_category_check" check ("category" in ('system', 'business', 'user', 'performance', 'security'));`);

    this.addSql(`alter table "alert_rules" add constraint "alert_rules_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "alert_rules" add constraint "alert_rules_source_check" check ("source" in ('metric', 'counter'));`);
    this.addSql(`alter table "alert_rules" add constraint "alert_rules_aggregation_check" check ("aggregation" in ('avg', 'sum', 'min', 'max', 'count', 'rate', 'p50', 'p95', 'p99'));`);
    this.addSql(`alter table "alert_rules" add constraint "alert_rules_counter_check" check ("counter" in ('activeUsers', 'apiCallsPerMinute', 'loginsLastHour', 'eventsToday'));`);
    this.addSql(`alter table "alert_rules" add constraint "alert_rules_operator_check" check ("operator" in ('>', '<', '>=', '<=', '==', '!='));`);

    this.addSql(`alter table "silences" add constraint "silences_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "silences" add constraint "silences_rule_id_foreign" foreign key ("rule_id") references "alert_rules" ("id") on delete cascade;`);

    this.addSql(`alter table "alerts" add constraint "alerts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "alerts" add constraint "alerts_rule_id_foreign" foreign key ("rule_id") references "alert_rules" ("id") on delete cascade;`);
    this.addSql(`alter table "alerts" add constraint "alerts_silence_id_foreign" foreign key ("silence_id") references "silences" ("id") on delete set null;`);
    this.addSql(`alter table "alerts" add constraint "alerts_status_check" check ("status" in ('pending', 'triggered', 'acknowledged', 'resolved'));`);
    this.addSql(`alter table "alerts" add constraint "alerts_severity_check" check ("severity" in ('low', 'medium', 'high', 'critical'));`);
    this.addSql(`alter table "alerts" add constraint "alerts_resolution_check" check ("resolution" in ('auto', 'manual'));`);

    this.addSql(`alter table "alert_rule_states" add constraint "alert_rule_states_rule_id_foreign" foreign key ("rule_id") references "alert_rules" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "alert_rule_states" add constraint "alert_rule_states_alert_id_foreign" foreign key ("alert_id") references "alerts" ("id") on delete set null;`);
    this.addSql(`alter table "alert_rule_states" add constraint "alert_rule_states_state_check" check ("state" in ('normal', 'pending', 'firing', 'nodata'));`);

    this.addSql(`alter table "alert_events" add constraint "alert_events_alert_id_foreign" foreign key ("alert_id") references "alerts" ("id") on delete cascade;`);
    this.addSql(`alter table "alert_events" add constraint "alert_events_severity_check" check ("severity" in ('low', 'medium', 'high', 'critical'));`);

    this.addSql(`alter table "notifications" add constraint "notifications_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "notifications" add constraint "notifications_alert_id_foreign" foreign key ("alert_id") references "alerts" ("id") on delete set null;`);

    this.addSql(`alter table "notification_delivery_logs" add constraint "notification_delivery_logs_notification_id_foreign" foreign key ("notification_id") references "notifications" ("id") on delete cascade;`);
    this.addSql(`alter table "notification_delivery_logs" add constraint "notification_delivery_logs_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "notification_delivery_logs" add constraint "notification_delivery_logs_channel_check" check ("channel" in ('in_app', 'live', 'webhook'));`);
    this.addSql(`alter table "notification_delivery_logs" add constraint "notification_delivery_logs_status_check" check ("status" in ('pending', 'sent', 'delivered', 'read', 'dismissed', 'failed'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "silences" drop constraint "silences_rule_id_foreign";`);
    this.addSql(`alter table "alerts" drop constraint "alerts_rule_id_foreign";`);
    this.addSql(`alter table "alert_rule_states" drop constraint "alert_rule_states_rule_id_foreign";`);
    this.addSql(`alter table "alerts" drop constraint "alerts_silence_id_foreign";`);
    this.addSql(`alter table "alert_rule_states" drop constraint "alert_rule_states_alert_id_foreign";`);
    this.addSql(`alter table "alert_events" drop constraint "alert_events_alert_id_foreign";`);
    this.addSql(`alter table "notifications" drop constraint "notifications_alert_id_foreign";`);
    this.addSql(`alter table "notification_delivery_logs" drop constraint "notification_delivery_logs_notification_id_foreign";`);

    this.addSql(`drop table if exists "metric_aggregation_runs" cascade;`);
    this.addSql(`drop table if exists "metric_rollups" cascade;`);
    this.addSql(`drop table if exists "metric_rollup_pending" cascade;`);
    this.addSql(`drop table if exists "metric_samples" cascade;`);
    this.addSql(`drop table if exists "metric_series" cascade;`);
    this.addSql(`drop table if exists "alert_rules" cascade;`);
    this.addSql(`drop table if exists "silences" cascade;`);
    this.addSql(`drop table if exists "alerts" cascade;`);
    this.addSql(`drop table if exists "alert_rule_states" cascade;`);
    this.addSql(`drop table if exists "alert_events" cascade;`);
    this.addSql(`drop table if exists "notifications" cascade;`);
    this.addSql(`drop table if exists "notification_delivery_logs" cascade;`);
  }

}
