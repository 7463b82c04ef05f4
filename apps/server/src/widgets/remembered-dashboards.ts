import type { Dashboard, DashboardHome, UserActor } from '@pulse/api-contract/schemas';
import type { CircuitBreaker } from '../breakers/circuit-breaker.ts';
import { retryLaterFor } from './dependency-breakers.ts';
import { createLruCache } from './lru-cache.ts';

/** Dashboards remembered per viewer; each one is a layout and its widget queries (a few KB). */
const REMEMBERED_ENTRIES = 2_000;
const REMEMBERED_TTL_MS = 24 * 3_600_000;

type Readers = {
  get(actor: UserActor, organizationId: string, id: string): Promise<Dashboard>;
  home(actor: UserActor, organizationId: string): Promise<DashboardHome>;
};

/**
 * Who is asking, as far as what they may see goes: a dashboard remembered for one viewer is
 * never given to another, nor to the same user after their role or scope changed.
 */
const viewerKey = (actor: UserActor, organizationId: string) =>
  [organizationId, actor.userId, actor.orgRole, actor.platformRole, actor.branchId, actor.departmentId].join('|');

/**
 * The dashboard documents (`get`, `home`) read through the Postgres breaker, each answer
 * remembered in process for the viewer who got it. While Postgres is away the viewer gets the
 * dashboard they last opened on this process (its widgets then answer from the caches, marked
 * stale); one they never opened here is UNAVAILABLE with a retry time. Views read from memory
 * are not audited: the audit log lives in Postgres.
 */
export function rememberDashboards<T extends Readers>(dashboards: T, postgres: CircuitBreaker): T {
  const remembered = createLruCache<Dashboard | DashboardHome>(REMEMBERED_ENTRIES, REMEMBERED_TTL_MS);
  async function read<V extends Dashboard | DashboardHome>(key: string, load: () => Promise<V>): Promise<V> {
    try {
      const value = await postgres.run(load);
      remembered.set(key, value);
      return value;
    } catch (error) {
      if (!postgres.isDependencyError(error)) throw error;
      const kept = remembered.get(key);
      if (kept) return kept as V;
      throw retryLaterFor(postgres, 'This dashboard cannot be read while the database is unavailable.', error);
    }
  }
  return {
    ...dashboards,
    get: (actor, organizationId, id) => read(`${viewerKey(actor, organizationId)}|get|${id}`, () => dashboards.get(actor, organizationId, id)),
    home: (actor, organizationId) => read(`${viewerKey(actor, organizationId)}|home`, () => dashboards.home(actor, organizationId)),
  };
}
