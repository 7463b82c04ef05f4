import { defineEntity, p } from '@mikro-orm/core';

// An organization's masking policy: what people below OWNER (and below platform ADMIN) see of
// the people in the data. No row means the safe default (see the contract's
// DEFAULT_MASKING_POLICY). Plain ids, like the audit log: a policy never blocks deleting a user.
export const MaskingPolicySchema = defineEntity({
  name: 'MaskingPolicy',
  tableName: 'masking_policies',
  properties: {
    organizationId: p.uuid().primary(),
    pseudonymizeUserIds: p.boolean(),
    hideNetworkDetails: p.boolean(),
    personalProperties: p.json<string[]>(),
    updatedByUserId: p.uuid().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export class MaskingPolicy extends MaskingPolicySchema.class {}
MaskingPolicySchema.setClass(MaskingPolicy);
