import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';

/** A demo organization's units, by what the demo traffic needs of them. */
export type DemoUnits = { branches: { id: string; name: string }[]; departments: { id: string; name: string; branchId: string | null }[] };

const UNITS = `
SELECT 'b' AS kind, b.id, b.name, NULL::uuid AS branch_id FROM branches b JOIN organizations o ON o.id = b.organization_id WHERE o.slug = $1
UNION ALL
SELECT 'd', d.id, d.name, d.branch_id FROM departments d JOIN organizations o ON o.id = d.organization_id WHERE o.slug = $1
ORDER BY 1, 3`;

export async function loadDemoUnits(orm: MikroORM, slug: string): Promise<DemoUnits> {
  const rows = await runSql<{ kind: 'b' | 'd'; id: string; name: string; branch_id: string | null }>(orm.em.fork(), UNITS, [slug]);
  return {
    branches: rows.filter((row) => row.kind === 'b').map(({ id, name }) => ({ id, name })),
    departments: rows.filter((row) => row.kind === 'd').map(({ id, name, branch_id }) => ({ id, name, branchId: branch_id })),
  };
}

/**
 * Where demo user `user` (1-based) belongs, and how Pulse learns it, so that every path of
 * attribution carries traffic and the owner, leader and manager of Acme see different numbers:
 * - one user in ten belongs nowhere known (only the organization scope sees them);
 * - one in ten works at a branch without departments and says so in each event (`branchId`);
 * - the others are spread over the departments, known from the directory (Segment identify).
 */
export function placementOf(units: DemoUnits, user: number): { via: 'event'; branchId: string } | { via: 'directory'; departmentId: string } | null {
  if (user % 10 === 0) return null;
  const outlying = units.branches.find((branch) => !units.departments.some((department) => department.branchId === branch.id));
  if (user % 10 === 5 && outlying) return { via: 'event', branchId: outlying.id };
  const department = units.departments[user % Math.max(1, units.departments.length)];
  return department ? { via: 'directory', departmentId: department.id } : null;
}

/** The Segment identify calls that put the directory-placed demo users in their departments. */
export function identifyBatch(slug: string, units: DemoUnits, userCount: number): { batch: Record<string, unknown>[] } {
  const batch: Record<string, unknown>[] = [];
  for (let user = 1; user <= userCount; user++) {
    const placement = placementOf(units, user);
    if (placement?.via === 'directory') batch.push({ type: 'identify', userId: `${slug}-user-${user}`, traits: { departmentId: placement.departmentId } });
  }
  return { batch };
}
