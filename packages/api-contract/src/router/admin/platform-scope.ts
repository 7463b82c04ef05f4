import type { UserActor } from '../../schemas/auth.ts';
import { resolveOrganization } from '../tenant.ts';

/**
 * Which organizations a platform procedure (rollups, queues) may show or act on: a SUPERADMIN
 * every organization (null) unless they name one; an ADMIN only their own, and naming another
 * is FORBIDDEN. Every platform-wide procedure passes its scope to the service, which filters by
 * it, so an ADMIN of one organization never sees or starts another's work.
 */
export function platformScope(actor: UserActor, organizationId: string | undefined): string | null {
  if (actor.platformRole === 'SUPERADMIN' && organizationId === undefined) return null;
  return resolveOrganization(actor, organizationId);
}
