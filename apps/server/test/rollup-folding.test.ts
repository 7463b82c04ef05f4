import { runSql } from '@pulse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivityRollupsStep } from '../src/rollups/activity-rollups.step.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

const countOf = async (organizationId: string, type: string) => {
  const [row] = await runSql<{ n: string }>(t.pulse.orm.em.fork(), `SELECT coalesce(sum(event_count), 0) AS n FROM activity_rollups WHERE organization_id = $1 AND granularity = 'day' AND event_type = $2`, [organizationId, type]);
  return Number(row?.n ?? 0);
};
const batchOf = (organizationId: string, type: string, events: number, branchId: string | null = null) => ({
  batchId: crypto.randomUUID(),
  organizationId,
  events: Array.from({ length: events }, (_, n) => ({ type, userId: `folded-${n}`, occurredAt: new Date().toISOString(), branchId, departmentId: null })),
});

describe('activity-rollups folds the batches of one organization that arrive together', () => {
  it('applies each batch exactly once in fewer transactions, and a batch that cannot be applied fails only its own job', async () => {
    const signals: string[] = [];
    const step = createActivityRollupsStep({ orm: t.pulse.orm, redis: t.redis, prefix: t.settings.REDIS_PREFIX, afterRollup: async (organizationId) => void signals.push(organizationId) });
    const type = 'custom.folded';
    const good = Array.from({ length: 6 }, () => batchOf(t.organizations.acme, type, 5));
    // A branch id the database cannot store: the statement fails for the whole transaction it is in.
    const broken = batchOf(t.organizations.acme, type, 3, 'not-a-uuid');
    const resent = { ...good[1], events: good[1]?.events ?? [] } as (typeof good)[number];
    const other = batchOf(t.organizations.globex, type, 4);

    const outcomes = await Promise.allSettled([...good.slice(0, 3), broken, resent, ...good.slice(3), other].map((batch) => step(batch)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    // the resent batch (same id) counts once, whichever of the two was folded first
    const applied = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.applied] : []));
    expect(applied.filter((value) => !value)).toHaveLength(1);
    expect(await countOf(t.organizations.acme, type)).toBe(6 * 5);
    expect(await countOf(t.organizations.globex, type)).toBe(4);
    // one signal per transaction: 7 Acme batches arrived at once and went in 2 (the first alone, the rest folded)
    expect(signals.filter((id) => id === t.organizations.acme)).toHaveLength(2);
    expect(signals.filter((id) => id === t.organizations.globex)).toHaveLength(1);

    // a retry of the broken batch, fixed, applies; a retry of an applied one changes nothing
    await expect(step({ ...broken, events: broken.events.map((event) => ({ ...event, branchId: null })) })).resolves.toEqual({ applied: true });
    await expect(step(good[0] as (typeof good)[number])).resolves.toEqual({ applied: false });
    expect(await countOf(t.organizations.acme, type)).toBe(6 * 5 + 3);
  });
});
