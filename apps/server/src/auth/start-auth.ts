import type { IncomingMessage } from 'node:http';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { Settings } from '../env.ts';
import type { Logger } from '../log.ts';
import { createAuthService } from './auth.service.ts';
import { createAuthenticator } from './authenticate.ts';
import { clientAddressOf } from './client-address.ts';
import { createHashGate } from './hash-gate.ts';
import { startSessionCheck } from './session-check.ts';
import { createSignInLimiter } from './sign-in-limiter.ts';
import { createTokenIssuer } from './tokens.ts';

type Dependencies = { orm: MikroORM; redis: Redis; settings: Settings; log: Logger };

/**
 * Everything the api role needs for signing in and checking callers, from the settings:
 * the auth service (the contract's `auth` port), the authenticator of bearer credentials,
 * the hooks of the tRPC context (client address, sessions of long-lived connections), and the
 * stop routine (the revocation listener).
 */
export async function startAuth({ orm, redis, settings, log }: Dependencies) {
  const tokens = createTokenIssuer(settings.TOKEN_SECRET);
  const sessions = await startSessionCheck({
    orm,
    publisher: redis,
    redisUrl: settings.REDIS_URL,
    prefix: settings.REDIS_PREFIX,
    cacheSeconds: settings.SESSION_CHECK_CACHE_SECONDS,
    log,
  });
  const limiter = createSignInLimiter(redis, settings.REDIS_PREFIX, {
    account: { delayAfter: settings.SIGNIN_ACCOUNT_DELAY_AFTER, lockAfter: settings.SIGNIN_ACCOUNT_LOCK_AFTER },
    address: { delayAfter: settings.SIGNIN_ADDRESS_DELAY_AFTER, lockAfter: settings.SIGNIN_ADDRESS_LOCK_AFTER },
    lockSeconds: settings.SIGNIN_LOCK_SECONDS,
  });
  const gate = createHashGate(settings.SIGNIN_HASH_CONCURRENCY, settings.SIGNIN_HASH_QUEUE);
  return {
    service: createAuthService({ orm, tokens, limiter, gate, sessions, refreshGraceSeconds: settings.SESSION_REFRESH_GRACE_SECONDS }),
    authenticate: createAuthenticator(orm, tokens, sessions),
    clientAddress: (req: IncomingMessage) => clientAddressOf(req, settings.TRUST_PROXY),
    watchSession: sessions.watch,
    close: () => sessions.close(),
  };
}
