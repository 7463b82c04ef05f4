import { Migration } from '@mikro-orm/migrations';

export class Migration20261201221503_masking_policies extends Migration {

  override name = 'Migration20261201221503_masking_policies';

  override up(): void | Promise<void> {
    this.addSql(`create table "masking_policies" ("organization_id" uuid not null, "pseudonymize_user_ids" boolean not null, "hide_network_details" boolean not null, "personal_properties" jsonb not null, "updated_by_user_id" uuid null, "updated_at" timestamptz not null default now(), primary key ("organization_id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "masking_policies" cascade;`);
  }

}
