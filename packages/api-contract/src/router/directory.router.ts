import { DirectoryListInput, DirectoryPage, DirectoryUpsertInput, DirectoryUpsertResult } from '../schemas/directory.ts';
import { directoryWriterProcedure, ownerOrAdminProcedure } from './tenant-procedures.ts';
import { InvalidInputError } from '../errors/domain-errors.ts';
import { router } from './trpc.ts';

export const directoryRouter = router({
  /**
   * Where the organization's people belong (branch, department), so that their events are
   * attributed when they name neither themselves. Ids must be this organization's (else a
   * BAD_REQUEST naming the entry); applies to events stored after the call.
   */
  upsert: directoryWriterProcedure
    .input(DirectoryUpsertInput)
    .output(DirectoryUpsertResult)
    .mutation(({ ctx, input }) => ctx.services.directory.upsert(ctx.organizationId, input.entries)),
  /** The directory, page by page in userId order: the organization's OWNER and ADMIN, a SUPERADMIN naming it. */
  list: ownerOrAdminProcedure
    .input(DirectoryListInput)
    .output(DirectoryPage)
    .query(({ ctx, input }) => {
      if (!ctx.organizationId) throw new InvalidInputError('Name the organization: organizationId is required for a platform admin.');
      return ctx.services.directory.list(ctx.organizationId, input);
    }),
});
