import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Organization } from '@pulse/db';
import { ACTIVITY_LOG_COLLECTIONS, createMongoOrm, DEFAULT_ACTIVITY_LOG_RETENTION_DAYS, type MongoOrm } from '@pulse/db/mongo';
import { useTestOrm } from '@pulse/db/testing';
import { createMongoActivityStore } from '../src/activity-store/mongo-activity-store.ts';
import { createPostgresActivityStore } from '../src/activity-store/postgres-activity-store.ts';
import { describeActivityStoreContract, type StoreUnderTest } from './activity-store.contract.ts';

const postgres = useTestOrm();

describeActivityStoreContract('Postgres activity store', async () => ({
  store: createPostgresActivityStore(postgres.orm),
  async newOrganization() {
    const em = postgres.orm.em.fork();
    const slug = `store-${randomBytes(5).toString('hex')}`;
    const organization = em.create(Organization, { name: slug, slug, subscriptionTier: 'free', subscriptionStatus: 'active' });
    await em.flush();
    return organization.id;
  },
  // the ORM is the test file's (useTestOrm closes it)
  dispose: async () => {},
}));

// There is no MongoDB server on the development machines: these run where MONGO_URL is set.
const MONGO_URL = process.env.MONGO_URL;
const MONGO_SKIP_REASON = MONGO_URL ? undefined : 'MONGO_URL is not set, no MongoDB server on this machine';

/** The server of MONGO_URL with a database of its own (random name), e.g. mongodb://host:27017/pulse_test_ab12. */
function privateMongoUrl(url: string): string {
  const name = `pulse_test_${randomBytes(6).toString('hex')}`;
  return url.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?/, `$1/${name}`);
}

async function dropMongoDatabase(orm: MongoOrm): Promise<void> {
  await orm.em.getConnection().getDb().dropDatabase();
  await orm.close();
}

describeActivityStoreContract(
  'MongoDB activity store',
  async (): Promise<StoreUnderTest> => {
    const orm = await createMongoOrm(privateMongoUrl(MONGO_URL ?? ''));
    // the store's close() would close the ORM; dropping needs it open, so dispose drops and closes
    return { store: createMongoActivityStore(orm), newOrganization: async () => randomUUID(), dispose: () => dropMongoDatabase(orm) };
  },
  MONGO_SKIP_REASON ? { skipReason: MONGO_SKIP_REASON } : {},
);

describe.skipIf(!MONGO_URL)(`MongoDB activity collections${MONGO_SKIP_REASON ? ` (skipped: ${MONGO_SKIP_REASON})` : ''}`, () => {
  const opened: MongoOrm[] = [];
  afterAll(async () => {
    const [first, ...rest] = opened;
    for (const orm of rest) await orm.close();
    if (first) await dropMongoDatabase(first);
  });

  async function ttlDaysOf(orm: MongoOrm): Promise<Record<string, number | undefined>> {
    const days = await Promise.all(
      ACTIVITY_LOG_COLLECTIONS.map(async (collection) => {
        const indexes = await orm.em.getConnection().getCollection(collection).listIndexes().toArray();
        const ttl = indexes.find((index) => index.key?.createdAt === 1);
        return [collection, typeof ttl?.expireAfterSeconds === 'number' ? ttl.expireAfterSeconds / 86_400 : undefined] as const;
      }),
    );
    return Object.fromEntries(days);
  }

  it("have the schema document's indexes, a unique event key and a TTL that follows the settings", async () => {
    const url = privateMongoUrl(MONGO_URL ?? '');
    const orm = await createMongoOrm(url);
    opened.push(orm);
    expect(await ttlDaysOf(orm)).toEqual(DEFAULT_ACTIVITY_LOG_RETENTION_DAYS);
    const keys = (await orm.em.getConnection().getCollection('user_activity_logs').listIndexes().toArray()).map((index) => ({ key: index.key, unique: index.unique === true }));
    expect(keys).toEqual(
      expect.arrayContaining([
        { key: { organizationId: 1, timestamp: 1, eventId: 1 }, unique: true },
        { key: { organizationId: 1, eventId: 1 }, unique: true },
        { key: { userId: 1, timestamp: 1 }, unique: false },
        { key: { eventType: 1, timestamp: 1 }, unique: false },
        { key: { sessionId: 1 }, unique: false },
        { key: { organizationId: 1, branchId: 1, timestamp: 1 }, unique: false },
        { key: { organizationId: 1, departmentId: 1, timestamp: 1 }, unique: false },
      ]),
    );

    // a changed retention replaces the existing TTL index
    const reopened = await createMongoOrm(url, { report_access_logs: 7 });
    opened.push(reopened);
    expect(await ttlDaysOf(reopened)).toEqual({ ...DEFAULT_ACTIVITY_LOG_RETENTION_DAYS, report_access_logs: 7 });
  });
});
