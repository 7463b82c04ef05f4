import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import type { ActivitySnapshot, ActivityStore } from '../src/activity-store/activity-store.ts';

// The promises of ActivityStore, run against every implementation (activity-store.contract.test.ts).

export type StoreUnderTest = {
  store: ActivityStore;
  /** A tenant of its own, so tests never see each other's events. */
  newOrganization(): Promise<string>;
  dispose(): Promise<void>;
};

type Batch = Parameters<ActivityStore['persistBatch']>[0];
type StoredEvent = Batch['events'][number];

const MINUTE = 60_000;
// A whole minute, well inside the test database's activity partitions (a week back, two days ahead).
const BASE = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
const at = (minutes: number) => new Date(BASE + minutes * MINUTE).toISOString();
const epochMinute = (minutes: number) => BASE / MINUTE + minutes;
const LONG_AGO = new Date(BASE - 24 * 60 * MINUTE);

function event(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return { id: randomUUID(), type: 'PAGE_VIEW', userId: 'u-1', sessionId: 's-1', occurredAt: at(0), properties: { path: '/home' }, ...overrides };
}

/** Types that the MongoDB store keeps in five different collections. */
const SPREAD_TYPES = ['PAGE_VIEW', 'REPORT_VIEW', 'AI_CHAT_MESSAGE', 'custom.DASHBOARD_LOAD', 'custom.NOTIFICATION_CLICKED'];

function batch(organizationId: string, events: StoredEvent[], receivedAt = new Date()): Batch {
  return { batchId: randomUUID(), organizationId, receivedAt: receivedAt.toISOString(), events };
}

/** How a store answers these events of this batch. */
function viewsOf(b: Batch, events = b.events): ActivityEventView[] {
  return events.map((e) => ({
    id: e.id.toLowerCase(),
    type: e.type,
    userId: e.userId,
    sessionId: e.sessionId,
    occurredAt: new Date(e.occurredAt).toISOString(),
    receivedAt: new Date(b.receivedAt).toISOString(),
    properties: e.properties,
    branchId: e.branchId ?? null,
    departmentId: e.departmentId ?? null,
  }));
}

/** By code points, as the stores order ids (localeCompare would depend on the locale). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (views: ActivityEventView[]) => [...views].sort((a, b) => compare(a.id, b.id));
const ids = (views: ActivityEventView[]) => views.map((v) => v.id);
const newestFirst = (views: ActivityEventView[]) => [...views].sort((a, b) => compare(b.occurredAt, a.occurredAt) || compare(b.id, a.id));

/** Groups and users in one order, so two snapshots compare regardless of how they were read. */
function comparable(snapshot: ActivitySnapshot) {
  return {
    groups: [...snapshot.groups].sort((a, b) => a.minute - b.minute || compare(a.type, b.type)),
    users: snapshot.users.map((u) => ({ minute: u.minute, userIds: [...u.userIds].sort(compare) })).sort((a, b) => a.minute - b.minute),
    batchIds: [...snapshot.batchIds].sort(compare),
    recent: snapshot.recent,
  };
}

export function describeActivityStoreContract(name: string, open: () => Promise<StoreUnderTest>, options: { skipReason?: string } = {}): void {
  const title = options.skipReason ? `${name} (skipped: ${options.skipReason})` : name;
  describe.skipIf(options.skipReason !== undefined)(title, () => {
    let subject: StoreUnderTest | undefined;
    let store: ActivityStore;
    let org: string;
    let newOrganization: () => Promise<string>;
    beforeEach(async () => {
      subject = await open();
      ({ store, newOrganization } = subject);
      org = await newOrganization();
    });
    afterEach(async () => {
      // cleared, so a failed open() in the next test does not dispose this one again
      await subject?.dispose();
      subject = undefined;
    });

    it('stores a batch and answers all of its events', async () => {
      const b = batch(org, SPREAD_TYPES.map((type, i) => event({ type, occurredAt: at(-i) })));
      expect(byId(await store.persistBatch(b))).toEqual(byId(viewsOf(b)));
      expect(byId(await store.recent(org, LONG_AGO, 100))).toEqual(byId(viewsOf(b)));
    });

    it('stores a batch run twice once and answers the same events both times', async () => {
      const b = batch(org, SPREAD_TYPES.map((type) => event({ type })));
      const first = await store.persistBatch(b);
      const second = await store.persistBatch(b);
      expect(byId(second)).toEqual(byId(first));
      expect(byId(second)).toEqual(byId(viewsOf(b)));
      expect(await store.recent(org, LONG_AGO, 100)).toHaveLength(b.events.length);
    });

    it('stores an event sent twice in one batch once', async () => {
      const e = event();
      const b = batch(org, [e, e, event({ type: 'REPORT_VIEW' })]);
      expect(byId(await store.persistBatch(b))).toEqual(byId(viewsOf(b, b.events.slice(1))));
      expect(await store.recent(org, LONG_AGO, 100)).toHaveLength(2);
    });

    it('gives a duplicate event to the batch that stored it first, in every attempt of that batch', async () => {
      const [shared, own, later] = [event({ type: 'AI_CHAT_MESSAGE' }), event(), event({ type: 'REPORT_VIEW' })];
      const first = batch(org, [own, shared], new Date(BASE));
      const second = batch(org, [shared, later], new Date(BASE + MINUTE));
      expect(byId(await store.persistBatch(first))).toEqual(byId(viewsOf(first)));
      expect(await store.persistBatch(second)).toEqual(viewsOf(second, [later]));
      // a retry of the first batch, after the second, still answers both of its events
      expect(byId(await store.persistBatch(first))).toEqual(byId(viewsOf(first)));
      // and the second batch, run again, still not the shared one
      expect(await store.persistBatch(second)).toEqual(viewsOf(second, [later]));
      expect(byId(await store.recent(org, LONG_AGO, 100))).toEqual(byId([...viewsOf(first), ...viewsOf(second, [later])]));
    });

    it('reads back the events a batch owns, never a duplicate another batch owns, in its organization only', async () => {
      const other = await newOrganization();
      const shared = event({ type: 'REPORT_VIEW', occurredAt: at(-3) });
      const first = batch(org, [shared, event({ type: 'AI_CHAT_MESSAGE', occurredAt: at(-1) })]);
      const second = batch(org, [shared, ...SPREAD_TYPES.map((type, i) => event({ type, occurredAt: at(-i) }))]);
      await store.persistBatch(first);
      const answered = await store.persistBatch(second);
      const ref = (b: Batch, organizationId = b.organizationId) => ({ organizationId, batchId: b.batchId, earliest: new Date(at(-10)), latest: new Date(at(0)) });
      expect(byId(await store.ownEvents(ref(second)))).toEqual(byId(answered));
      expect(byId(await store.ownEvents(ref(first)))).toEqual(byId(viewsOf(first)));
      // another organization does not see the batch, nor does a window that misses its events
      expect(await store.ownEvents(ref(second, other))).toEqual([]);
      expect(await store.ownEvents({ ...ref(second), earliest: new Date(at(1)), latest: new Date(at(2)) })).toEqual([]);
    });

    it('recognizes a duplicate written differently (id in upper case, time with an offset)', async () => {
      const e = event({ occurredAt: at(0) });
      const sameInstantInBerlin = new Date(Date.parse(e.occurredAt) + 2 * 60 * MINUTE).toISOString().replace('Z', '+02:00');
      await store.persistBatch(batch(org, [e]));
      expect(await store.persistBatch(batch(org, [{ ...e, id: e.id.toUpperCase(), occurredAt: sameInstantInBerlin }]))).toEqual([]);
      expect(await store.recent(org, LONG_AGO, 100)).toHaveLength(1);
    });

    it('stores an event id once whatever its time: resent at another time, on another day, twice in one batch', async () => {
      const e = event({ occurredAt: at(0) });
      const first = batch(org, [e]);
      expect(await store.persistBatch(first)).toEqual(viewsOf(first));
      // a resend without a timestamp is stamped with its own time of acceptance
      expect(await store.persistBatch(batch(org, [{ ...e, occurredAt: at(1) }]))).toEqual([]);
      expect(await store.persistBatch(batch(org, [{ ...e, occurredAt: new Date(BASE - 24 * 60 * MINUTE + MINUTE).toISOString() }]))).toEqual([]);
      const f = event({ type: 'REPORT_VIEW', occurredAt: at(-2) });
      const twice = batch(org, [f, { ...f, occurredAt: at(-1) }]);
      expect(await store.persistBatch(twice)).toEqual(viewsOf(twice, [f]));
      // the first batch, run again, still owns its event
      expect(await store.persistBatch(first)).toEqual(viewsOf(first));
      expect(byId(await store.recent(org, LONG_AGO, 100))).toEqual(byId([...viewsOf(first), ...viewsOf(twice, [f])]));
    });

    it('answers recent events newest first, limited, from `since` on, for one organization only', async () => {
      const other = await newOrganization();
      // two events at the same instant in different collections: the id decides, descending
      const events = [at(-20), at(-10), at(-5), at(-5), at(0)].map((occurredAt, i) => event({ occurredAt, type: SPREAD_TYPES[i % SPREAD_TYPES.length] }));
      const b = batch(org, events);
      await store.persistBatch(b);
      await store.persistBatch(batch(other, [event({ occurredAt: at(0) })]));
      const inWindow = newestFirst(viewsOf(b).filter((v) => v.occurredAt >= at(-10)));

      expect(await store.recent(org, new Date(at(-10)), 100)).toEqual(inWindow);
      expect(await store.recent(org, new Date(at(-10)), 3)).toEqual(inWindow.slice(0, 3));
      expect(await store.recent(org, new Date(at(-10)), 0)).toEqual([]);
      expect(ids(await store.recent(org, LONG_AGO, 100))).toHaveLength(5);
      expect(ids(await store.recent(other, LONG_AGO, 100))).toHaveLength(1);
      expect(await store.recent(randomUUID(), LONG_AGO, 100)).toEqual([]);
    });

    it('answers the recent events of one branch or department with the attribution they were stored with', async () => {
      const [branch, otherBranch, department] = [randomUUID(), randomUUID(), randomUUID()];
      const b = batch(org, [
        event({ occurredAt: at(-3), branchId: branch, departmentId: department }),
        event({ occurredAt: at(-2), branchId: branch }),
        event({ occurredAt: at(-1), branchId: otherBranch }),
        event({ occurredAt: at(0) }),
      ]);
      await store.persistBatch(b);
      const views = newestFirst(viewsOf(b));
      const since = new Date(at(-10));
      expect(await store.recent(org, since, 100, { kind: 'department', id: department })).toEqual(views.filter((v) => v.departmentId === department));
      expect(await store.recent(org, since, 100, { kind: 'branch', id: branch })).toEqual(views.filter((v) => v.branchId === branch));
      expect(await store.recent(org, since, 1, { kind: 'branch', id: branch })).toEqual(views.filter((v) => v.branchId === branch).slice(0, 1));
      expect(await store.recent(org, since, 100, { kind: 'nothing' })).toEqual([]);
      expect(ids(await store.recent(org, since, 100, { kind: 'organization' }))).toEqual(expect.arrayContaining(ids(views)));
    });

    it('snapshots exactly what was stored in the window, for one organization only', async () => {
      const other = await newOrganization();
      const before = batch(org, [event({ occurredAt: at(-45), userId: 'u-old' })]);
      const straddling = batch(org, [
        event({ occurredAt: at(-40), userId: 'u-1' }),
        event({ occurredAt: at(-20), userId: 'u-1', type: 'PAGE_VIEW' }),
        event({ occurredAt: at(-20), userId: 'u-2', type: 'REPORT_VIEW' }),
        event({ occurredAt: at(-20), userId: 'u-2', type: 'REPORT_VIEW' }),
      ]);
      const latest = batch(org, [
        event({ occurredAt: at(-5), userId: 'u-3', type: 'AI_CHAT_MESSAGE' }),
        event({ occurredAt: at(-5), userId: 'u-3', type: 'PAGE_VIEW' }),
        event({ occurredAt: at(-5), userId: null, type: 'custom.DASHBOARD_LOAD' }),
        event({ occurredAt: at(-4), userId: 'u-1', type: 'custom.NOTIFICATION_CLICKED' }),
      ]);
      for (const b of [before, straddling, latest, batch(other, [event({ occurredAt: at(-5), userId: 'u-other' })])]) await store.persistBatch(b);

      const snapshot = await store.snapshot(org, { from: new Date(at(-30)), usersFrom: new Date(at(-10)), recentLimit: 3 });
      expect(comparable(snapshot)).toEqual({
        groups: [
          { type: 'PAGE_VIEW', minute: epochMinute(-20), count: 1 },
          { type: 'REPORT_VIEW', minute: epochMinute(-20), count: 2 },
          { type: 'AI_CHAT_MESSAGE', minute: epochMinute(-5), count: 1 },
          { type: 'PAGE_VIEW', minute: epochMinute(-5), count: 1 },
          { type: 'custom.DASHBOARD_LOAD', minute: epochMinute(-5), count: 1 },
          { type: 'custom.NOTIFICATION_CLICKED', minute: epochMinute(-4), count: 1 },
        ],
        users: [
          { minute: epochMinute(-5), userIds: ['u-3'] },
          { minute: epochMinute(-4), userIds: ['u-1'] },
        ],
        batchIds: [straddling.batchId, latest.batchId].sort(compare),
        recent: newestFirst(viewsOf(latest)).slice(0, 3),
      });
    });

    it('snapshots nothing for an organization without events in the window', async () => {
      await store.persistBatch(batch(org, [event({ occurredAt: at(-45) })]));
      const snapshot = await store.snapshot(org, { from: new Date(at(-30)), usersFrom: new Date(at(-10)), recentLimit: 3 });
      expect(snapshot).toEqual({ groups: [], users: [], batchIds: [], recent: [] });
    });
  });
}
