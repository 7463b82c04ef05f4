/**
 * Sums that cannot fail. Postgres raises "value out of range: overflow" when a float8 sum passes
 * ±1.8e308, and one such series failed a whole statement: the rollup of every organization, a
 * query, a view. These sums are computed exactly in numeric and saturated into float8's range,
 * so a sum beyond it is ±Number.MAX_VALUE: the documented value of an overflowed sum
 * (docs/decisions.md, "Rollup isolation and value bounds"). Samples accepted since values are
 * bounded (METRIC_LIMITS.maxAbsValue) never get there; rows stored before may.
 */
const FLOAT8_MAX = '1.7976931348623157e308';

/** SQL: a numeric expression saturated into float8 (NULL stays NULL). Expressions are constants here. */
export const saturated = (numeric: string) =>
  `(CASE WHEN ${numeric} > ${FLOAT8_MAX} THEN ${FLOAT8_MAX} WHEN ${numeric} < -${FLOAT8_MAX} THEN -${FLOAT8_MAX} ELSE ${numeric} END)::float8`;

/** SQL: the saturated sum of a float8 column. */
export const saturatedSum = (column: string) => saturated(`sum(${column}::numeric)`);

/** The same in JavaScript, where a sum past the range would be ±Infinity (which JSON cannot carry). */
export const saturatedAdd = (a: number, b: number) => Math.min(Math.max(a + b, -Number.MAX_VALUE), Number.MAX_VALUE);
