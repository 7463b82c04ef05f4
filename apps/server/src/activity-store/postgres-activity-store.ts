import { runSql } from '@pulse/db';
import type { EntityManager, MikroORM } from '@pulse/db';
import type { ActivitySnapshot, ActivityStore, SnapshotWindow } from './activity-store.ts';
import { ORGANIZATION_SCOPE } from '../batch/event-scope.ts';
import { EVENT_VIEW_COLUMNS, type EventRow, toEventView } from './postgres-event-row.ts';
import { persistBatch, selectOwnEvents } from './postgres-persist-batch.ts';

// The time bound lets Postgres prune to the partitions that can hold the answer.
const recentOf = (scoped = '') => `
SELECT ${EVENT_VIEW_COLUMNS} FROM activity_events
WHERE organization_id = $1::uuid AND occurred_at >= $2::timestamptz ${scoped}
ORDER BY occurred_at DESC, id DESC
LIMIT $3`;
const RECENT = recentOf();
/** A branch's or department's newest events: (organization, branch / department, occurred_at) indexes. */
const RECENT_OF_BRANCH = recentOf('AND branch_id = $4::uuid');
const RECENT_OF_DEPARTMENT = recentOf('AND department_id = $4::uuid');

const GROUPS = `
SELECT type, floor(extract(epoch FROM occurred_at) / 60)::bigint AS minute, count(*) AS count
FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2 GROUP BY 1, 2`;

const USERS = `
SELECT floor(extract(epoch FROM occurred_at) / 60)::bigint AS minute, array_agg(DISTINCT user_id) AS user_ids
FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2 AND user_id IS NOT NULL GROUP BY 1`;

const BATCHES = 'SELECT DISTINCT batch_id FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2';

/** All reads in one REPEATABLE READ transaction: groups and batch ids describe the same rows. */
async function readSnapshot(em: EntityManager, organizationId: string, { from, usersFrom, recentLimit }: SnapshotWindow): Promise<ActivitySnapshot> {
  return em.transactional(async (tx) => {
    await runSql(tx, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', []);
    const window = [organizationId, from.toISOString()];
    const groups = await runSql<{ type: string; minute: string; count: string }>(tx, GROUPS, window);
    const users = await runSql<{ minute: string; user_ids: string[] }>(tx, USERS, [organizationId, usersFrom.toISOString()]);
    const batches = await runSql<{ batch_id: string }>(tx, BATCHES, window);
    const recent = await runSql<EventRow>(tx, RECENT, [...window, recentLimit]);
    return {
      groups: groups.map((g) => ({ type: g.type, minute: Number(g.minute), count: Number(g.count) })),
      users: users.map((u) => ({ minute: Number(u.minute), userIds: u.user_ids })),
      batchIds: batches.map((b) => b.batch_id),
      recent: recent.map(toEventView),
    };
  });
}

/** The default store: the day-partitioned `activity_events` table, with the rest of Pulse's data. */
export function createPostgresActivityStore(orm: MikroORM): ActivityStore {
  return {
    kind: 'postgres',
    persistBatch: (batch) => persistBatch(orm.em.fork(), batch),
    ownEvents: (batch) => selectOwnEvents(orm.em.fork(), batch),
    async recent(organizationId, since, limit, scope = ORGANIZATION_SCOPE) {
      if (scope.kind === 'nothing') return [];
      const params = [organizationId, since.toISOString(), limit];
      const sql = scope.kind === 'organization' ? RECENT : scope.kind === 'branch' ? RECENT_OF_BRANCH : RECENT_OF_DEPARTMENT;
      const rows = await runSql<EventRow>(orm.em.fork(), sql, scope.kind === 'organization' ? params : [...params, scope.id]);
      return rows.map(toEventView);
    },
    snapshot: (organizationId, window) => readSnapshot(orm.em.fork(), organizationId, window),
    // The ORM belongs to the process, which closes it.
    close: async () => {},
  };
}
