import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log becomes append-only in the database itself (see the entity), and gets the
 * indexes the audit screen filters by.
 */
export class Migration20261201220700_audit_append_only extends Migration {

  override name = 'Migration20261201220700_audit_append_only';

  override up(): void | Promise<void> {
    this.addSql(`create index "audit_logs_created_at_index" on "audit_logs" ("created_at");`);
    this.addSql(`create index "audit_logs_actor_user_id_created_at_index" on "audit_logs" ("actor_user_id", "created_at");`);
    this.addSql(`create or replace function "audit_logs_append_only_fn"() returns trigger as $$ begin if tg_op = 'DELETE' and current_setting('pulse.audit_retention', true) = 'on' then return old; end if; raise exception 'audit_logs is append-only: % refused', tg_op using errcode = 'P0001'; end; $$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE OR DELETE on "audit_logs" for each ROW execute function "audit_logs_append_only_fn"();`);
    // Written by hand: the schema generator does not see statement triggers, so the entity cannot declare it.
    this.addSql(`create trigger "no_truncate" BEFORE TRUNCATE on "audit_logs" for each STATEMENT execute function "audit_logs_append_only_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_logs_created_at_index";`);
    this.addSql(`drop index "audit_logs_actor_user_id_created_at_index";`);
    this.addSql(`drop trigger if exists "no_truncate" on "audit_logs";`);
    this.addSql(`drop trigger if exists "append_only" on "audit_logs";`);
    this.addSql(`drop function if exists "audit_logs_append_only_fn"();`);
  }

}
