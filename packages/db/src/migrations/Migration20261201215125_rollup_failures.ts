import { Migration } from '@mikro-orm/migrations';

export class Migration20261201215125_rollup_failures extends Migration {

  override name = 'Migration20261201215125_rollup_failures';

  override up(): void | Promise<void> {
    this.addSql(`alter table "metric_rollup_pending" add "failures" int not null default 0, add "last_error" text null, add "last_failed_at" timestamptz null, add "retry_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "metric_rollup_pending" drop column "failures", drop column "last_error", drop column "last_failed_at", drop column "retry_at";`);
  }

}
