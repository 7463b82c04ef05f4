import { Migration } from '@mikro-orm/migrations';

export class Migration20261202010236_dashboard_shares extends Migration {

  override name = 'Migration20261202010236_dashboard_shares';

  override up(): void | Promise<void> {
    this.addSql(`create table "dashboard_shares" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "dashboard_id" uuid not null, "shared_by_id" uuid not null, "token_hash" text not null, "org_role" text null, "platform_role" text null, "branch_id" uuid null, "department_id" uuid null, "created_at" timestamptz not null default now(), "expires_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "dashboard_shares_organization_id_index" on "dashboard_shares" ("organization_id");`);
    this.addSql(`create index "dashboard_shares_dashboard_id_index" on "dashboard_shares" ("dashboard_id");`);
    this.addSql(`create index "dashboard_shares_shared_by_id_index" on "dashboard_shares" ("shared_by_id");`);
    this.addSql(`alter table "dashboard_shares" add constraint "dashboard_shares_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "dashboard_shares" add constraint "dashboard_shares_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "dashboard_shares" add constraint "dashboard_shares_dashboard_id_foreign" foreign key ("dashboard_id") references "dashboard_configs" ("id") on delete cascade;`);
    this.addSql(`alter table "dashboard_shares" add constraint "dashboard_shares_shared_by_id_foreign" foreign key ("shared_by_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "dashboard_shares" add constraint "dashboard_shares_org_role_check" check ("org_role" in ('OWNER', 'LEADER', 'MANAGER'));`);
    this.addSql(`alter table "dashboard_shares" add constraint "dashboard_shares_platform_role_check" check ("platform_role" in ('ADMIN', 'SUPERADMIN'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "dashboard_shares" cascade;`);
  }

}
