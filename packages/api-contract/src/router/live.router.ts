import { tracked } from '@trpc/server';
import { LiveAlertsInput } from '../schemas/alerts.ts';
import { LiveActivityInput, LiveCountersInput } from '../schemas/live.ts';
import { LivePublicDashboardInput } from '../schemas/shares.ts';
import { LiveDashboardInput } from '../schemas/widget-data.ts';
import { publicShareProcedure } from './share-procedures.ts';
import { adminTenantProcedure, tenantProcedure } from './tenant-procedures.ts';
import { router, userProcedure } from './trpc.ts';

export const liveRouter = router({
  /** Every new event of the organization, one delta per persisted batch, resumable by id. */
  activity: tenantProcedure.input(LiveActivityInput).subscription(async function* ({ ctx, input, signal }) {
    const stream = ctx.services.live.activity(ctx.organizationId, input.lastEventId ?? null, signal ?? new AbortController().signal, ctx.actor);
    for await (const item of stream) yield tracked(item.id, item.data);
  }),
  /** The dashboard counters of the caller's scope: the current values at once, then after every change. */
  counters: tenantProcedure.input(LiveCountersInput).subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.live.counters(ctx.organizationId, signal ?? new AbortController().signal, ctx.actor);
  }),
  /**
   * The organization's alert changes (`alertNotification` / `alertUpdate`), resumable by id.
   * For those who may see alerts: ADMIN of the organization, SUPERADMIN.
   */
  alerts: adminTenantProcedure.input(LiveAlertsInput).subscription(async function* ({ ctx, input, signal }) {
    const stream = ctx.services.live.alerts(ctx.organizationId, input.lastEventId ?? null, signal ?? new AbortController().signal);
    for await (const item of stream) yield tracked(item.id, item.data);
  }),
  /**
   * One open dashboard: every widget's numbers at once, then the widgets that changed as the
   * pipeline counts new events (a few updates a second at most), scoped like widgets.data.
   * Resumable: the id is the organization's data version, and a reconnect gets the current
   * numbers of every widget, so nothing is missed and nothing counted twice.
   */
  dashboard: tenantProcedure.input(LiveDashboardInput).subscription(async function* ({ ctx, input, signal }) {
    const stream = ctx.services.live.dashboard(ctx.actor, ctx.organizationId, input, signal ?? new AbortController().signal);
    for await (const item of stream) yield tracked(item.id, item.data);
  }),
  /**
   * live.dashboard through a public link, without signing in: the only stream a connection
   * without a token may open. It ends with NOT_FOUND when the link is revoked or expires.
   */
  publicDashboard: publicShareProcedure.input(LivePublicDashboardInput).subscription(async function* ({ ctx, input, signal }) {
    const stream = ctx.services.shares.live(ctx.share, input, signal ?? new AbortController().signal);
    for await (const item of stream) yield tracked(item.id, item.data);
  }),
  /** The caller's unread notification count at once, then after every change. */
  notifications: userProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.live.notifications(ctx.actor.userId, signal ?? new AbortController().signal);
  }),
});
