import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runPulseSetup } from '@pulse/server/testing/pulse-processes.ts';

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onMaintenanceDb<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export type ScenarioDatabase = { name: string; url: string; acmeId: string; drop(): Promise<void> };

/**
 * One migrated, demo-seeded template per bench run (made by the server's own setup script),
 * copied into a fresh database per scenario, so every scenario starts from the same empty
 * activity table. Everything made here is dropped by `dropAll()`.
 */
export async function prepareBenchDatabases(serverUrl: string) {
  const run = randomBytes(4).toString('hex');
  const template = `pulse_bench_${run}_tpl`;
  const made = new Set<string>();
  const drop = (name: string) =>
    onMaintenanceDb(serverUrl, async (client) => {
      await client.query(`drop database if exists "${name}" with (force)`);
      made.delete(name);
    });

  made.add(template);
  await runPulseSetup({ DATABASE_URL: withDatabaseName(serverUrl, template), PULSE_DEMO: 'true', NODE_ENV: 'development', TOKEN_SECRET: randomBytes(32).toString('hex') });

  return {
    async create(label: string): Promise<ScenarioDatabase> {
      const name = `pulse_bench_${run}_${label.replaceAll(/[^a-z0-9]/g, '_')}`;
      await onMaintenanceDb(serverUrl, (client) => client.query(`create database "${name}" template "${template}"`));
      made.add(name);
      const url = withDatabaseName(serverUrl, name);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ id: string }>(`select id from organizations where slug = 'acme'`).finally(() => client.end());
      const acmeId = rows[0]?.id;
      if (!acmeId) throw new Error('the demo organization acme is missing from the template');
      return { name, url, acmeId, drop: () => drop(name) };
    },
    async dropAll(): Promise<void> {
      for (const name of made) await drop(name);
    },
  };
}

export type BenchDatabases = Awaited<ReturnType<typeof prepareBenchDatabases>>;

/** Rows of one organization in activity_events (checked after each run, outside the timing). */
export async function storedCount(url: string, organizationId: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from activity_events where organization_id = $1', [organizationId]);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
