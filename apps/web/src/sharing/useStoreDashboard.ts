import type { Dashboard } from '@pulse/api-contract/schemas';
import { trpc } from '../api/trpc.ts';

/**
 * Puts a saved dashboard where the screen reads it (`dashboards.get`, and `dashboards.home` when
 * it is the home one), so what was saved shows without asking again; the list is asked again.
 */
export function useStoreDashboard(organizationId: string) {
  const utils = trpc.useUtils();
  return (saved: Dashboard) => {
    utils.dashboards.get.setData({ organizationId, id: saved.id }, saved);
    utils.dashboards.home.setData({ organizationId }, (home) => (home?.dashboard.id === saved.id ? { ...home, dashboard: saved } : home));
    void utils.dashboards.list.invalidate({ organizationId });
  };
}
