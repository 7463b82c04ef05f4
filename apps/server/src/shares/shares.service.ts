import type { CircuitBreaker } from '../breakers/circuit-breaker.ts';
import type { EntityManager, MikroORM } from '@pulse/db';
import type { LiveItem, PulseServices } from '@pulse/api-contract/router';
import { ForbiddenError, NotFoundError } from '@pulse/api-contract/errors';
import { BUILT_IN_DASHBOARD_ID, PUBLIC_DASHBOARD_PATH, SHARE_LIMITS, type DashboardUpdate, type LivePublicDashboardInput, type ShareActor, type UserActor } from '@pulse/api-contract/schemas';
import { writeAudit } from '../audit/write-audit.ts';
import { mayEdit } from '../dashboards/dashboard-access.ts';
import { type DashboardRow, sharedOf, toDashboard } from '../dashboards/dashboard-rows.ts';
import { loadVisible } from '../dashboards/dashboard-store.ts';
import type { RateLimiter, RateRule } from '../limits/rate-limiter.ts';
import type { Masker } from '../privacy/masker.ts';
import { dashboardStream } from '../widgets/dashboard-stream.ts';
import { scopeKey, scopeOf } from '../widgets/viewer-scope.ts';
import { createWidgetsService } from '../widgets/widgets.service.ts';
import { linkReader } from './link-scope.ts';
import { hashShareToken, newShareToken } from './share-tokens.ts';
import * as store from './share-store.ts';

type StreamDependencies = Parameters<typeof dashboardStream>[0];

type Dependencies = Pick<StreamDependencies, 'engine' | 'activityHub' | 'opened'> & {
  orm: MikroORM;
  limiter: RateLimiter;
  /** The masker of one link of an organization (privacy/masker.ts, createLinkMaskerFactory). */
  linkMaskerFor(organizationId: string, shareId: string): Promise<Masker>;
  /** Limits of the public calls; SHARE_LIMITS unless a test needs smaller ones. */
  limits?: { perToken: number; perAddress: number };
  /** The read path's Postgres breaker: a public link degrades like a signed-in dashboard. */
  postgres: CircuitBreaker;
};

type SharesService = PulseServices['shares'];
/** A working link: its reader, the dashboard it was checked against, and when it expires. */
type Checked = { share: ShareActor; row: DashboardRow; expiresAt: string | null };

/** How often an open public stream checks that its link still works when no revocation was announced here. */
export const LINK_RECHECK_MS = 5_000;

const linkGone = () => new NotFoundError('This link does not exist, was revoked or has expired.');
const dashboardNotFound = () => new NotFoundError('No such dashboard in this organization, or it is not shared with you.');

/**
 * Public read-only links. A link is a token whose sha256 is stored with the sharer and the scope
 * they had. Every public call resolves it again (no cache: a revocation or an expiry applies to
 * the next call), checks that the sharer could still make it (they may still edit the dashboard;
 * link-scope.ts decides the scope), counts against the link's and the address's limits, and then
 * reads through the widget engine as a signed-in viewer of that scope would, masked per link.
 */
export function createSharesService(deps: Dependencies): SharesService {
  const limits = deps.limits ?? { perToken: SHARE_LIMITS.callsPerTokenPerMinute, perAddress: SHARE_LIMITS.callsPerAddressPerMinute };
  const perToken: RateRule = { name: 'share-token', limit: limits.perToken, windowMs: 60_000 };
  const perAddress: RateRule = { name: 'share-address', limit: limits.perAddress, windowMs: 60_000 };
  // The dashboard each resolved link was checked against, so one call reads it once.
  const checkedDashboards = new WeakMap<ShareActor, Checked>();
  // Open public streams per link in this process: a revocation here ends them at once (others within LINK_RECHECK_MS).
  const openStreams = new Map<string, Set<() => void>>();

  /** A dashboard the caller may edit (NOT_FOUND when unseen, FORBIDDEN when only seen). */
  async function editable(em: EntityManager, actor: UserActor, organizationId: string, dashboardId: string): Promise<DashboardRow> {
    if (dashboardId === BUILT_IN_DASHBOARD_ID) throw new ForbiddenError('The built-in dashboard cannot be shared: duplicate it and share the copy.');
    const row = await loadVisible(em, organizationId, actor, dashboardId);
    if (!row) throw dashboardNotFound();
    if (!mayEdit(actor, sharedOf(row))) throw new ForbiddenError('Only those who may edit a dashboard share it and manage its links.');
    return row;
  }

  /** The link's reader and dashboard while it works; null once it stopped (see link-scope.ts). */
  async function resolve(which: { tokenHash: string } | { shareId: string }): Promise<Checked | null> {
    const em = deps.orm.em.fork();
    const live = await store.findLiveShare(em, which);
    const reader = live ? linkReader(live) : null;
    if (!live || !reader) return null;
    const row = await loadVisible(em, live.organizationId, live.now, live.dashboardId);
    if (!row || !mayEdit(live.now, sharedOf(row))) return null;
    return { share: { kind: 'share', shareId: live.shareId, organizationId: live.organizationId, dashboardId: live.dashboardId, scope: reader }, row, expiresAt: live.expiresAt };
  }

  async function checked(share: ShareActor): Promise<Checked> {
    const known = checkedDashboards.get(share) ?? (await resolve({ shareId: share.shareId }));
    if (!known) throw linkGone();
    return known;
  }

  /** widgets.data and live.dashboard, unchanged, for the link's reader, its dashboard and its masker. */
  function readsOf(share: ShareActor, row: DashboardRow) {
    const dashboard = toDashboard(row, share.scope);
    return {
      engine: deps.engine,
      activityHub: deps.activityHub,
      opened: deps.opened,
      getDashboard: async () => dashboard,
      maskerFor: () => deps.linkMaskerFor(share.organizationId, share.shareId),
      postgres: deps.postgres,
    };
  }

  async function* liveOnce(share: ShareActor, row: DashboardRow, input: LivePublicDashboardInput, signal: AbortSignal): AsyncGenerator<LiveItem<DashboardUpdate>> {
    const { token: _token, ...overrides } = input;
    yield* dashboardStream(readsOf(share, row), share.scope, share.organizationId, { ...overrides, dashboardId: share.dashboardId }, signal);
  }

  return {
    async create(actor, organizationId, input) {
      return deps.orm.em.fork().transactional(async (em) => {
        await editable(em, actor, organizationId, input.dashboardId);
        if ((await store.countActive(em, organizationId, input.dashboardId)) >= SHARE_LIMITS.maxActiveSharesPerDashboard) {
          throw new ForbiddenError(`A dashboard has at most ${SHARE_LIMITS.maxActiveSharesPerDashboard} working links: revoke one first.`);
        }
        const token = newShareToken();
        const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
        const view = await store.insertShare(em, organizationId, input.dashboardId, actor, hashShareToken(token), expiresAt);
        await writeAudit(em, { organizationId, actorUserId: actor.userId, action: 'dashboard.share_created', targetType: 'dashboard_share', targetId: view.id, details: { dashboardId: input.dashboardId, expiresAt, scope: scopeKey(scopeOf(actor)) } });
        return { ...view, token, path: `${PUBLIC_DASHBOARD_PATH}${token}` };
      });
    },

    async list(actor, organizationId, input) {
      const em = deps.orm.em.fork();
      await editable(em, actor, organizationId, input.dashboardId);
      return { items: await store.listShares(em, organizationId, input.dashboardId) };
    },

    async revoke(actor, organizationId, input) {
      const view = await deps.orm.em.fork().transactional(async (em) => {
        const dashboardId = await store.dashboardOfShare(em, organizationId, input.shareId);
        if (!dashboardId) throw new NotFoundError('No such link in this organization.');
        await editable(em, actor, organizationId, dashboardId);
        const revoked = await store.revokeShare(em, organizationId, input.shareId);
        if (!revoked) throw new NotFoundError('No such link in this organization.');
        await writeAudit(em, { organizationId, actorUserId: actor.userId, action: 'dashboard.share_revoked', targetType: 'dashboard_share', targetId: input.shareId, details: { dashboardId } });
        return revoked;
      });
      for (const end of openStreams.get(input.shareId) ?? []) end();
      return view;
    },

    async open(token, origin) {
      // The address first: guessing tokens costs the guesser's budget, not a link's.
      await deps.limiter.consume(perAddress, origin.address ?? 'unknown', `Too many public link calls from this address: at most ${perAddress.limit} per minute. Retry later.`);
      const resolved = await resolve({ tokenHash: hashShareToken(token) });
      if (!resolved) throw linkGone();
      await deps.limiter.consume(perToken, resolved.share.shareId, `Too many calls on this link: at most ${perToken.limit} per minute. Retry later.`);
      checkedDashboards.set(resolved.share, resolved);
      return resolved.share;
    },

    async dashboard(share, origin) {
      const { row, expiresAt } = await checked(share);
      await writeAudit(deps.orm.em.fork(), {
        organizationId: share.organizationId,
        actorUserId: null,
        action: 'dashboard.share_viewed',
        targetType: 'dashboard_share',
        targetId: share.shareId,
        details: { dashboardId: share.dashboardId, scope: scopeKey(scopeOf(share.scope)) },
        ip: origin.address,
      });
      return {
        name: row.name,
        layoutConfig: row.layout_config,
        widgetPreferences: row.widget_preferences,
        themeSettings: row.theme_settings,
        version: row.version,
        updatedAt: new Date(row.updated_at).toISOString(),
        expiresAt,
      };
    },

    async widgets(share, input) {
      const { row } = await checked(share);
      const widgets = createWidgetsService(readsOf(share, row));
      return widgets.data(share.scope, share.organizationId, { dashboardId: share.dashboardId, timeRange: input.timeRange, compare: input.compare, filters: input.filters });
    },

    async *live(first, input, signal) {
      let share = first;
      let { row, expiresAt } = await checked(first);
      let lastEventId = input.lastEventId;
      while (!signal.aborted) {
        // One pass in one scope: it ends when the caller leaves, the link stops or its scope changes.
        const pass = new AbortController();
        const endPass = () => pass.abort();
        signal.addEventListener('abort', endPass, { once: true });
        const ends = openStreams.get(share.shareId) ?? new Set();
        ends.add(endPass);
        openStreams.set(share.shareId, ends);
        const recheck = setInterval(() => {
          resolve({ shareId: share.shareId }).then(
            (now) => {
              if (!now || scopeKey(scopeOf(now.share.scope)) !== scopeKey(scopeOf(share.scope))) endPass();
            },
            () => {},
          );
        }, LINK_RECHECK_MS);
        // An expiry is known ahead: the pass ends on the dot (timers hold at most 2^31-1 ms).
        const expiry = expiresAt === null ? null : setTimeout(endPass, Math.min(Math.max(0, Date.parse(expiresAt) - Date.now()), 2 ** 31 - 1));
        try {
          for await (const item of liveOnce(share, row, { ...input, lastEventId }, pass.signal)) {
            lastEventId = item.id;
            yield item;
          }
        } finally {
          clearInterval(recheck);
          if (expiry) clearTimeout(expiry);
          signal.removeEventListener('abort', endPass);
          ends.delete(endPass);
          if (ends.size === 0) openStreams.delete(share.shareId);
        }
        if (signal.aborted) return;
        const now = await resolve({ shareId: share.shareId });
        if (!now) throw linkGone();
        ({ share, row, expiresAt } = now);
      }
    },
  } satisfies SharesService;
}
