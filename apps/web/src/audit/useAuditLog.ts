import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import type { AuditPage } from '@pulse/api-contract/schemas';
import { trpc } from '../api/trpc.ts';
import { auditInput } from './audit-filter.ts';
import type { AuditSearch } from './audit-filter.ts';

/** One page: enough to fill a screen, small enough to answer fast. */
const PAGE_SIZE = 50;

function flatten(data: InfiniteData<AuditPage, string | null>): AuditPage {
  return { entries: data.pages.flatMap((page) => page.entries), nextCursor: data.pages.at(-1)?.nextCursor ?? null };
}

/**
 * `audit.list` for the filters as an infinite query ("Load older entries" fetches the next
 * cursor). The log only grows at its top and is read, not watched: no live stream, no poll;
 * opening the screen again reads it afresh. As for the alerts, TanStack's hook with tRPC's
 * key and client (tRPC's infinite hook adds a `direction` the contract does not define).
 */
export function useAuditLog(organizationId: string, search: AuditSearch) {
  const utils = trpc.useUtils();
  return useInfiniteQuery({
    queryKey: [...getQueryKey(trpc.audit.list), { organizationId, search, type: 'infinite' }],
    initialPageParam: null as string | null,
    getNextPageParam: (last: AuditPage) => last.nextCursor,
    queryFn: ({ pageParam, signal }) =>
      utils.client.audit.list.query({ ...auditInput(organizationId, search, Date.now()), limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
    select: flatten,
    staleTime: 0,
  });
}
