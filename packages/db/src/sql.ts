import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * Runs one raw, parametrised statement on the EntityManager's connection (inside its
 * transaction when it has one) and returns the rows, including those of `RETURNING`.
 *
 * Placeholders are Postgres' own `$1, $2, ...`, bound by the server (pg's extended protocol).
 * We deliberately do not use `em.getConnection().execute(sql, params)`: in MikroORM 7.2.1
 * that takes `?` placeholders and interpolates the values into the SQL text on the client
 * (`Platform.formatQuery`), and it renders a JS array as a comma list (`'a', 'b'`), meant
 * for `IN (?)`, so `unnest(?::uuid[])` breaks; a literal `?` (the jsonb operator) would be
 * taken for a placeholder too. Here a JS array is sent as a Postgres array, so
 * `unnest($1::uuid[], $2::timestamptz[], $3::jsonb[])` works; Dates go as timestamps with
 * offset, plain objects as JSON text.
 *
 * Rows come back through the pool's type parsers that MikroORM installs (timestamptz as a
 * string, int8/numeric as strings, json/jsonb parsed).
 */
export async function runSql<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const started = Date.now();
  try {
    // getKysely() is bound to the em's transaction if it has one, else to the pool
    const result = await em.getKysely().executeQuery<T>(CompiledQuery.raw(sql, params));
    // params are left out of the log on purpose: ingest batches carry thousands of values
    em.config.getLogger().logQuery({ query: sql, took: Date.now() - started, results: result.rows.length });
    return [...result.rows];
  } catch (error) {
    em.config.getLogger().logQuery({ query: sql, took: Date.now() - started, level: 'error' });
    // the same exception classes the ORM raises (UniqueConstraintViolationException, ...)
    // with the driver's `code` (SQLSTATE) copied onto them
    throw error instanceof Error ? em.getPlatform().getExceptionConverter().convertException(error) : error;
  }
}

/** The SQLSTATE of a driver error (also of MikroORM's converted exceptions), if it has one. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
