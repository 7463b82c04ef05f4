import { databaseNameOf, quoteIdentifier } from './database-url.ts';
import { withMaintenanceConnection } from './server-admin.ts';
import { runSql, sqlStateOf } from './sql.ts';

const DUPLICATE_DATABASE = '42P04';

/** Creates the database named in the URL unless it exists. Safe to race with another process. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  return withMaintenanceConnection(databaseUrl, async (em) => {
    const found = await runSql(em, 'select 1 from pg_database where datname = $1', [name]);
    if (found.length > 0) return false;
    try {
      await runSql(em, `create database ${quoteIdentifier(name)}`, []);
      return true;
    } catch (error) {
      if (sqlStateOf(error) === DUPLICATE_DATABASE) return false;
      throw error;
    }
  });
}
