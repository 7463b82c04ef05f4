import { z } from 'zod';
import type { UserActor } from './auth.ts';
import { LayoutConfig, ThemeSettings } from './dashboard-configs.ts';
import { TenantInput } from './scope.ts';
import { DashboardOverrides } from './widget-data.ts';
import { Widget } from './widgets.ts';

/**
 * Public read-only links to a dashboard. The token is the only credential: whoever holds it sees
 * the dashboard with the scope its sharer had (never more), without personal data. docs/security.md
 * ("Public links") says what a link shows and when it stops.
 */
export const SHARE_LIMITS = {
  /** Random bytes of a token (256 bits), sent as base64url (43 characters). */
  tokenBytes: 32,
  /** Links one dashboard may have that still work (neither revoked nor expired). */
  maxActiveSharesPerDashboard: 20,
  /** How far ahead a link may expire; one without an expiry works until revoked. */
  maxExpiryDays: 366,
  /** Public calls (dashboard, widgets, live) per link and per client address. */
  callsPerTokenPerMinute: 600,
  callsPerAddressPerMinute: 240,
} as const;

/** Where the SPA shows a link: the token follows, and the page calls the `public` procedures with it. */
export const PUBLIC_DASHBOARD_PATH = '/public/dashboards/';

/** The token as it travels; anything else is refused before any lookup. */
export const ShareToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a share token is 43 base64url characters');

export const CreateShareInput = TenantInput.extend({
  dashboardId: z.uuid(),
  /** When the link stops working; omitted, it works until revoked. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((at) => Date.parse(at) > Date.now(), 'the expiry is in the future')
    .refine((at) => Date.parse(at) <= Date.now() + SHARE_LIMITS.maxExpiryDays * 86_400_000, `a link expires within ${SHARE_LIMITS.maxExpiryDays} days`)
    .optional(),
}).strict();
export type CreateShareInput = z.output<typeof CreateShareInput>;

export const ShareListInput = TenantInput.extend({ dashboardId: z.uuid() }).strict();
export type ShareListInput = z.output<typeof ShareListInput>;

export const RevokeShareInput = TenantInput.extend({ shareId: z.uuid() }).strict();
export type RevokeShareInput = z.output<typeof RevokeShareInput>;

/** A link as its dashboard's editors see it (never its token: only a hash is kept). */
export const ShareView = z.object({
  id: z.uuid(),
  dashboardId: z.uuid(),
  sharedBy: z.object({ userId: z.uuid(), name: z.string() }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  /** Neither revoked nor expired. */
  active: z.boolean(),
});
export type ShareView = z.output<typeof ShareView>;

/** The new link: the token is shown this once. */
export const ShareCreated = ShareView.extend({ token: ShareToken, path: z.string() });
export type ShareCreated = z.output<typeof ShareCreated>;

export const ShareList = z.object({ items: z.array(ShareView) });
export type ShareList = z.output<typeof ShareList>;

// --- the public side (no sign-in) ---

export const PublicShareInput = z.strictObject({ token: ShareToken });
export type PublicShareInput = z.output<typeof PublicShareInput>;

/** The dashboard as a link shows it: its document, no ids of people or of the organization. */
export const PublicDashboard = z.object({
  name: z.string(),
  layoutConfig: LayoutConfig,
  widgetPreferences: z.array(Widget),
  themeSettings: ThemeSettings,
  version: z.int(),
  updatedAt: z.iso.datetime(),
  /** When the link stops working; null until revoked. */
  expiresAt: z.iso.datetime().nullable(),
});
export type PublicDashboard = z.output<typeof PublicDashboard>;

/** The time picker's choice and the drill-down filters apply to a link as to widgets.data. */
export const PublicWidgetsInput = PublicShareInput.extend(DashboardOverrides.shape);
export type PublicWidgetsInput = z.output<typeof PublicWidgetsInput>;

/** `lastEventId` is filled in by tRPC on reconnect, as for live.dashboard. */
export const LivePublicDashboardInput = PublicShareInput.extend({ lastEventId: z.string().max(64).nullish(), ...DashboardOverrides.shape });
export type LivePublicDashboardInput = z.output<typeof LivePublicDashboardInput>;

/**
 * Who reads through a link, as the server resolved it from the token: the link, its dashboard
 * and organization, and a read-only actor holding the sharer's scope (never more than at share
 * time), which the widget engine reads with as it does for a signed-in viewer.
 */
export type ShareActor = { kind: 'share'; shareId: string; organizationId: string; dashboardId: string; scope: UserActor };
