import { afterAll, describe, expect, it } from 'vitest';
import { createOrm } from '@pulse/db';
import { createTestDatabase, type TestDatabase } from '@pulse/db/testing';
import { createActivityStore } from '../src/activity-store/create-activity-store.ts';
import { startPulse } from '../src/app.ts';
import { loadSettings } from '../src/env.ts';
import { createLogger } from '../src/log.ts';
import { freePort } from '../testing/free-port.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe('ACTIVITY_STORE', () => {
  it('is Postgres unless set', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const settings = loadSettings({ NODE_ENV: 'test', DATABASE_URL: database.url });
    expect(settings.ACTIVITY_STORE).toBe('postgres');
    const orm = await createOrm(settings.DATABASE_URL);
    try {
      expect((await createActivityStore(settings, orm)).kind).toBe('postgres');
    } finally {
      await orm.close();
    }
  });

  it('mongo needs MONGO_URL, said at start', () => {
    expect(() => loadSettings({ NODE_ENV: 'test', ACTIVITY_STORE: 'mongo' })).toThrow('MONGO_URL: required with ACTIVITY_STORE=mongo');
    expect(() => loadSettings({ NODE_ENV: 'test', ACTIVITY_STORE: 'cassandra' })).toThrow(/ACTIVITY_STORE/);
  });

  // Runs on every machine: the real MongoDB driver, our entities and the index set-up, up to
  // the connection that no server answers here.
  it('mongo with a server that does not answer fails the start with the driver\'s reason', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const port = await freePort();
    const settings = loadSettings({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      ACTIVITY_STORE: 'mongo',
      MONGO_URL: `mongodb://127.0.0.1:${port}/pulse?serverSelectionTimeoutMS=300`,
      PULSE_DEMO: 'false',
      LOG_LEVEL: 'error',
    });
    await expect(startPulse(settings, createLogger('error'))).rejects.toMatchObject({ name: 'MongoServerSelectionError', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });
});
