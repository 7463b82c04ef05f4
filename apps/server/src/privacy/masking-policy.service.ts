import type { MikroORM } from '@pulse/db';
import { MaskingPolicy as MaskingPolicyRow } from '@pulse/db';
import { InvalidInputError } from '@pulse/api-contract/errors';
import type { PulseServices } from '@pulse/api-contract/router';
import { DEFAULT_MASKING_POLICY, type MaskingPolicy, type MaskingPolicyFields, type UserActor } from '@pulse/api-contract/schemas';
import { writeAudit } from '../audit/write-audit.ts';
import type { LinkMaskerFactory, Masker, MaskerFactory } from './masker.ts';

/** A changed policy reaches the other API processes within this long. */
const POLICY_CACHE_MS = 10_000;

const fieldsOf = (policy: MaskingPolicyFields): MaskingPolicyFields => ({
  pseudonymizeUserIds: policy.pseudonymizeUserIds,
  hideNetworkDetails: policy.hideNetworkDetails,
  personalProperties: policy.personalProperties,
});

function viewOf(organizationId: string, row: MaskingPolicyRow | null): MaskingPolicy {
  if (!row) return { organizationId, ...DEFAULT_MASKING_POLICY, isDefault: true, updatedAt: null, updatedByUserId: null };
  return { organizationId, ...fieldsOf(row), isDefault: false, updatedAt: row.updatedAt.toISOString(), updatedByUserId: row.updatedByUserId ?? null };
}

function requireOrganization(organizationId: string | null): string {
  if (organizationId === null) throw new InvalidInputError('Name the organization: a masking policy belongs to one.', [{ path: ['organizationId'], message: 'required' }]);
  return organizationId;
}

/** The masking policies: read (cached briefly, since every masked answer needs one), changed with an audit entry. */
export function createMaskingPolicies(orm: MikroORM, maskerFor: MaskerFactory, linkMaskerFor: LinkMaskerFactory) {
  const cache = new Map<string, { policy: MaskingPolicy; until: number }>();

  async function policy(organizationId: string): Promise<MaskingPolicy> {
    const cached = cache.get(organizationId);
    if (cached && cached.until > Date.now()) return cached.policy;
    let loaded: MaskingPolicy;
    try {
      loaded = viewOf(organizationId, await orm.em.fork().findOne(MaskingPolicyRow, { organizationId }));
    } catch (error) {
      // Postgres away: the last policy read stands (degraded, not down); a change made meanwhile
      // could not have been saved either.
      if (cached) return cached.policy;
      throw error;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(organizationId, { policy: loaded, until: Date.now() + POLICY_CACHE_MS });
    return loaded;
  }

  const service: PulseServices['privacy'] = {
    policy: (organizationId) => policy(requireOrganization(organizationId)),
    async updatePolicy(actor: UserActor, organizationId, input) {
      const id = requireOrganization(organizationId);
      const next = fieldsOf({ ...input, personalProperties: [...new Set(input.personalProperties)] });
      const saved = await orm.em.fork().transactional(async (em) => {
        const row = await em.findOne(MaskingPolicyRow, { organizationId: id });
        const before = viewOf(id, row);
        const updated = row ?? em.create(MaskingPolicyRow, { organizationId: id, ...next, updatedAt: new Date() });
        em.assign(updated, { ...next, updatedByUserId: actor.userId, updatedAt: new Date() });
        await em.flush();
        await writeAudit(em, {
          organizationId: id,
          actorUserId: actor.userId,
          action: 'privacy.policy.updated',
          targetType: 'masking_policy',
          targetId: id,
          details: { before: fieldsOf(before), after: next },
        });
        return viewOf(id, updated);
      });
      cache.set(id, { policy: saved, until: Date.now() + POLICY_CACHE_MS });
      return saved;
    },
  };

  return {
    service,
    /** The masker for one viewer, per the organization's current policy. */
    async maskerFor(organizationId: string, viewer: UserActor): Promise<Masker> {
      return maskerFor(await policy(organizationId), organizationId, viewer);
    },
    /** The masker of a public link of this organization (privacy/masker.ts). */
    async linkMaskerFor(organizationId: string, shareId: string): Promise<Masker> {
      return linkMaskerFor(await policy(organizationId), shareId);
    },
  };
}

export type MaskingPolicies = ReturnType<typeof createMaskingPolicies>;
