import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import { InvalidInputError } from '@pulse/api-contract/errors';
import type { DirectoryEntryInput, DirectoryListInput, DirectoryPage, DirectoryUpsertResult } from '@pulse/api-contract/schemas';
import { type Attribution, attributionOf, loadOrgUnits, type OrgUnits } from './org-units.ts';

// One statement for all entries (json, like the ingest insert); a userId twice: the last one wins.
const UPSERT = `
INSERT INTO person_directory (organization_id, user_id, branch_id, department_id, updated_at)
SELECT DISTINCT ON (e."userId") $1::uuid, e."userId", e."branchId", e."departmentId", now()
FROM ROWS FROM (json_to_recordset($2::json) AS ("userId" text, "branchId" uuid, "departmentId" uuid)) WITH ORDINALITY AS e("userId", "branchId", "departmentId", n)
ORDER BY e."userId", e.n DESC
ON CONFLICT (organization_id, user_id) DO UPDATE SET branch_id = excluded.branch_id, department_id = excluded.department_id, updated_at = excluded.updated_at`;

const LIST = `
SELECT user_id, branch_id, department_id, updated_at FROM person_directory
WHERE organization_id = $1::uuid AND ($2::text IS NULL OR user_id > $2::text)
ORDER BY user_id LIMIT $3`;

export type DirectoryEntry = { userId: string } & Attribution;
/**
 * What a sender said of a person, not yet checked (Segment identify / group). `onlyIfKnown`: a
 * claim naming no unit of the organization changes nothing (instead of storing null).
 */
export type DirectoryClaim = { userId: string; branchId: string | null; departmentId: string | null; onlyIfKnown: boolean };
type Issue = { code: 'custom'; path: (string | number)[]; message: string };

/** The issues of one entry: ids this organization does not have, a branch its department contradicts. */
function issuesOf(units: OrgUnits, entry: DirectoryEntryInput, index: number): Issue[] {
  const issues: Issue[] = [];
  const at = (field: string, message: string) => issues.push({ code: 'custom', path: ['entries', index, field], message });
  if (entry.departmentId && !units.departments.has(entry.departmentId)) at('departmentId', 'not a department of this organization');
  else if (entry.branchId && !units.branches.has(entry.branchId)) at('branchId', 'not a branch of this organization');
  else if (entry.departmentId && entry.branchId && units.departments.get(entry.departmentId) !== entry.branchId) {
    at('branchId', 'the department belongs to another branch (or to none): omit branchId, the department implies it');
  }
  return issues;
}

/**
 * The organization's people directory (person_directory): written by `directory.upsert`
 * (strict: a wrong id is a BAD_REQUEST) and by Segment identify / group calls (lenient: a wrong
 * id is stored as null, as an event's would be); read per batch by attribute-batch.ts.
 */
export function createDirectoryService(orm: MikroORM) {
  async function write(organizationId: string, entries: DirectoryEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    await runSql(orm.em.fork(), UPSERT, [organizationId, JSON.stringify(entries)]);
    return new Set(entries.map((entry) => entry.userId)).size;
  }

  return {
    async upsert(organizationId: string, entries: DirectoryEntryInput[]): Promise<DirectoryUpsertResult> {
      const units = await loadOrgUnits(orm, organizationId);
      const issues = entries.flatMap((entry, index) => issuesOf(units, entry, index));
      if (issues.length > 0) throw new InvalidInputError('Some directory entries name a branch or department this organization does not have.', issues);
      const resolved = entries.map((entry) => ({ userId: entry.userId, ...(attributionOf(units, entry) ?? { branchId: null, departmentId: null }) }));
      return { upserted: await write(organizationId, resolved) };
    },

    /** Claims as Segment makes them: an id not of this organization is stored as null, never refused. Answers the people written. */
    async applyClaims(organizationId: string, claims: DirectoryClaim[]): Promise<number> {
      if (claims.length === 0) return 0;
      const units = await loadOrgUnits(orm, organizationId);
      const entries = claims.flatMap((claim) => {
        const attribution = attributionOf(units, claim);
        if (!attribution && claim.onlyIfKnown) return [];
        return [{ userId: claim.userId, ...(attribution ?? { branchId: null, departmentId: null }) }];
      });
      return write(organizationId, entries);
    },

    async list(organizationId: string, { limit, after }: DirectoryListInput): Promise<DirectoryPage> {
      const rows = await runSql<{ user_id: string; branch_id: string | null; department_id: string | null; updated_at: Date }>(orm.em.fork(), LIST, [organizationId, after ?? null, limit + 1]);
      const page = rows.slice(0, limit).map((row) => ({ userId: row.user_id, branchId: row.branch_id, departmentId: row.department_id, updatedAt: new Date(row.updated_at).toISOString() }));
      return { entries: page, next: rows.length > limit ? (page.at(-1)?.userId ?? null) : null };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
