import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { hashIngestKey, hashPassword, ingestKeyPrefix } from './credentials.ts';
import { DEMO_INGEST_KEYS, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_USERS, type DemoOrganization } from './demo.ts';
import { Branch } from './entities/branch.entity.ts';
import { Department } from './entities/department.entity.ts';
import { IngestKey } from './entities/ingest-key.entity.ts';
import { Organization } from './entities/organization.entity.ts';
import { User } from './entities/user.entity.ts';
import { runSql } from './sql.ts';

export interface SeedDemoResult {
  /** rows inserted by this run; 0 when the demo data was already there */
  created: number;
}

interface SeededOrganization {
  organization: Organization;
  branches: Map<string, Branch>;
  departments: Map<string, Department>;
}

/**
 * Inserts the demo tenants, users and ingest keys that are missing, matched by natural key
 * (slug, name within the organization, email, key hash). Rows that exist are left exactly
 * as they are, so a second run changes nothing and demo passwords are not re-hashed.
 */
export async function seedDemo(orm: MikroORM): Promise<SeedDemoResult> {
  return orm.em.fork().transactional(async (em) => {
    // two `setup` runs at once would otherwise both see "missing" and insert twice
    await runSql(em, `select pg_advisory_xact_lock(hashtext('pulse:seed-demo'))`, []);
    let created = 0;
    const count = <T extends object>(entity: T): T => {
      created++;
      return entity;
    };

    const organizations = new Map<string, SeededOrganization>();
    for (const demo of DEMO_ORGANIZATIONS) {
      organizations.set(demo.slug, await seedOrganization(em, demo, count));
    }

    for (const demo of DEMO_USERS) {
      if (await em.findOne(User, { email: demo.email })) continue;
      const seeded = demo.organizationSlug ? organizations.get(demo.organizationSlug) : undefined;
      count(
        em.create(User, {
          email: demo.email,
          name: demo.name,
          passwordHash: await hashPassword(DEMO_PASSWORD),
          organization: seeded?.organization ?? null,
          orgRole: demo.orgRole,
          platformRole: demo.platformRole,
          branch: demo.branch ? seeded?.branches.get(demo.branch) ?? null : null,
          department: demo.department ? seeded?.departments.get(demo.department) ?? null : null,
        }),
      );
    }

    for (const demo of DEMO_INGEST_KEYS) {
      const keyHash = hashIngestKey(demo.key);
      if (await em.findOne(IngestKey, { keyHash })) continue;
      const organization = organizations.get(demo.organizationSlug)?.organization;
      if (!organization) throw new Error(`Demo ingest key for unknown organization ${demo.organizationSlug}`);
      count(em.create(IngestKey, { organization, name: demo.name, prefix: ingestKeyPrefix(demo.key), keyHash }));
    }

    await em.flush();
    return { created };
  });
}

async function seedOrganization(
  em: EntityManager,
  demo: DemoOrganization,
  count: <T extends object>(entity: T) => T,
): Promise<SeededOrganization> {
  const organization =
    (await em.findOne(Organization, { slug: demo.slug })) ??
    count(
      em.create(Organization, {
        slug: demo.slug,
        name: demo.name,
        subscriptionTier: demo.subscriptionTier,
        subscriptionStatus: demo.subscriptionStatus,
      }),
    );
  // flushed now so the lookups below can filter by it
  await em.flush();

  const branches = new Map<string, Branch>();
  for (const name of demo.branches) {
    const branch =
      (await em.findOne(Branch, { organization, name })) ?? count(em.create(Branch, { organization, name }));
    branches.set(name, branch);
  }
  const headquarters = branches.get(demo.branches[0]) ?? null;

  const departments = new Map<string, Department>();
  for (const name of demo.departments) {
    const department =
      (await em.findOne(Department, { organization, name })) ??
      count(em.create(Department, { organization, branch: headquarters, name }));
    departments.set(name, department);
  }
  await em.flush();
  return { organization, branches, departments };
}
