import type { EntityManager, MikroORM } from '@pulse/db';
import { UnauthorizedError } from '@pulse/api-contract/errors';
import { AuditLog, hashPassword, Organization, User, verifyPassword } from '@pulse/db';
import type { LoginInput, Me, OrganizationSummary, RefreshInput, Session, UserActor } from '@pulse/api-contract/schemas';
import type { TokenIssuer } from './tokens.ts';

const WRONG_LOGIN = 'Wrong email or password.';

function actorOf(user: User): UserActor {
  return {
    kind: 'user',
    userId: user.id,
    organizationId: user.organization?.id ?? null,
    orgRole: user.orgRole ?? null,
    platformRole: user.platformRole ?? null,
    branchId: user.branch?.id ?? null,
    departmentId: user.department?.id ?? null,
  };
}

const summaryOf = (organization: Organization): OrganizationSummary => ({ id: organization.id, name: organization.name, slug: organization.slug });

export function createAuthService(orm: MikroORM, tokens: TokenIssuer) {
  // An unknown email is checked against this hash so it takes as long as a wrong password:
  // response time does not tell which emails have accounts.
  const unknownUserHash = hashPassword(crypto.randomUUID());

  async function describe(em: EntityManager, user: User): Promise<Me> {
    const organization = user.organization ? await em.findOneOrFail(Organization, user.organization.id) : null;
    const viewable =
      user.platformRole === 'SUPERADMIN' ? await em.find(Organization, {}, { orderBy: { name: 'asc' } }) : organization ? [organization] : [];
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      orgRole: user.orgRole ?? null,
      platformRole: user.platformRole ?? null,
      organization: organization ? summaryOf(organization) : null,
      branchId: user.branch?.id ?? null,
      departmentId: user.department?.id ?? null,
      viewableOrganizations: viewable.map(summaryOf),
    };
  }

  async function sessionFor(em: EntityManager, user: User): Promise<Session> {
    return { ...(await tokens.issue(actorOf(user))), user: await describe(em, user) };
  }

  return {
    async login(input: LoginInput): Promise<Session> {
      const em = orm.em.fork();
      const user = await em.findOne(User, { email: input.email });
      const passwordMatches = await verifyPassword(user?.passwordHash ?? (await unknownUserHash), input.password);
      if (!user || !passwordMatches) {
        throw new UnauthorizedError(WRONG_LOGIN);
      }
      em.create(AuditLog, { organizationId: user.organization?.id ?? null, actorUserId: user.id, action: 'auth.login', details: {} });
      await em.flush();
      return sessionFor(em, user);
    },

    async refresh(input: RefreshInput): Promise<Session> {
      const userId = await tokens.verifyRefresh(input.refreshToken);
      const em = orm.em.fork();
      // Roles are read again, so a changed role takes effect at the next refresh.
      const user = userId ? await em.findOne(User, userId) : null;
      if (!user) throw new UnauthorizedError('Your session has ended. Sign in again.');
      return sessionFor(em, user);
    },

    async me(actor: UserActor): Promise<Me> {
      const em = orm.em.fork();
      const user = await em.findOne(User, actor.userId);
      if (!user) throw new UnauthorizedError('This account no longer exists.');
      return describe(em, user);
    },
  };
}
