import { z } from 'zod';
import { TenantInput } from './scope.ts';

const PropertyName = z.string().min(1).max(100);

/**
 * What people below OWNER (LEADER, MANAGER) see of the people in an organization's data.
 * OWNER, platform ADMIN and SUPERADMIN always see the data as stored. Aggregated numbers are
 * never affected: masking applies to who, not to how many.
 */
export const MaskingPolicyFields = z.object({
  /** User and session ids become stable pseudonyms (`user-…`, the same in every answer). */
  pseudonymizeUserIds: z.boolean(),
  /** IP addresses and user agents are never sent (properties named like `ipAddress`, `userAgent`). */
  hideNetworkDetails: z.boolean(),
  /** Properties (at any depth, names compared case-insensitively) that are never sent. */
  personalProperties: z.array(PropertyName).max(100),
});
export type MaskingPolicyFields = z.output<typeof MaskingPolicyFields>;

export const MaskingPolicy = MaskingPolicyFields.extend({
  organizationId: z.uuid(),
  /** True while the organization has never changed the safe default. */
  isDefault: z.boolean(),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
  updatedByUserId: z.uuid().nullable(),
});
export type MaskingPolicy = z.output<typeof MaskingPolicy>;

/** The safe default every organization starts with. */
export const DEFAULT_MASKING_POLICY: MaskingPolicyFields = {
  pseudonymizeUserIds: true,
  hideNetworkDetails: true,
  personalProperties: ['email', 'name', 'firstName', 'lastName', 'fullName', 'phone', 'address', 'birthDate'],
};

export const MaskingPolicyInput = TenantInput;
export const UpdateMaskingPolicyInput = TenantInput.extend(MaskingPolicyFields.shape);
export type UpdateMaskingPolicyInput = z.output<typeof UpdateMaskingPolicyInput>;
