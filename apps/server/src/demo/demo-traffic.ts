import { DEMO_INGEST_KEYS } from '@pulse/db';
import type { Logger } from '../log.ts';
import { demoEvent } from './demo-events.ts';
import { type DemoUnits, identifyBatch, placementOf } from './demo-placement.ts';
import { everyTick, postWithKey } from './demo-sender.ts';

const TICK_MS = 250;
/** Acme is the busier tenant, so the two dashboards look different. */
const SHARE: Record<string, { share: number; users: number }> = { acme: { share: 0.65, users: 60 }, globex: { share: 0.35, users: 25 } };
const TENANTS = DEMO_INGEST_KEYS.map(({ key, organizationSlug }) => ({ slug: organizationSlug, key, ...(SHARE[organizationSlug] ?? { share: 0.5, users: 20 }) }));

/**
 * Demo mode's traffic: realistic events for both demo organizations, sent like any other
 * service would, through the public ingest endpoint, attributed to the organizations' branches
 * and departments (placementOf): first the directory is sent as Segment identify calls (again
 * on every tick until it was taken), then the events.
 */
export function startDemoTraffic(options: { url: string; eventsPerSecond: number; log: Logger; unitsOf(slug: string): Promise<DemoUnits> }) {
  const carry = new Map<string, number>();
  const placed = new Map<string, DemoUnits>();
  async function unitsPlaced(tenant: (typeof TENANTS)[number]): Promise<DemoUnits> {
    const known = placed.get(tenant.slug);
    if (known) return known;
    const units = await options.unitsOf(tenant.slug);
    await postWithKey(`${options.url}/v1/batch`, tenant.key, identifyBatch(tenant.slug, units, tenant.users));
    placed.set(tenant.slug, units);
    return units;
  }
  const tick = () =>
    Promise.all(
      TENANTS.map(async (tenant) => {
        const due = (carry.get(tenant.slug) ?? 0) + (options.eventsPerSecond * tenant.share * TICK_MS) / 1000;
        const count = Math.floor(due);
        carry.set(tenant.slug, due - count);
        if (count === 0) return;
        const units = await unitsPlaced(tenant);
        const branchOf = (user: number) => {
          const placement = placementOf(units, user);
          return placement?.via === 'event' ? placement.branchId : undefined;
        };
        const events = Array.from({ length: count }, () => demoEvent(tenant.slug, tenant.users, branchOf));
        await postWithKey(`${options.url}/api/ingest`, tenant.key, { events });
      }),
    );
  options.log.info('demo traffic on', { eventsPerSecond: options.eventsPerSecond });
  return everyTick(TICK_MS, tick, options.log, 'demo traffic');
}
