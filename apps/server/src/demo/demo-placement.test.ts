import { describe, expect, it } from 'vitest';
import { type DemoUnits, identifyBatch, placementOf } from './demo-placement.ts';

const units: DemoUnits = {
  branches: [
    { id: 'hq', name: 'Berlin HQ' },
    { id: 'lisbon', name: 'Lisbon' },
  ],
  departments: [
    { id: 'eng', name: 'Engineering', branchId: 'hq' },
    { id: 'people', name: 'People', branchId: 'hq' },
    { id: 'sales', name: 'Sales', branchId: 'hq' },
  ],
};

describe('demo placement', () => {
  it('spreads 60 users over every department, the branch without departments and nowhere', () => {
    const placements = Array.from({ length: 60 }, (_, i) => placementOf(units, i + 1));
    const count = (test: (placement: (typeof placements)[number]) => boolean) => placements.filter(test).length;
    expect(count((p) => p === null)).toBe(6);
    expect(count((p) => p?.via === 'event' && p.branchId === 'lisbon')).toBe(6);
    for (const department of ['eng', 'people', 'sales']) expect(count((p) => p?.via === 'directory' && p.departmentId === department)).toBeGreaterThan(10);
  });

  it('identifies exactly the directory-placed users, by the user ids their events carry', () => {
    const { batch } = identifyBatch('acme', units, 60);
    expect(batch).toHaveLength(48);
    expect(batch[0]).toEqual({ type: 'identify', userId: 'acme-user-1', traits: { departmentId: 'people' } });
  });

  it('places nobody in an organization without units', () => {
    expect(placementOf({ branches: [], departments: [] }, 3)).toBeNull();
  });
});
