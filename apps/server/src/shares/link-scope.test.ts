import { describe, expect, it } from 'vitest';
import type { UserActor } from '@pulse/api-contract/schemas';
import { linkReader } from './link-scope.ts';
import type { LiveShare } from './share-store.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const NORTH = '00000000-0000-4000-8000-0000000000b1';
const SOUTH = '00000000-0000-4000-8000-0000000000b2';
const SALES = '00000000-0000-4000-8000-0000000000d1';
const SUPPORT = '00000000-0000-4000-8000-0000000000d2';

const person = (fields: Partial<UserActor>): UserActor => ({
  kind: 'user',
  userId: '00000000-0000-4000-8000-0000000000aa',
  organizationId: ORG,
  orgRole: null,
  platformRole: null,
  branchId: null,
  departmentId: null,
  ...fields,
});
const owner = person({ orgRole: 'OWNER' });
const leader = (branchId: string) => person({ orgRole: 'LEADER', branchId });
const manager = (departmentId: string) => person({ orgRole: 'MANAGER', departmentId });

function share(atShare: UserActor, now: UserActor): LiveShare {
  return {
    shareId: 's',
    organizationId: ORG,
    dashboardId: 'd',
    expiresAt: null,
    atShare,
    now,
    // Sales is in the north branch, support in the south.
    departmentBranches: new Map([
      [SALES, NORTH],
      [SUPPORT, SOUTH],
    ]),
  };
}

describe('the scope a link reads with', () => {
  it('is the narrower of the scope at share time and now', () => {
    expect(linkReader(share(owner, owner))).toBe(owner);
    expect(linkReader(share(owner, leader(NORTH)))).toEqual(leader(NORTH));
    expect(linkReader(share(leader(NORTH), owner))).toEqual(leader(NORTH));
    expect(linkReader(share(leader(NORTH), manager(SALES)))).toEqual(manager(SALES));
    expect(linkReader(share(manager(SALES), leader(NORTH)))).toEqual(manager(SALES));
  });

  it('stops when neither scope holds the other, or the sharer has none or left', () => {
    expect(linkReader(share(leader(NORTH), leader(SOUTH)))).toBeNull();
    expect(linkReader(share(leader(NORTH), manager(SUPPORT)))).toBeNull();
    expect(linkReader(share(manager(SUPPORT), leader(NORTH)))).toBeNull();
    expect(linkReader(share(manager(SALES), manager(SUPPORT)))).toBeNull();
    expect(linkReader(share(owner, person({})))).toBeNull();
    expect(linkReader(share(owner, { ...owner, organizationId: '00000000-0000-4000-8000-000000000002' }))).toBeNull();
    // A MANAGER without a department sees nothing, and a link showing nothing stops.
    expect(linkReader(share(manager(SALES), person({ orgRole: 'MANAGER' })))).toBeNull();
  });
});
