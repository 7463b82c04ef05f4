import { Migration } from '@mikro-orm/migrations';

export class Migration20261201215007_auth_sessions extends Migration {

  override name = 'Migration20261201215007_auth_sessions';

  override up(): void | Promise<void> {
    this.addSql(`create table "auth_sessions" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "current_token_id" uuid not null, "previous_token_id" uuid null, "rotated_at" timestamptz null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" text null, "created_from_ip" text null, primary key ("id"));`);
    this.addSql(`create index "auth_sessions_user_id_index" on "auth_sessions" ("user_id");`);
    this.addSql(`create index "auth_sessions_expires_at_index" on "auth_sessions" ("expires_at");`);

    this.addSql(`alter table "auth_sessions" add constraint "auth_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "auth_sessions" cascade;`);
  }

}
