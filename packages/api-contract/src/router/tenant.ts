import { ForbiddenError, InvalidInputError } from '../errors/domain-errors.ts';
import type { Actor } from '../schemas/auth.ts';

/**
 * The one place that decides which organization a call may touch. A SUPERADMIN may name any
 * organization; everyone else is held to their own, and naming another is FORBIDDEN
 * (not NOT_FOUND: the caller knows the id exists, hiding it buys nothing).
 */
export function resolveOrganization(actor: Actor, requested: string | undefined): string {
  if (actor.kind === 'user' && actor.platformRole === 'SUPERADMIN') {
    const organizationId = requested ?? actor.organizationId;
    if (!organizationId) {
      throw new InvalidInputError('Name the organization: organizationId is required for a platform admin.');
    }
    return organizationId;
  }
  if (!actor.organizationId) {
    throw new ForbiddenError('This account belongs to no organization.');
  }
  if (requested !== undefined && requested !== actor.organizationId) {
    throw new ForbiddenError('That organization is outside your scope.');
  }
  return actor.organizationId;
}
