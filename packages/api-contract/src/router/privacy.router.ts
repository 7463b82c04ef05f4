import { MaskingPolicy, MaskingPolicyInput, UpdateMaskingPolicyInput } from '../schemas/privacy.ts';
import { ownerOrAdminProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

/** The organization's masking policy: read and changed by its OWNER and platform ADMIN only. */
export const privacyRouter = router({
  policy: ownerOrAdminProcedure
    .input(MaskingPolicyInput)
    .output(MaskingPolicy)
    .query(({ ctx }) => ctx.services.privacy.policy(ctx.organizationId)),
  /** Replaces the policy; audited with what it was and what it became. */
  updatePolicy: ownerOrAdminProcedure
    .input(UpdateMaskingPolicyInput)
    .output(MaskingPolicy)
    .mutation(({ ctx, input }) => ctx.services.privacy.updatePolicy(ctx.actor, ctx.organizationId, input)),
});
