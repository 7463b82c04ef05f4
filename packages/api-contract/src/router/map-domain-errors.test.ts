import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RetryLaterError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../errors/domain-errors.ts';
import type { UserActor } from '../schemas/auth.ts';
import { appRouter } from './index.ts';
import type { PulseServices } from './services.ts';

const owner: UserActor = {
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000001',
  organizationId: '00000000-0000-4000-8000-000000000002',
  orgRole: 'OWNER',
  platformRole: null,
  branchId: null,
  departmentId: null,
};

/** Answers `events.recent` over the real fetch adapter with services whose call throws `error`. */
async function answerFor(error: unknown, input: unknown = { limit: 5 }) {
  const services = {
    events: {
      recent: () => Promise.reject(error),
    },
  } as unknown as PulseServices;
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: new Request('http://pulse.test/trpc/events.recent?input=' + encodeURIComponent(JSON.stringify(input))),
    router: appRouter,
    createContext: () => ({ actor: owner, services }),
  });
  const body = (await response.json()) as { error: { message: string; data: { code: string; httpStatus: number; issues: unknown; retryAfterSeconds: number | null } } };
  return { status: response.status, error: body.error };
}

describe('domain errors over tRPC', () => {
  const cases: [DomainError, number, string][] = [
    [new InvalidInputError('Bad cursor.', [{ path: ['cursor'], message: 'not one this list gave out' }]), 400, 'BAD_REQUEST'],
    [new UnauthorizedError('Sign in again.'), 401, 'UNAUTHORIZED'],
    [new ForbiddenError('Not yours.'), 403, 'FORBIDDEN'],
    [new NotFoundError('No such dashboard.'), 404, 'NOT_FOUND'],
    [new ConflictError('Version 3 is newer.'), 409, 'CONFLICT'],
    [new TooManyRequestsError('Too many attempts.', 30), 429, 'TOO_MANY_REQUESTS'],
    [new RetryLaterError('Queue full.', 2), 503, 'SERVICE_UNAVAILABLE'],
  ];

  it.each(cases)('%s answers %i %s with its message', async (thrown, status, code) => {
    const { status: answered, error } = await answerFor(thrown);
    expect(answered).toBe(status);
    expect(error.data.code).toBe(code);
    expect(error.message).toBe(thrown.message);
  });

  it('carries the issues of an invalid input and the wait of a retryable error', async () => {
    const invalid = await answerFor(new InvalidInputError('Bad cursor.', [{ path: ['cursor'], message: 'not one this list gave out' }]));
    expect(invalid.error.data.issues).toEqual([{ path: ['cursor'], message: 'not one this list gave out' }]);
    const limited = await answerFor(new TooManyRequestsError('Too many attempts.', 30));
    expect(limited.error.data.retryAfterSeconds).toBe(30);
  });

  it('keeps anything else a 500 without its message', async () => {
    const { status, error } = await answerFor(new Error('relation "secret_table" does not exist'));
    expect(status).toBe(500);
    expect(error.message).not.toContain('secret_table');
  });
});

describe('text that cannot be stored', () => {
  it.each([['NUL', 'a\u0000b'], ['a lone surrogate', '\ud800']])('is refused with 400 naming the field when it holds %s', async (_, text) => {
    const { status, error } = await answerFor(new Error('the resolver must not run'), { limit: 5, note: { deep: [text] } });
    expect(status).toBe(400);
    expect(error.data.issues).toEqual([expect.objectContaining({ path: ['note', 'deep', 0], code: 'unstorable_text' })]);
  });
});
