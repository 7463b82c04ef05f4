import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useRef } from 'react';
import type { AlertList, AlertView } from '@pulse/api-contract/schemas';
import { trpc } from '../../api/trpc.ts';
import { applyAlertChange, filterToInput, matchesFilter } from './alert-filter.ts';
import type { AlertFilter } from './alert-filter.ts';

type Pages = InfiniteData<AlertList, string | null>;

/** Live changes remembered to re-apply to an answer the server read before them. */
const LOG_LIMIT = 200;

/** One alert's change applied to the loaded pages: replaced where it is, else on top of the first page. */
function applyToPages(data: Pages, alert: AlertView, matches: boolean): Pages {
  const at = data.pages.findIndex((page) => page.items.some((item) => item.id === alert.id));
  const target = at === -1 ? 0 : at;
  return { ...data, pages: data.pages.map((page, index) => (index === target ? { ...page, items: applyAlertChange(page.items, alert, matches) } : page)) };
}

/** The pages as one list; an alert that moved between pages while paging shows once. */
function flatten(data: Pages): AlertList {
  const seen = new Set<string>();
  const items = data.pages.flatMap((page) => page.items).filter((item) => !seen.has(item.id) && Boolean(seen.add(item.id)));
  return { items, nextCursor: data.pages.at(-1)?.nextCursor ?? null };
}

/**
 * `alerts.list` for a filter as an infinite query ("Load older alerts" fetches the next
 * cursor), with `apply` for a live or acted-on change. The query key holds the filter, not
 * the moment: "last hour" is computed when a page is fetched. (tRPC's own infinite hook adds
 * a `direction` the contract does not define, hence TanStack's hook with tRPC's key and client.)
 *
 * A change that arrives while a request is in flight is applied to its answer too, so an
 * alert raised between the server's read and its answer is not lost.
 */
export function useAlertList(organizationId: string, filter: AlertFilter) {
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const log = useRef<AlertView[]>([]);
  const queryKey = [...getQueryKey(trpc.alerts.list), { organizationId, filter, type: 'infinite' }];

  const query = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    getNextPageParam: (last: AlertList) => last.nextCursor,
    queryFn: async ({ pageParam, signal }) => {
      const seen = log.current.length;
      const page = await utils.client.alerts.list.query(
        { organizationId, ...filterToInput(filter, Date.now()), ...(pageParam ? { cursor: pageParam } : {}) },
        { signal },
      );
      if (pageParam) return page;
      const items = log.current.slice(seen).reduce((current, alert) => applyAlertChange(current, alert, matchesFilter(alert, filter, Date.now())), page.items);
      return { ...page, items };
    },
    select: flatten,
  });

  const apply = (alert: AlertView) => {
    log.current = [...log.current, alert].slice(-LOG_LIMIT);
    queryClient.setQueryData<Pages>(queryKey, (data) => data && applyToPages(data, alert, matchesFilter(alert, filter, Date.now())));
  };
  return { query, apply };
}
