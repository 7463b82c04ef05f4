import { ForbiddenError } from '../errors/domain-errors.ts';
import { TenantInput } from '../schemas/scope.ts';
import { resolveOrganization } from './tenant.ts';
import { adminProcedure, senderProcedure, userProcedure } from './trpc.ts';

/** A signed-in user's call on one organization's data; `ctx.organizationId` is checked. */
export const tenantProcedure = userProcedure.input(TenantInput).use(function scopeToTenant({ ctx, input, next }) {
  return next({ ctx: { organizationId: resolveOrganization(ctx.actor, input.organizationId) } });
});

/** A sender's call (ingest key or user) on one organization. */
export const tenantSenderProcedure = senderProcedure.input(TenantInput).use(function scopeSenderToTenant({ ctx, input, next }) {
  return next({ ctx: { organizationId: resolveOrganization(ctx.actor, input.organizationId) } });
});

/** An administrator's call on one organization: ADMIN on their own, SUPERADMIN on any. */
export const adminTenantProcedure = adminProcedure.input(TenantInput).use(function scopeAdminToTenant({ ctx, input, next }) {
  return next({ ctx: { organizationId: resolveOrganization(ctx.actor, input.organizationId) } });
});

/**
 * What only an organization's OWNER or platform ADMIN may do on their own organization (the
 * audit log, the masking policy); a SUPERADMIN on any one, or on every organization when naming
 * none (`ctx.organizationId` null: a procedure that needs one refuses that).
 */
export const ownerOrAdminProcedure = userProcedure.input(TenantInput).use(function scopeToOwnerOrAdmin({ ctx, input, next }) {
  if (ctx.actor.platformRole === 'SUPERADMIN') return next({ ctx: { organizationId: input.organizationId ?? null } });
  if (ctx.actor.orgRole !== 'OWNER' && ctx.actor.platformRole !== 'ADMIN') {
    throw new ForbiddenError('Only the organization’s owner and its administrators may do this.');
  }
  return next({ ctx: { organizationId: resolveOrganization(ctx.actor, input.organizationId) as string | null } });
});

/**
 * Who may describe the organization's people (directory.upsert): its services (an ingest key,
 * like events.ingest) and, signed in, its OWNER or platform ADMIN; a SUPERADMIN on any one.
 */
export const directoryWriterProcedure = senderProcedure.input(TenantInput).use(function scopeDirectoryWriter({ ctx, input, next }) {
  const actor = ctx.actor;
  if (actor.kind === 'user' && actor.platformRole !== 'SUPERADMIN' && actor.platformRole !== 'ADMIN' && actor.orgRole !== 'OWNER') {
    throw new ForbiddenError('Only the organization’s services, owner and administrators may change its directory.');
  }
  return next({ ctx: { organizationId: resolveOrganization(actor, input.organizationId) } });
});
