import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { type TrpcAnswer, trpcMutation, trpcMutationBatch } from './trpc-http.ts';

// Small limits so the test reaches them quickly; the addresses come from X-Forwarded-For,
// which the server reads because TRUST_PROXY says one proxy stands in front of it.
const LIMITS = {
  TRUST_PROXY: '1',
  SIGNIN_ACCOUNT_DELAY_AFTER: '3',
  SIGNIN_ACCOUNT_LOCK_AFTER: '5',
  // the address locks at once, so the test does not race a one-second wait
  SIGNIN_ADDRESS_DELAY_AFTER: '10',
  SIGNIN_ADDRESS_LOCK_AFTER: '10',
  SIGNIN_LOCK_SECONDS: '600',
};

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse(LIMITS);
});
afterAll(async () => t?.close());

const login = (email: string, password: string, address: string) => trpcMutation(t.url, 'auth.login', { email, password }, { address });

/** What a caller can observe of one answer; the lock's exact second is not part of it. */
const observed = (answer: TrpcAnswer) => ({
  status: answer.status,
  message: answer.error?.message,
  retryAfter: answer.error?.retryAfterSeconds == null ? null : answer.error.retryAfterSeconds > 60 ? 'locked' : answer.error.retryAfterSeconds,
});

/**
 * Wrong passwords for one account, waiting out each delay once, until it is locked. Each wait is
 * probed by two guesses sent together: one is checked (and sets the next wait), the other
 * meets that wait, however long the password check itself takes on a busy machine.
 */
async function guessUntilLocked(email: string, address: string) {
  const answers: TrpcAnswer[] = [];
  const guess = () => login(email, 'not-the-password', address);
  const twoAtOnce = async () => {
    const pair = await Promise.all([guess(), guess()]);
    answers.push(...pair.sort((a, b) => a.status - b.status));
  };
  for (let i = 0; i < 2; i++) answers.push(await guess()); // free attempts
  await twoAtOnce(); // the third is checked, then a 1 s wait
  await sleep(1100);
  await twoAtOnce(); // checked again, then a 2 s wait
  await sleep(2100);
  await twoAtOnce(); // the fifth checked attempt locks the account
  return answers;
}

describe('sign-in limits', () => {
  it('delays an account after wrong passwords, then locks it; an unknown account behaves identically', async () => {
    const [known, unknown] = await Promise.all([guessUntilLocked('leader@acme.test', '198.51.100.10'), guessUntilLocked('nobody@acme.test', '198.51.100.11')]);
    const wrong = { status: 401, message: 'Wrong email or password.', retryAfter: null };
    const limited = (retryAfter: number | 'locked') => ({ status: 429, message: expect.stringMatching(/^Too many sign-in attempts/), retryAfter });
    expect(known.map(observed)).toEqual([wrong, wrong, wrong, limited(1), wrong, limited(2), wrong, limited('locked')]);
    // Same answers, same messages, same lock: nothing tells which email has an account.
    expect(unknown.map(observed)).toEqual(known.map(observed));
    expect(known.at(-1)?.error?.retryAfterSeconds).toBeGreaterThan(590);

    // The right password is refused too while the account is locked, from any address.
    const rightDuringLock = await login('leader@acme.test', 'pulse-demo', '198.51.100.12');
    expect(observed(rightDuringLock)).toEqual(limited('locked'));

    // Another account from another address is not slowed down.
    const started = performance.now();
    const other = await login('owner@globex.test', 'pulse-demo', '198.51.100.13');
    expect(other.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);

    // The lock is in the audit log, for the unknown email as well.
    const locks = await runSql<{ target_id: string }>(t.pulse.orm.em.fork(), `SELECT target_id FROM audit_logs WHERE action = 'auth.signin.locked' ORDER BY target_id`, []);
    expect(locks.map((row) => row.target_id)).toEqual(['leader@acme.test', 'nobody@acme.test']);
  });

  it('counts every call of a tRPC batch: 40 guesses in one request reach the password check 3 times', async () => {
    const guesses = Array.from({ length: 40 }, () => ({ email: 'admin@globex.test', password: 'not-the-password' }));
    const answers = await trpcMutationBatch(t.url, 'auth.login', guesses, { address: '198.51.100.20' });
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(37);
    expect(answers.every((answer) => answer.status === 401 || (answer.error?.retryAfterSeconds ?? 0) >= 1)).toBe(true);
  });

  it('limits one address guessing across many accounts, whatever the accounts', async () => {
    const guesses = Array.from({ length: 40 }, (_, i) => ({ email: `someone-${i}@acme.test`, password: 'not-the-password' }));
    const answers = await trpcMutationBatch(t.url, 'auth.login', guesses, { address: '198.51.100.21' });
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(30);
    // While the address waits, even a right password from it waits; other addresses do not.
    expect((await login('owner@acme.test', 'pulse-demo', '198.51.100.21')).status).toBe(429);
    expect((await login('owner@acme.test', 'pulse-demo', '198.51.100.22')).status).toBe(200);
  });

  it('a successful sign-in clears the account\'s count: a user who mistyped is not delayed later', async () => {
    for (let i = 0; i < 2; i++) expect((await login('manager@acme.test', 'typo', '198.51.100.30')).status).toBe(401);
    expect((await login('manager@acme.test', 'pulse-demo', '198.51.100.30')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login('manager@acme.test', 'typo', '198.51.100.30')).status).toBe(401);
    expect((await login('manager@acme.test', 'pulse-demo', '198.51.100.30')).status).toBe(200);
  });
});
