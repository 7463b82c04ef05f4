import { randomBytes } from 'node:crypto';
import type { PulseServices } from '@pulse/api-contract/router';
import type { Actor } from '@pulse/api-contract/schemas';
import { createCaller } from '@pulse/api-contract/router';
import { Organization, runSql } from '@pulse/db';
import { createTestDatabase } from '@pulse/db/testing';
import { Redis } from 'ioredis';
import { createContextInner, createLogger, createTokenIssuer, loadSettings, startPulse, type RunningPulse, type Settings } from './pulse-internals.ts';
import { deleteKeysWithPrefix } from './redis-prefix.ts';

export type TestPulse = {
  pulse: RunningPulse;
  services: PulseServices;
  settings: Settings;
  url: string;
  organizations: { acme: string; globex: string };
  /** A tRPC caller acting as the demo user with this email (no HTTP in between). */
  callerFor(email: string): Promise<ReturnType<typeof createCaller>>;
  callerAs(actor: Actor | null): ReturnType<typeof createCaller>;
  /** Rows of activity_events of one organization. */
  storedCount(organizationId: string): Promise<number>;
  redis: Redis;
  /** Stops this Pulse and starts a new one on the same database and Redis prefix (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
};

/**
 * A whole Pulse (api + worker) in this process on a free port, with its own database copy
 * (of the Vitest run's template, see @pulse/db/testing) and its own Redis key prefix, so test
 * files run in parallel without seeing each other's state.
 */
export async function startTestPulse(overrides: Record<string, string> = {}): Promise<TestPulse> {
  const database = await createTestDatabase();
  const settings = loadSettings({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_PREFIX: `test_${randomBytes(5).toString('hex')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    PULSE_DEMO: 'false',
    INGEST_GROUP_COMMIT_MS: '2',
    LOG_LEVEL: 'error',
    ...overrides,
  });
  let pulse = await startPulse(settings, createLogger(settings.LOG_LEVEL));
  if (!pulse.services) throw new Error('the test Pulse has no api role');
  let services = pulse.services;
  const redis = new Redis(settings.REDIS_URL);
  const em = pulse.orm.em.fork();
  const acme = await em.findOneOrFail(Organization, { slug: 'acme' });
  const globex = await em.findOneOrFail(Organization, { slug: 'globex' });
  const tokens = createTokenIssuer(settings.TOKEN_SECRET);
  const callerAs = (actor: Actor | null) => createCaller(createContextInner(services, actor));
  const testPulse: TestPulse = {
    pulse,
    services,
    settings,
    url: `http://127.0.0.1:${pulse.port}`,
    organizations: { acme: acme.id, globex: globex.id },
    callerAs,
    async callerFor(email) {
      const session = await services.auth.login({ email, password: 'pulse-demo' });
      return callerAs(await tokens.verifyAccess(session.accessToken));
    },
    async storedCount(organizationId) {
      const [row] = await runSql<{ n: string }>(pulse.orm.em.fork(), 'SELECT count(*) AS n FROM activity_events WHERE organization_id = $1', [organizationId]);
      return Number(row?.n ?? 0);
    },
    redis,
    async restart() {
      await pulse.stop();
      pulse = await startPulse(settings, createLogger(settings.LOG_LEVEL));
      if (!pulse.services) throw new Error('the test Pulse has no api role');
      services = pulse.services;
      Object.assign(testPulse, { pulse, services, url: `http://127.0.0.1:${pulse.port}` });
    },
    async close() {
      await deleteKeysWithPrefix(redis, settings.REDIS_PREFIX);
      redis.disconnect();
      await pulse.stop();
      await database.drop();
    },
  };
  return testPulse;
}
