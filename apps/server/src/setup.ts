// `npm start` runs this before the server: create the database if missing, apply migrations,
// create the daily activity and metric partitions for the accepted time window, and seed the demo data in
// demo mode. Every step is idempotent; a second run changes nothing and takes ~0.1 s.
import { createOrm, ensureActivityPartitions, ensureDatabase, metricPartitions, pendingMigrationCount, redactUrl, runMigrations, seedDemo } from '@pulse/db';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import { backfillRoleDefaults } from './dashboards/seed-role-defaults.ts';
import { seedDemoAlertRules } from './demo/demo-alert-rules.ts';
import { loadSettings } from './env.ts';

const DAY_MS = 86_400_000;
/** Two days ahead, so a late maintenance run never leaves midnight UTC without a partition. */
const PARTITION_DAYS_AHEAD = 2;

const log = (line: string) => console.log(`[setup] ${line}`);
const settings = loadSettings();
const started = Date.now();

try {
  log((await ensureDatabase(settings.DATABASE_URL)) ? `created database ${redactUrl(settings.DATABASE_URL)}` : 'database exists');
  const orm = await createOrm(settings.DATABASE_URL, { poolMax: 2 });
  try {
    const pending = await pendingMigrationCount(orm);
    if (pending > 0) await runMigrations(orm);
    log(pending > 0 ? `applied ${pending} migration(s)` : 'migrations up to date');
    const now = Date.now();
    const created = await ensureActivityPartitions(orm.em.fork(), new Date(now - INGEST_LIMITS.maxPastMs - DAY_MS), new Date(now + PARTITION_DAYS_AHEAD * DAY_MS));
    log(created.length > 0 ? `created ${created.length} activity partition(s)` : 'activity partitions present');
    // Metric samples are accepted over the same window as events.
    const createdMetrics = await metricPartitions.ensure(orm.em.fork(), new Date(now - INGEST_LIMITS.maxPastMs - DAY_MS), new Date(now + PARTITION_DAYS_AHEAD * DAY_MS));
    log(createdMetrics.length > 0 ? `created ${createdMetrics.length} metric partition(s)` : 'metric partitions present');
    if (settings.PULSE_DEMO) {
      const { created: rows } = await seedDemo(orm);
      log(rows > 0 ? `demo data: inserted ${rows} rows` : 'demo data present');
      const rules = await seedDemoAlertRules(orm);
      log(rules > 0 ? `demo alert rules: inserted ${rules}` : 'demo alert rules present');
    }
    const dashboards = await backfillRoleDefaults(orm);
    log(dashboards > 0 ? `role default dashboards: inserted ${dashboards}` : 'role default dashboards present');
  } finally {
    await orm.close(true);
  }
  log(`done in ${Date.now() - started} ms`);
} catch (error) {
  console.error(`[setup] failed on ${redactUrl(settings.DATABASE_URL)}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
