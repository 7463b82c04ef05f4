import { z } from 'zod';

/**
 * Every tenant-scoped procedure takes an optional organization. Omitted, it is the caller's
 * own; only a SUPERADMIN may name another one.
 */
export const TenantInput = z.object({ organizationId: z.uuid().optional() });
export type TenantInput = z.output<typeof TenantInput>;
