import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from './base.properties.ts';
import { User } from './user.entity.ts';

// One signed-in session (a refresh token family). Only token ids are stored, never tokens:
// a refresh token names its session and its own id, and only the session's current id may be
// exchanged. A deleted user takes their sessions along (cascade), which ends their tokens.
export const AuthSessionSchema = defineEntity({
  name: 'AuthSession',
  tableName: 'auth_sessions',
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).ref().deleteRule('cascade').index(),
    // the id of the one refresh token of this family that may be exchanged next
    currentTokenId: p.uuid(),
    // the id it replaced and when: presented again within the grace period (two tabs refreshing
    // at once) it gets the current tokens; later, it is a stolen token and revokes the session
    previousTokenId: p.uuid().nullable(),
    rotatedAt: p.datetime().nullable(),
    // moved forward at every refresh: a session ends after this long without one
    expiresAt: p.datetime().index(),
    revokedAt: p.datetime().nullable(),
    // 'sign-out' or 'refresh-token-reuse'
    revokedReason: p.text().nullable(),
    // where it was opened, for the owner's and the auditors' eyes
    createdFromIp: p.text().nullable(),
  },
});

export class AuthSession extends AuthSessionSchema.class {}
AuthSessionSchema.setClass(AuthSession);
