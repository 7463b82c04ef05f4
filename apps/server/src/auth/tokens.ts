import { errors, jwtVerify, SignJWT } from 'jose';
import { OrgRole, PlatformRole, type UserActor } from '@pulse/api-contract/schemas';
import { z } from 'zod';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 86_400;
const ISSUER = 'pulse';

const AccessClaims = z.object({
  sub: z.uuid(),
  typ: z.literal('access'),
  org: z.uuid().nullable(),
  orgRole: OrgRole.nullable(),
  platformRole: PlatformRole.nullable(),
  branch: z.uuid().nullable(),
  dept: z.uuid().nullable(),
  /** The server-side session: checked on use, so a sign-out ends the token before it expires. */
  sid: z.uuid(),
});
const RefreshClaims = z.object({ sub: z.uuid(), typ: z.literal('refresh'), sid: z.uuid(), jti: z.uuid() });

/** Which session a token belongs to and, for a refresh token, which of the family it is. */
export type TokenSession = { sessionId: string; tokenId: string };
export type RefreshTokenClaims = { userId: string; sessionId: string; tokenId: string };

/**
 * HS256 JWTs: a short access token carrying the actor and its session, a long refresh token
 * carrying the user, the session and its own id (single use: see auth/session-rows.ts).
 */
export function createTokenIssuer(secret: string) {
  const key = new TextEncoder().encode(secret);
  const sign = (claims: Record<string, unknown>, ttlSeconds: number) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).sign(key);

  /** Verified claims, or null for anything forged, expired or of the wrong kind. */
  async function verify<T>(token: string, schema: z.ZodType<T>): Promise<T | null> {
    try {
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
      const claims = schema.safeParse(payload);
      return claims.success ? claims.data : null;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }

  return {
    async issue(actor: UserActor, session: TokenSession) {
      const accessToken = await sign(
        {
          sub: actor.userId,
          typ: 'access',
          org: actor.organizationId,
          orgRole: actor.orgRole,
          platformRole: actor.platformRole,
          branch: actor.branchId,
          dept: actor.departmentId,
          sid: session.sessionId,
        },
        ACCESS_TOKEN_TTL_SECONDS,
      );
      const refreshToken = await sign({ sub: actor.userId, typ: 'refresh', sid: session.sessionId, jti: session.tokenId }, REFRESH_TOKEN_TTL_SECONDS);
      const accessTokenExpiresAt = new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString();
      return { accessToken, refreshToken, accessTokenExpiresAt };
    },
    async verifyAccess(token: string): Promise<UserActor | null> {
      const claims = await verify(token, AccessClaims);
      if (!claims) return null;
      return {
        kind: 'user',
        userId: claims.sub,
        organizationId: claims.org,
        orgRole: claims.orgRole,
        platformRole: claims.platformRole,
        branchId: claims.branch,
        departmentId: claims.dept,
        sessionId: claims.sid,
      };
    },
    async verifyRefresh(token: string): Promise<RefreshTokenClaims | null> {
      const claims = await verify(token, RefreshClaims);
      return claims ? { userId: claims.sub, sessionId: claims.sid, tokenId: claims.jti } : null;
    },
  };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
