import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import type { TimeRange } from '@pulse/api-contract/schemas';
import { cleanedSearch, compareOf, DashboardViewSearch, FILTER_PARAM, searchOfTimeRange, timeRangeOf, withFilters, withSearch } from './dashboard-view.ts';
import type { CompareMode } from './dashboard-view.ts';
import type { Drill } from './drill-down.ts';
import { parseFilterTokens, sameFilter } from './drill-filters.ts';
import type { DrillFilter } from './drill-filters.ts';
import { rememberFilterLabel } from './filter-labels.ts';

export type DashboardView = {
  /** Replaces every widget's range (`widgets.data`'s `timeRange`); undefined keeps each widget's own. */
  timeRange: TimeRange | undefined;
  /** `widgets.data`'s `compare`; null leaves each widget's own comparison. */
  compare: CompareMode;
  filters: DrillFilter[];
  setTimeRange(timeRange: TimeRange | undefined): void;
  setCompare(compare: CompareMode): void;
  /** `label` names the value on its chip (a department's name) while this page is open. */
  addFilter(filter: DrillFilter, label?: string): void;
  removeFilter(filter: DrillFilter): void;
  /** A click on a chart (see drillFilterOf): a filter, or a time bucket's range. */
  drill(drill: Drill): void;
};

/** An address's search params and their setter: React Router's, or the public page's own (see useLocationSearch). */
export type SearchParamsSetter = (next: URLSearchParams | ((previous: URLSearchParams) => URLSearchParams), options?: { replace?: boolean }) => void;

/**
 * The dashboard's time range, comparison and drill-down filters, kept in the address so a link
 * or a reload opens the same view. What is not valid in the address is ignored and taken out
 * of it (replacing the history entry, so Back does not return to it).
 */
export function useDashboardView(): DashboardView {
  const [params, setParams] = useSearchParams();
  return useDashboardViewOf(params, setParams);
}

/** useDashboardView over any address: the signed-in screens' hash route, or a public link's own path. */
export function useDashboardViewOf(params: URLSearchParams, setParams: SearchParamsSetter): DashboardView {
  const search = DashboardViewSearch.parse(Object.fromEntries(params));
  const filters = parseFilterTokens(params.getAll(FILTER_PARAM));
  const cleaned = cleanedSearch(params);
  const cleanedText = cleaned?.toString() ?? null;

  useEffect(() => {
    if (cleanedText !== null) setParams(new URLSearchParams(cleanedText), { replace: true });
  }, [cleanedText, setParams]);

  const setSearch = (change: Partial<DashboardViewSearch>) => setParams((previous) => withSearch(previous, change));
  const setFilters = (next: DrillFilter[]) => setParams((previous) => withFilters(previous, next));
  const addFilter = (filter: DrillFilter, label?: string) => {
    if (label !== undefined) rememberFilterLabel(filter, label);
    if (!filters.some((existing) => sameFilter(existing, filter))) setFilters([...filters, filter]);
  };
  const setTimeRange = (timeRange: TimeRange | undefined) => setSearch(searchOfTimeRange(timeRange));

  return {
    timeRange: timeRangeOf(search),
    compare: compareOf(search),
    filters,
    setTimeRange,
    setCompare: (compare) => setSearch({ compare: compare === 'previous_period' ? 'previous' : undefined }),
    addFilter,
    removeFilter: (filter) => setFilters(filters.filter((existing) => !sameFilter(existing, filter))),
    drill: (drill) => (drill.kind === 'filter' ? addFilter(drill.filter, drill.label) : setTimeRange(drill.timeRange)),
  };
}
