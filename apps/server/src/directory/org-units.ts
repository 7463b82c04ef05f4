import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';

/** An organization's branches and departments: what an attribution may name. */
export type OrgUnits = {
  branches: ReadonlySet<string>;
  /** Department id → its branch (null: the department spans the organization). */
  departments: ReadonlyMap<string, string | null>;
};

/** A branch and department an event or person is attributed to (either may be unknown). */
export type Attribution = { branchId: string | null; departmentId: string | null };

const UNITS = `
SELECT 'b' AS kind, id, NULL::uuid AS branch_id FROM branches WHERE organization_id = $1
UNION ALL
SELECT 'd', id, branch_id FROM departments WHERE organization_id = $1`;

export async function loadOrgUnits(orm: MikroORM, organizationId: string): Promise<OrgUnits> {
  const rows = await runSql<{ kind: 'b' | 'd'; id: string; branch_id: string | null }>(orm.em.fork(), UNITS, [organizationId]);
  const branches = new Set<string>();
  const departments = new Map<string, string | null>();
  for (const row of rows) {
    if (row.kind === 'b') branches.add(row.id);
    else departments.set(row.id, row.branch_id);
  }
  return { branches, departments };
}

/** Branches and departments change rarely; an id not seen yet re-reads them at most this often. */
const REFRESH_UNKNOWN_MS = 5_000;
/** A removed branch or department stops attributing within this time. */
const MAX_AGE_MS = 60_000;

/**
 * Per-process cache of every organization's units, so attributing a batch costs no query for
 * them: kept a minute, and re-read sooner (at most every 5 s) when a batch names an id the
 * cache does not know (a branch created a moment ago), so hostile ids cannot force a read per batch.
 */
export function createOrgUnitsCache(orm: MikroORM, now: () => number = Date.now) {
  const cached = new Map<string, { at: number; units: Promise<OrgUnits> }>();
  const read = (organizationId: string) => {
    const entry = { at: now(), units: loadOrgUnits(orm, organizationId) };
    entry.units.catch(() => cached.delete(organizationId));
    cached.set(organizationId, entry);
    return entry.units;
  };
  return async function unitsOf(organizationId: string, named: Iterable<string> = []): Promise<OrgUnits> {
    const entry = cached.get(organizationId);
    if (!entry || now() - entry.at > MAX_AGE_MS) return read(organizationId);
    const units = await entry.units;
    for (const id of named) {
      if (!units.branches.has(id) && !units.departments.has(id)) return now() - entry.at > REFRESH_UNKNOWN_MS ? read(organizationId) : units;
    }
    return units;
  };
}

export type OrgUnitsCache = ReturnType<typeof createOrgUnitsCache>;

/**
 * What a claim (branch, department) means in this organization, or null when it names nothing
 * valid: an id that is not one of the organization's branches / departments is dropped (never
 * trusted across tenants); a department brings its own branch, replacing a branch that
 * contradicts it (the department is the more precise fact).
 */
export function attributionOf(units: OrgUnits, claim: { branchId?: string | null; departmentId?: string | null }): Attribution | null {
  const departmentId = claim.departmentId && units.departments.has(claim.departmentId) ? claim.departmentId : null;
  if (departmentId) return { branchId: units.departments.get(departmentId) ?? null, departmentId };
  const branchId = claim.branchId && units.branches.has(claim.branchId) ? claim.branchId : null;
  return branchId ? { branchId, departmentId: null } : null;
}
