import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import type { DashboardVersionList } from '@pulse/api-contract/schemas';
import { describeError, errorCode } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';

/** A page of the history: a screen's worth; the server keeps 50 versions at most. */
const PAGE_SIZE = 20;

function flatten(data: InfiniteData<DashboardVersionList, number | null>): DashboardVersionList {
  return { items: data.pages.flatMap((page) => page.items), nextBeforeVersion: data.pages.at(-1)?.nextBeforeVersion ?? null };
}

/**
 * `dashboards.versions`, newest first, older pages on request ("Load older versions"). As for
 * the audit log, TanStack's infinite hook with tRPC's key and client: the contract pages with
 * `beforeVersion`, not the `cursor` tRPC's own infinite hook expects. Under tRPC's key,
 * `utils.dashboards.versions.invalidate()` reaches it.
 */
export function useDashboardVersions(organizationId: string, dashboardId: string) {
  const utils = trpc.useUtils();
  return useInfiniteQuery({
    queryKey: [...getQueryKey(trpc.dashboards.versions), { organizationId, id: dashboardId, type: 'infinite' }],
    initialPageParam: null as number | null,
    getNextPageParam: (last: DashboardVersionList) => last.nextBeforeVersion,
    queryFn: ({ pageParam, signal }) =>
      utils.client.dashboards.versions.query({ organizationId, id: dashboardId, limit: PAGE_SIZE, ...(pageParam === null ? {} : { beforeVersion: pageParam }) }, { signal }),
    select: flatten,
    staleTime: 0,
  });
}

/**
 * `dashboards.restore`: the old version's content becomes a new version. Everything that shows
 * the dashboard is read again: its content, its history, its numbers, the lists naming it.
 * After a conflict (someone saved in between) the dashboard and its history are read again,
 * so the list shows their version and a second try starts from it.
 */
export function useRestoreVersion(organizationId: string, dashboardId: string) {
  const utils = trpc.useUtils();
  return trpc.dashboards.restore.useMutation({
    onSuccess: async (dashboard) => {
      utils.dashboards.get.setData({ organizationId, id: dashboardId }, dashboard);
      await Promise.all([
        utils.dashboards.get.invalidate(),
        utils.dashboards.versions.invalidate(),
        utils.dashboards.list.invalidate(),
        utils.dashboards.home.invalidate(),
        utils.widgets.data.invalidate(),
      ]);
    },
    onError: async (error) => {
      if (errorCode(error) === 'CONFLICT') await Promise.all([utils.dashboards.get.invalidate(), utils.dashboards.versions.invalidate()]);
    },
  });
}

/** Why a restore failed, in words: a conflict is no server trouble but news of someone's save. */
export function describeRestoreError(error: unknown): string {
  if (errorCode(error) === 'CONFLICT') return 'Someone saved this dashboard in between; their version now heads the list. Restore again if you still want this one.';
  return describeError(error);
}
