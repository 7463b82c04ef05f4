import { adminRouter } from './admin/index.ts';
import { alertsRouter } from './alerts/index.ts';
import { auditRouter } from './audit.router.ts';
import { authRouter } from './auth.router.ts';
import { dashboardsRouter } from './dashboards.router.ts';
import { directoryRouter } from './directory.router.ts';
import { eventsRouter } from './events.router.ts';
import { liveRouter } from './live.router.ts';
import { metricsRouter } from './metrics.router.ts';
import { notificationsRouter } from './notifications.router.ts';
import { privacyRouter } from './privacy.router.ts';
import { publicRouter } from './public.router.ts';
import { createCallerFactory, router } from './trpc.ts';
import { widgetsRouter } from './widgets.router.ts';

export const appRouter = router({
  auth: authRouter,
  events: eventsRouter,
  directory: directoryRouter,
  dashboards: dashboardsRouter,
  widgets: widgetsRouter,
  metrics: metricsRouter,
  alerts: alertsRouter,
  notifications: notificationsRouter,
  live: liveRouter,
  admin: adminRouter,
  audit: auditRouter,
  privacy: privacyRouter,
  public: publicRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type { CallAdmission, CallType, PulseContext } from './context.ts';
export type { LiveItem, PulseServices } from './services.ts';
export { resolveOrganization } from './tenant.ts';
