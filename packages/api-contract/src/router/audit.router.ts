import { AuditExport, AuditExportInput, AuditListInput, AuditPage } from '../schemas/audit.ts';
import { ownerOrAdminProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

/** The append-only audit log: read and exported, never changed (there is no procedure for that). */
export const auditRouter = router({
  list: ownerOrAdminProcedure
    .input(AuditListInput)
    .output(AuditPage)
    .query(({ ctx, input }) => ctx.services.audit.list(ctx.organizationId, input)),
  /** The filtered log as CSV (newest first); the export itself is audited. */
  export: ownerOrAdminProcedure
    .input(AuditExportInput)
    .output(AuditExport)
    .query(({ ctx, input }) => ctx.services.audit.export(ctx.actor, ctx.organizationId, input)),
});
