import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withDatabaseName } from './database-url.ts';

/**
 * Runs `work` on a short-lived connection to the server's `postgres` maintenance database,
 * for statements that cannot run inside the database they are about (CREATE/DROP DATABASE).
 * A bare MikroORM with no entities is used so no other driver has to be a dependency.
 */
export async function withMaintenanceConnection<T>(
  anyDatabaseUrl: string,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const orm = await MikroORM.init({
    clientUrl: withDatabaseName(anyDatabaseUrl, 'postgres'),
    entities: [],
    discovery: { warnWhenNoEntities: false },
    ensureDatabase: false,
    allowGlobalContext: false,
    pool: { min: 0, max: 1 },
  });
  try {
    return await work(orm.em.fork());
  } finally {
    await orm.close(true);
  }
}
