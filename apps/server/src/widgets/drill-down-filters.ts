import { InvalidInputError } from '@pulse/api-contract/errors';
import type { DrillFilter, WidgetQuery } from '@pulse/api-contract/schemas';
import type { Masker } from '../privacy/masker.ts';
import type { sqlParams } from './sql-builder.ts';
import { NotRolledUpError } from './widget-errors.ts';

/**
 * The dashboard's drill-down filters as the read path applies them: all ANDed, with each
 * other, with the widget's own filters and with the viewer's scope (a condition added to the
 * scope's, so a filter can only narrow). docs/api.md ("Drill-down filters") is the reference.
 */

/** The conditions on rollup rows (event types are folded into the widget's own list instead). */
export type RowFilter = Extract<DrillFilter, { dimension: 'branch' | 'department' | 'user' | 'hour_of_week' }>;

const tokenOf = (filter: DrillFilter) => JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)));

/** Once each, in one order: filters given in another order or twice are one question (and one cache entry). */
export function canonicalFilters(filters: readonly DrillFilter[] | undefined): DrillFilter[] {
  const unique = new Map((filters ?? []).map((filter) => [tokenOf(filter), filter]));
  return [...unique.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, filter]) => filter);
}

/**
 * Whether a query's source has the filters' dimensions. Metric samples and report rankings know
 * no event type, user, branch or department: their widgets show unfiltered numbers, marked
 * `filtered: false`, rather than an error that would blank them.
 */
export function takesFilters(query: WidgetQuery): boolean {
  if (query.source === 'metrics') return false;
  return !(query.source === 'reports' && (query.measure === 'most_viewed' || query.measure === 'recently_generated'));
}

/**
 * The event types left: the widget's own (undefined or empty: any) narrowed by each event_type
 * filter. An empty list means none: two different event types ANDed match nothing.
 */
export function narrowedEventTypes(own: readonly string[] | undefined, filters: readonly DrillFilter[]): string[] | undefined {
  let types = own && own.length > 0 ? [...own] : undefined;
  for (const filter of filters) if (filter.dimension === 'event_type') types = types === undefined ? [filter.value] : types.filter((type) => type === filter.value);
  return types;
}

/** The filters that are conditions on rows; a property filter is refused per widget (the rollups keep no properties). */
export function rowFilters(filters: readonly DrillFilter[]): RowFilter[] {
  if (filters.some((filter) => filter.dimension === 'property')) throw new NotRolledUpError('Property filters are not rolled up: this widget cannot be filtered by a property value.');
  return filters.filter((filter): filter is RowFilter => filter.dimension !== 'event_type' && filter.dimension !== 'property');
}

const utcPart = (part: 'isodow' | 'hour') => `extract(${part} FROM bucket_start AT TIME ZONE 'UTC')::int`;

/** The row filters as one SQL condition on a rollup table (user conditions only on activity_user_rollups). */
export function rowCondition(filters: readonly RowFilter[], params: ReturnType<typeof sqlParams>): string {
  const conditions = filters.map((filter) => {
    switch (filter.dimension) {
      case 'branch':
      case 'department':
        return filter.value === 'none' ? `${filter.dimension}_id IS NULL` : `${filter.dimension}_id = ${params.add(filter.value)}::uuid`;
      case 'user':
        return `user_id = ${params.add(filter.value)}`;
      case 'hour_of_week':
        return `${utcPart('isodow')} = ${params.add(filter.weekday)}::int AND ${utcPart('hour')} = ${params.add(filter.hour)}::int`;
    }
  });
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}

export const hasUserFilter = (filters: readonly RowFilter[]) => filters.some((filter) => filter.dimension === 'user');
export const hasHourFilter = (filters: readonly RowFilter[]) => filters.some((filter) => filter.dimension === 'hour_of_week');

/**
 * A viewer whose user ids are pseudonymised (the masking policy, every public link) sees
 * pseudonyms, so a user filter from them names one. Mapping it back would mean hashing every
 * user id of the scope on each call; the filter is refused instead, as bad input.
 */
export function refuseMaskedUserFilters(masker: Masker, filters: readonly DrillFilter[] | undefined): void {
  const probe = '00000000-0000-0000-0000-000000000000';
  if (!filters?.some((filter) => filter.dimension === 'user') || masker.userId(probe) === probe) return;
  throw new InvalidInputError('User filters take user ids, and this viewer sees pseudonyms: filter by event type, branch, department or time of week instead.', [
    { path: ['filters'], message: 'user filters are not available while user ids are pseudonymised' },
  ]);
}
