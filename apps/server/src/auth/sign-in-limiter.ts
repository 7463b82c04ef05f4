import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RetryLaterError, TooManyRequestsError } from '@pulse/api-contract/errors';
import { addressLimitKey } from './client-address.ts';

/** How long attempts are remembered after the last one. */
const COUNT_TTL_MS = 86_400_000;
/** The longest any wait or lock grows to. */
const MAX_BLOCK_MS = 86_400_000;

/**
 * Admits one sign-in attempt, atomically for every scope (account, address), so that the calls
 * of one tRPC batch, of parallel requests and of several API processes each count.
 *
 * KEYS: per scope its count and its block key. ARGV: per scope delayAfter, lockAfter, lockMs,
 * then COUNT_TTL_MS and MAX_BLOCK_MS.
 * Refused (a scope is blocked): {0, longest remaining block in ms}, nothing counted.
 * Admitted: {1, scope numbers (1-based) whose lock this attempt reached}. The attempt counts
 * before the password is checked; from delayAfter on, the next attempt must wait 1 s, 2 s, 4 s...;
 * never longer than lockMs; from lockAfter on, lockMs, doubling with every further attempt.
 */
const ADMIT_SCRIPT = `
local scopes = #KEYS / 2
local countTtl = tonumber(ARGV[scopes * 3 + 1])
local maxBlock = tonumber(ARGV[scopes * 3 + 2])
local blocked = 0
for s = 1, scopes do
  local ttl = redis.call('PTTL', KEYS[s * 2])
  if ttl > blocked then blocked = ttl end
end
if blocked > 0 then return {0, blocked} end
local result = {1}
for s = 1, scopes do
  local delayAfter = tonumber(ARGV[s * 3 - 2])
  local lockAfter = tonumber(ARGV[s * 3 - 1])
  local lockMs = tonumber(ARGV[s * 3])
  local n = redis.call('INCR', KEYS[s * 2 - 1])
  redis.call('PEXPIRE', KEYS[s * 2 - 1], countTtl)
  local block = 0
  if n >= lockAfter then
    block = lockMs * math.pow(2, math.min(n - lockAfter, 30))
    table.insert(result, s)
  elseif n >= delayAfter then
    block = math.min(1000 * math.pow(2, n - delayAfter), lockMs)
  end
  if block > 0 then redis.call('SET', KEYS[s * 2], '1', 'PX', math.floor(math.min(block, maxBlock))) end
end
return result
`;

/**
 * Gives back what an attempt counted: after a success the account starts from zero (count and
 * block), anything else gets back one attempt. KEYS: per scope its count and block key; ARGV:
 * per scope 'reset' or 'one'.
 */
const REFUND_SCRIPT = `
for s = 1, #ARGV do
  local count = KEYS[s * 2 - 1]
  if ARGV[s] == 'reset' then
    redis.call('DEL', count, KEYS[s * 2])
  elseif tonumber(redis.call('GET', count) or '0') > 0 then
    redis.call('DECR', count)
  end
end
return 1
`;

export type SignInLimits = {
  account: { delayAfter: number; lockAfter: number };
  address: { delayAfter: number; lockAfter: number };
  lockSeconds: number;
};

export type SignInScope = 'account' | 'address';

export type AdmittedAttempt = {
  /** Scopes whose lock this attempt reached; they matter once the password proved wrong. */
  locked: SignInScope[];
  /** The password was right: the account starts again from zero, the address gets this attempt back. */
  succeeded(): Promise<void>;
  /** The password was never checked (the server was too busy): this attempt does not count. */
  withdraw(): Promise<void>;
};

export const TOO_MANY_SIGN_INS = (seconds: number) =>
  `Too many sign-in attempts. Try again in ${seconds === 1 ? '1 second' : seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`;

/**
 * Sign-in limits counted in Redis, so they hold across API processes. The account is the email
 * as typed (lower-cased), whether or not it has an account: an unknown email is delayed and
 * locked exactly like a known one, so the answers never tell them apart.
 */
export function createSignInLimiter(redis: Redis, prefix: string, limits: SignInLimits) {
  // One hash tag for all: the script touches an account and an address key (one Redis Cluster slot).
  const accountKey = (email: string) => `${prefix}:{signin}:account:${createHash('sha256').update(email).digest('hex')}`;
  const addressKey = (address: string) => `${prefix}:{signin}:address:${addressLimitKey(address)}`;

  return {
    /** Counts the attempt, or throws TooManyRequestsError with the wait when a scope is blocked. */
    async admit(email: string, address: string | null): Promise<AdmittedAttempt> {
      const scopes: { scope: SignInScope; key: string; delayAfter: number; lockAfter: number }[] = [
        { scope: 'account', key: accountKey(email), ...limits.account },
        ...(address === null ? [] : [{ scope: 'address' as const, key: addressKey(address), ...limits.address }]),
      ];
      const keys = scopes.flatMap(({ key }) => [key, `${key}:block`]);
      const args = [...scopes.flatMap(({ delayAfter, lockAfter }) => [delayAfter, lockAfter, limits.lockSeconds * 1000]), COUNT_TTL_MS, MAX_BLOCK_MS];
      // Without Redis nothing can be counted: refuse (503) rather than allow unlimited guessing.
      const answer = await redis.eval(ADMIT_SCRIPT, keys.length, ...keys, ...args).catch((error: unknown) => {
        throw new RetryLaterError('Sign-in is unavailable for a moment. Try again shortly.', 5, { cause: error });
      });
      const [admitted, ...rest] = answer as number[];
      if (admitted === 0) {
        const seconds = Math.max(1, Math.ceil((rest[0] ?? 1000) / 1000));
        throw new TooManyRequestsError(TOO_MANY_SIGN_INS(seconds), seconds);
      }
      // Best effort: a refund lost to a Redis hiccup only leaves a count that expires.
      const refund = (account: 'reset' | 'one') =>
        redis
          .eval(REFUND_SCRIPT, keys.length, ...keys, ...scopes.map(({ scope }) => (scope === 'account' ? account : 'one')))
          .then(() => undefined, () => undefined);
      return {
        locked: rest.map((index) => scopes[index - 1]?.scope).filter((scope): scope is SignInScope => scope !== undefined),
        succeeded: () => refund('reset'),
        withdraw: () => refund('one'),
      };
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
