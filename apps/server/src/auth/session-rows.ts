import { randomUUID } from 'node:crypto';
import { type EntityManager, runSql, type SqlRow } from '@pulse/db';
import { REFRESH_TOKEN_TTL_SECONDS, type RefreshTokenClaims, type TokenSession } from './tokens.ts';

/**
 * The `auth_sessions` rows: one per sign-in, holding the id of the one refresh token that may be
 * exchanged next. Every change is one conditional statement, so two API processes exchanging
 * the same token cannot both rotate it.
 */

export type RevocationReason = 'sign-out' | 'refresh-token-reuse';

export type ExchangeOutcome =
  /** The token was the current one: a new id is current now. */
  | { kind: 'rotated'; userId: string; tokenId: string }
  /** The token was replaced moments ago (another tab refreshed first): the current id, unchanged. */
  | { kind: 'raced'; userId: string; tokenId: string }
  /** An old token came back: the session is revoked now (it was stolen, or the client is broken). */
  | { kind: 'reused'; userId: string; organizationId: string | null }
  /** No such session, or it was revoked or has expired. */
  | { kind: 'ended' };

export async function openSession(em: EntityManager, userId: string, ip: string | null): Promise<TokenSession> {
  const session = { sessionId: randomUUID(), tokenId: randomUUID() };
  await runSql(
    em,
    `INSERT INTO auth_sessions (id, user_id, current_token_id, expires_at, created_from_ip)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5)`,
    [session.sessionId, userId, session.tokenId, REFRESH_TOKEN_TTL_SECONDS, ip],
  );
  return session;
}

/** Exchanges a refresh token; a used one within `graceSeconds` of its rotation is a race, later a reuse. */
export async function exchangeRefreshToken(em: EntityManager, claims: RefreshTokenClaims, graceSeconds: number): Promise<ExchangeOutcome> {
  const nextTokenId = randomUUID();
  const [rotated] = await runSql<{ user_id: string }>(
    em,
    `UPDATE auth_sessions
        SET previous_token_id = current_token_id, current_token_id = $3, rotated_at = now(), updated_at = now(),
            expires_at = now() + make_interval(secs => $4)
      WHERE id = $1 AND user_id = $2 AND current_token_id = $5 AND revoked_at IS NULL AND expires_at > now()
      RETURNING user_id`,
    [claims.sessionId, claims.userId, nextTokenId, REFRESH_TOKEN_TTL_SECONDS, claims.tokenId],
  );
  if (rotated) return { kind: 'rotated', userId: rotated.user_id, tokenId: nextTokenId };

  const [row] = await runSql<{ current_token_id: string; previous_token_id: string | null; in_grace: boolean; live: boolean }>(
    em,
    `SELECT current_token_id, previous_token_id,
            coalesce(rotated_at > now() - make_interval(secs => $3), false) AS in_grace,
            revoked_at IS NULL AND expires_at > now() AS live
       FROM auth_sessions WHERE id = $1 AND user_id = $2`,
    [claims.sessionId, claims.userId, graceSeconds],
  );
  if (!row?.live) return { kind: 'ended' };
  if (row.previous_token_id === claims.tokenId && row.in_grace) return { kind: 'raced', userId: claims.userId, tokenId: row.current_token_id };
  const revoked = await revokeSession(em, claims.sessionId, 'refresh-token-reuse');
  return revoked ? { kind: 'reused', ...revoked } : { kind: 'ended' };
}

/** Ends a session; null when it was already ended (or never existed), so a revocation is audited once. */
export async function revokeSession(em: EntityManager, sessionId: string, reason: RevocationReason): Promise<{ userId: string; organizationId: string | null } | null> {
  const [row] = await runSql<{ user_id: string; organization_id: string | null }>(
    em,
    `UPDATE auth_sessions s SET revoked_at = now(), revoked_reason = $2, updated_at = now()
       FROM users u
      WHERE s.id = $1 AND u.id = s.user_id AND s.revoked_at IS NULL
      RETURNING s.user_id, u.organization_id`,
    [sessionId, reason],
  );
  return row ? { userId: row.user_id, organizationId: row.organization_id } : null;
}

/** What an access token is checked against: the session's state and its user's current roles. */
export type SessionState = {
  userId: string;
  live: boolean;
  organizationId: string | null;
  orgRole: string | null;
  platformRole: string | null;
  branchId: string | null;
  departmentId: string | null;
};

type SessionStateRow = Pick<SqlRow<'auth_sessions'>, 'user_id'> &
  Pick<SqlRow<'users'>, 'organization_id' | 'org_role' | 'platform_role' | 'branch_id' | 'department_id'> & { live: boolean };

/** Null when the session or its user is gone (a deleted user's sessions go with it). */
export async function readSessionState(em: EntityManager, sessionId: string): Promise<SessionState | null> {
  const [row] = await runSql<SessionStateRow>(
    em,
    `SELECT s.user_id, s.revoked_at IS NULL AND s.expires_at > now() AS live,
            u.organization_id, u.org_role, u.platform_role, u.branch_id, u.department_id
       FROM auth_sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1`,
    [sessionId],
  );
  if (!row) return null;
  return {
    userId: row.user_id,
    live: row.live,
    organizationId: row.organization_id,
    orgRole: row.org_role,
    platformRole: row.platform_role,
    branchId: row.branch_id,
    departmentId: row.department_id,
  };
}

/** Ended sessions (revoked or expired) are kept this long, for whoever investigates a sign-in. */
export const ENDED_SESSIONS_KEPT_DAYS = 30;

/** Deletes sessions that ended more than ENDED_SESSIONS_KEPT_DAYS ago (the daily maintenance job). */
export async function forgetEndedSessions(em: EntityManager, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - ENDED_SESSIONS_KEPT_DAYS * 86_400_000).toISOString();
  const deleted = await runSql(em, 'DELETE FROM auth_sessions WHERE expires_at < $1 OR revoked_at < $1 RETURNING 1', [before]);
  return deleted.length;
}
