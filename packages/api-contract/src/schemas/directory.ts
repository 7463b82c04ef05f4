import { z } from 'zod';
import { INGEST_LIMITS } from './limits.ts';
import { TenantInput } from './scope.ts';

/** Entries per directory.upsert call: one statement, like one ingest job. */
export const MAX_DIRECTORY_ENTRIES = 1000;

/**
 * One person of the organization as its services know them: the `userId` their events carry
 * (any string, not a Pulse login) and where they belong. A department implies its branch (a
 * branch that contradicts it is refused); null or absent clears that part of the entry.
 */
export const DirectoryEntryInput = z.object({
  userId: z.string().min(1).max(INGEST_LIMITS.maxIdLength, `at most ${INGEST_LIMITS.maxIdLength} characters`),
  branchId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
});
export type DirectoryEntryInput = z.output<typeof DirectoryEntryInput>;

export const DirectoryUpsertInput = TenantInput.extend({
  entries: z
    .array(DirectoryEntryInput)
    .min(1, 'send at least one entry')
    .max(MAX_DIRECTORY_ENTRIES, `at most ${MAX_DIRECTORY_ENTRIES} entries per call: split them`),
});
export type DirectoryUpsertInput = z.output<typeof DirectoryUpsertInput>;

export const DirectoryUpsertResult = z.object({ upserted: z.int() });
export type DirectoryUpsertResult = z.output<typeof DirectoryUpsertResult>;

export const DirectoryEntryView = z.object({
  userId: z.string(),
  branchId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type DirectoryEntryView = z.output<typeof DirectoryEntryView>;

/** A page of entries in userId order; pass the last userId as `after` for the next one. */
export const DirectoryListInput = TenantInput.extend({
  limit: z.int().min(1).max(500).default(100),
  after: z.string().max(INGEST_LIMITS.maxIdLength).optional(),
});
export type DirectoryListInput = z.output<typeof DirectoryListInput>;

export const DirectoryPage = z.object({ entries: z.array(DirectoryEntryView), next: z.string().nullable() });
export type DirectoryPage = z.output<typeof DirectoryPage>;
