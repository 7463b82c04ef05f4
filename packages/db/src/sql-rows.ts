import type { InferKyselyDB } from '@mikro-orm/postgresql';
import type { ColumnType } from 'kysely';
import type { allEntities } from './entities/index.ts';

/**
 * Every table as the entities declare it (MikroORM's Kysely typing): snake_case table and
 * column names, relations as their `<name>_id` column, each column with the entity's type.
 */
export type Tables = InferKyselyDB<(typeof allEntities)[number]>;

type Selected<Value> = Value extends ColumnType<infer Select, unknown, unknown> ? Select : Value;
/** What the pool's type parsers return for a column: timestamps arrive as strings, not Dates. */
type Returned<Value> = Value extends Date ? string : Value;

/**
 * A row of one table as `runSql` returns it, for raw SQL whose rows would otherwise be typed by
 * hand: pick the columns a statement selects, and add its computed and joined columns.
 */
export type SqlRow<Table extends keyof Tables> = { [Column in keyof Tables[Table]]: Returned<Selected<Tables[Table][Column]>> };

/** Columns of a LEFT JOINed table under the names a statement gives them: null when no row joined. */
export type Joined<Row, Columns extends Record<string, keyof Row>> = { [Alias in keyof Columns]: Row[Columns[Alias]] | null };
