import { beforeAll, describe, expect, it } from 'vitest';
import { hashIngestKey, verifyPassword } from './credentials.ts';
import { DEMO_INGEST_KEYS, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_USERS } from './demo.ts';
import { seedDemo } from './seed-demo.ts';
import { runSql } from './sql.ts';
import { useTestOrm } from './testing.ts';

const DEMO_TABLES = ['organizations', 'branches', 'departments', 'users', 'ingest_keys'] as const;

const t = useTestOrm();

beforeAll(async () => {
  // the template is seeded already; start from empty demo tables so the first run is a real one
  await runSql(t.orm.em.fork(), `truncate ${DEMO_TABLES.join(', ')} cascade`, []);
});

async function dumpDemoTables(): Promise<Record<string, unknown[]>> {
  const em = t.orm.em.fork();
  const dump: Record<string, unknown[]> = {};
  for (const table of DEMO_TABLES) {
    dump[table] = await runSql(em, `select * from ${table} order by id`, []);
  }
  return dump;
}

describe('seedDemo', () => {
  it('inserts every demo row on an empty database', async () => {
    const { created } = await seedDemo(t.orm);
    const organizations = DEMO_ORGANIZATIONS.length;
    const branches = DEMO_ORGANIZATIONS.reduce((n, o) => n + o.branches.length, 0);
    const departments = DEMO_ORGANIZATIONS.reduce((n, o) => n + o.departments.length, 0);
    expect(created).toBe(organizations + branches + departments + DEMO_USERS.length + DEMO_INGEST_KEYS.length);
  });

  it('changes nothing on a second run', async () => {
    const before = await dumpDemoTables();
    expect((await seedDemo(t.orm)).created).toBe(0);
    expect(await dumpDemoTables()).toEqual(before);
  });

  it('holds exactly the demo rows', async () => {
    const em = t.orm.em.fork();
    const orgs = await runSql<{ slug: string; name: string; subscription_tier: string; subscription_status: string }>(
      em,
      'select slug, name, subscription_tier, subscription_status from organizations order by slug',
      [],
    );
    expect(orgs).toEqual([
      { slug: 'acme', name: 'Acme', subscription_tier: 'pro', subscription_status: 'active' },
      { slug: 'globex', name: 'Globex', subscription_tier: 'free', subscription_status: 'trialing' },
    ]);

    const branches = await runSql<{ slug: string; name: string }>(
      em,
      'select o.slug, b.name from branches b join organizations o on o.id = b.organization_id order by o.slug, b.name',
      [],
    );
    expect(branches).toEqual([
      { slug: 'acme', name: 'Berlin HQ' },
      { slug: 'acme', name: 'Lisbon' },
      { slug: 'globex', name: 'Austin' },
      { slug: 'globex', name: 'Toronto' },
    ]);

    const departments = await runSql<{ slug: string; name: string; branch: string | null }>(
      em,
      `select o.slug, d.name, b.name as branch from departments d
         join organizations o on o.id = d.organization_id
         left join branches b on b.id = d.branch_id
        order by o.slug, d.name`,
      [],
    );
    expect(departments).toHaveLength(6);
    expect(departments.filter((d) => d.slug === 'acme').map((d) => d.name)).toEqual(['Engineering', 'People', 'Sales']);
    // departments hang off the first (HQ) branch of their own organization
    expect(new Set(departments.map((d) => `${d.slug}:${d.branch}`))).toEqual(new Set(['acme:Berlin HQ', 'globex:Austin']));
  });

  it('creates the demo users with their roles and scope, all with the demo password', async () => {
    const users = await runSql<{
      email: string;
      org: string | null;
      org_role: string | null;
      platform_role: string | null;
      branch: string | null;
      department: string | null;
      password_hash: string;
    }>(
      t.orm.em.fork(),
      `select u.email, o.slug as org, u.org_role, u.platform_role, b.name as branch, d.name as department, u.password_hash
         from users u
         left join organizations o on o.id = u.organization_id
         left join branches b on b.id = u.branch_id
         left join departments d on d.id = u.department_id
        order by u.email`,
      [],
    );
    const expected = [...DEMO_USERS]
      .sort((a, b) => a.email.localeCompare(b.email))
      .map((u) => ({
        email: u.email,
        org: u.organizationSlug,
        org_role: u.orgRole,
        platform_role: u.platformRole,
        branch: u.branch,
        department: u.department,
      }));
    const scopes = users.map((u) => ({
      email: u.email,
      org: u.org,
      org_role: u.org_role,
      platform_role: u.platform_role,
      branch: u.branch,
      department: u.department,
    }));
    expect(scopes).toEqual(expected);
    expect(users.find((u) => u.email === 'admin@pulse.test')).toMatchObject({ org: null, platform_role: 'SUPERADMIN' });

    for (const user of users) {
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(user.password_hash, DEMO_PASSWORD)).toBe(true);
      expect(await verifyPassword(user.password_hash, 'not-the-demo-password')).toBe(false);
    }
  });

  it('stores ingest keys hashed, with their prefix, never in clear', async () => {
    const keys = await runSql<{ slug: string; prefix: string; key_hash: string }>(
      t.orm.em.fork(),
      'select o.slug, k.prefix, k.key_hash from ingest_keys k join organizations o on o.id = k.organization_id order by o.slug',
      [],
    );
    expect(keys).toEqual([
      { slug: 'acme', prefix: 'pk_demo_acme', key_hash: hashIngestKey('pk_demo_acme') },
      { slug: 'globex', prefix: 'pk_demo_glob', key_hash: hashIngestKey('pk_demo_globex') },
    ]);
  });
});
