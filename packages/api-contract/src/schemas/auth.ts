import { z } from 'zod';

export const ORG_ROLES = ['OWNER', 'LEADER', 'MANAGER'] as const;
export const PLATFORM_ROLES = ['ADMIN', 'SUPERADMIN'] as const;
export const OrgRole = z.enum(ORG_ROLES);
export const PlatformRole = z.enum(PLATFORM_ROLES);
export type OrgRole = z.output<typeof OrgRole>;
export type PlatformRole = z.output<typeof PlatformRole>;

export const LoginInput = z.object({
  email: z.email().max(320).transform((email) => email.toLowerCase()),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.output<typeof LoginInput>;

export const RefreshInput = z.object({ refreshToken: z.string().min(1).max(4096) });
export type RefreshInput = z.output<typeof RefreshInput>;

/**
 * Sign-out ends the session on the server. The refresh token names the session even when the
 * access token has expired; without either there is nothing to end and the answer says so.
 */
export const LogoutInput = z.object({ refreshToken: z.string().min(1).max(4096).optional() }).default({});
export type LogoutInput = z.output<typeof LogoutInput>;
export const LogoutResult = z.object({ signedOut: z.boolean() });
export type LogoutResult = z.output<typeof LogoutResult>;

/** Where a call comes from, as far as the server can tell (for sign-in limits and the audit log). */
export type CallerOrigin = { address: string | null };

export const OrganizationSummary = z.object({ id: z.uuid(), name: z.string(), slug: z.string() });
export type OrganizationSummary = z.output<typeof OrganizationSummary>;

export const Me = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  orgRole: OrgRole.nullable(),
  platformRole: PlatformRole.nullable(),
  organization: OrganizationSummary.nullable(),
  branchId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(),
  /** Organizations whose dashboards this user may open: their own, or all for SUPERADMIN. */
  viewableOrganizations: z.array(OrganizationSummary),
});
export type Me = z.output<typeof Me>;

export const Session = z.object({
  accessToken: z.string(),
  /** When the access token stops working; refresh before then. */
  accessTokenExpiresAt: z.iso.datetime(),
  /** Single use: every refresh answers a new one, and reusing an old one ends the session. */
  refreshToken: z.string(),
  user: Me,
});
export type Session = z.output<typeof Session>;

/**
 * What the browser's session endpoints (`/api/session/*`) answer: the session without its
 * refresh token, which travels only in an httpOnly cookie that script in the page cannot read.
 */
export const BrowserSession = Session.omit({ refreshToken: true });
export type BrowserSession = z.output<typeof BrowserSession>;

/** Who is calling, as established by the server from a token or an ingest key. */
export type UserActor = {
  kind: 'user';
  userId: string;
  organizationId: string | null;
  orgRole: OrgRole | null;
  platformRole: PlatformRole | null;
  branchId: string | null;
  departmentId: string | null;
  /** The server-side session the access token belongs to (absent for actors built in-process). */
  sessionId?: string;
};
export type IngestKeyActor = { kind: 'ingestKey'; keyId: string; organizationId: string };
export type Actor = UserActor | IngestKeyActor;
