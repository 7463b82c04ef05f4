import type { EntityManager, MikroORM } from '@pulse/db';
import { hashPassword, Organization, User, verifyPassword } from '@pulse/db';
import { TooManyRequestsError, UnauthorizedError } from '@pulse/api-contract/errors';
import type {
  Actor,
  CallerOrigin,
  LoginInput,
  LogoutInput,
  LogoutResult,
  Me,
  OrganizationSummary,
  RefreshInput,
  Session,
  UserActor,
} from '@pulse/api-contract/schemas';
import { writeAudit } from '../audit/write-audit.ts';
import type { HashGate } from './hash-gate.ts';
import type { SessionCheck } from './session-check.ts';
import { exchangeRefreshToken, openSession, type RevocationReason, revokeSession } from './session-rows.ts';
import type { SignInLimiter, SignInScope } from './sign-in-limiter.ts';
import type { TokenIssuer, TokenSession } from './tokens.ts';

const WRONG_LOGIN = 'Wrong email or password.';
const SESSION_ENDED = 'Your session has ended. Sign in again.';
const NO_ORIGIN: CallerOrigin = { address: null };

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

type Dependencies = {
  orm: MikroORM;
  tokens: TokenIssuer;
  limiter: SignInLimiter;
  gate: HashGate;
  sessions: Pick<SessionCheck, 'announce'>;
  /** How long a just-exchanged refresh token still gets the current tokens (SESSION_REFRESH_GRACE_SECONDS). */
  refreshGraceSeconds: number;
};

const LOCK_ACTIONS: Record<SignInScope, string> = { account: 'auth.signin.locked', address: 'auth.signin.address-locked' };

export function createAuthService({ orm, tokens, limiter, gate, sessions, refreshGraceSeconds }: Dependencies) {
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

  async function sessionFor(em: EntityManager, user: User, session: TokenSession): Promise<Session> {
    return { ...(await tokens.issue(actorOf(user), session)), user: await describe(em, user) };
  }

  /** Written for a known and an unknown email alike, so the lock costs both the same. */
  async function auditLocks(em: EntityManager, scopes: SignInScope[], email: string, user: User | null, origin: CallerOrigin): Promise<void> {
    for (const scope of scopes) {
      await writeAudit(em, {
        organizationId: user?.organization?.id ?? null,
        actorUserId: null,
        action: LOCK_ACTIONS[scope],
        targetType: scope,
        targetId: scope === 'account' ? email : (origin.address ?? 'unknown'),
        details: {},
        ip: origin.address,
      });
    }
  }

  const auditRevocation = (em: EntityManager, sessionId: string, reason: RevocationReason, owner: { userId: string; organizationId: string | null }, origin: CallerOrigin) =>
    writeAudit(em, {
      organizationId: owner.organizationId,
      actorUserId: owner.userId,
      action: reason === 'sign-out' ? 'auth.logout' : 'auth.session.revoked',
      targetType: 'session',
      targetId: sessionId,
      details: { reason },
      ip: origin.address,
    });

  /** Revokes and audits in one transaction, then tells every API process. False: already ended. */
  async function signOut(sessionId: string, origin: CallerOrigin): Promise<boolean> {
    const revoked = await orm.em.fork().transactional(async (em) => {
      const owner = await revokeSession(em, sessionId, 'sign-out');
      if (owner) await auditRevocation(em, sessionId, 'sign-out', owner, origin);
      return owner !== null;
    });
    if (revoked) await sessions.announce({ sessionId });
    return revoked;
  }

  return {
    async login(input: LoginInput, origin: CallerOrigin = NO_ORIGIN): Promise<Session> {
      // Counted before the password is checked: parallel and batched guesses each count.
      const attempt = await limiter.admit(input.email, origin.address);
      const em = orm.em.fork();
      const user = await em.findOne(User, { email: input.email });
      let passwordMatches: boolean;
      try {
        passwordMatches = await gate.run(async () => verifyPassword(user?.passwordHash ?? (await unknownUserHash), input.password));
      } catch (error) {
        if (error instanceof TooManyRequestsError) await attempt.withdraw();
        throw error;
      }
      if (!user || !passwordMatches) {
        await auditLocks(em, attempt.locked, input.email, user, origin);
        throw new UnauthorizedError(WRONG_LOGIN);
      }
      await attempt.succeeded();
      const session = await em.transactional(async (tx) => {
        const opened = await openSession(tx, user.id, origin.address);
        await writeAudit(tx, {
          organizationId: user.organization?.id ?? null,
          actorUserId: user.id,
          action: 'auth.login',
          targetType: 'session',
          targetId: opened.sessionId,
          details: {},
          ip: origin.address,
        });
        return opened;
      });
      return sessionFor(em, user, session);
    },

    async refresh(input: RefreshInput, origin: CallerOrigin = NO_ORIGIN): Promise<Session> {
      const claims = await tokens.verifyRefresh(input.refreshToken);
      if (!claims) throw new UnauthorizedError(SESSION_ENDED);
      const em = orm.em.fork();
      // The reuse check, the revocation and its audit row commit together.
      const outcome = await em.transactional(async (tx) => {
        const exchanged = await exchangeRefreshToken(tx, claims, refreshGraceSeconds);
        if (exchanged.kind === 'reused') await auditRevocation(tx, claims.sessionId, 'refresh-token-reuse', exchanged, origin);
        return exchanged;
      });
      if (outcome.kind === 'reused') await sessions.announce({ sessionId: claims.sessionId });
      if (outcome.kind === 'reused' || outcome.kind === 'ended') throw new UnauthorizedError(SESSION_ENDED);
      // Roles are read again, so a changed role takes effect at the next refresh.
      const user = await em.findOne(User, outcome.userId);
      if (!user) throw new UnauthorizedError(SESSION_ENDED);
      return sessionFor(em, user, { sessionId: claims.sessionId, tokenId: outcome.tokenId });
    },

    async logout(input: LogoutInput, actor: Actor | null, origin: CallerOrigin = NO_ORIGIN): Promise<LogoutResult> {
      const sessionIds = new Set<string>();
      const claims = input.refreshToken ? await tokens.verifyRefresh(input.refreshToken) : null;
      if (claims) sessionIds.add(claims.sessionId);
      if (actor?.kind === 'user' && actor.sessionId) sessionIds.add(actor.sessionId);
      let signedOut = false;
      for (const sessionId of sessionIds) signedOut = (await signOut(sessionId, origin)) || signedOut;
      return { signedOut };
    },

    async me(actor: UserActor): Promise<Me> {
      const em = orm.em.fork();
      const user = await em.findOne(User, actor.userId);
      if (!user) throw new UnauthorizedError('This account no longer exists.');
      return describe(em, user);
    },
  };
}
