import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { http } from 'msw';
import { appRouter } from '@pulse/api-contract/router';
import type { PulseContext } from '@pulse/api-contract/router';
import type { Me, UserActor } from '@pulse/api-contract/schemas';
import { fakeServices, NotFaked } from './fake-services.ts';
import type { FakeServices } from './fake-services.ts';

export const ORIGIN = 'http://localhost:3000';

/** Who a bearer token stands for in a test: a user, or nobody (an expired or unknown token). */
export type Authenticate = (token: string) => Me | null;

/** The actor the server derives from a signed-in user (as `apps/server`'s token check does). */
export function actorOf(user: Me): UserActor {
  return {
    kind: 'user',
    userId: user.id,
    organizationId: user.organization?.id ?? null,
    orgRole: user.orgRole,
    platformRole: user.platformRole,
    branchId: user.branchId,
    departmentId: user.departmentId,
  };
}

/** The context of one request or connection, as the server builds it: services and the token's actor. */
export function contextFor(services: FakeServices, authenticate: Authenticate, token: string | null): PulseContext {
  const user = token ? authenticate(token) : null;
  return { actor: user ? actorOf(user) : null, services: fakeServices(services) };
}

/** A test's fake service that was called: worth a line in the log, or the test reads as a mystery. */
export function reportNotFaked({ error }: { error: { cause?: unknown } }): void {
  if (error.cause instanceof NotFaked) console.error(error.cause.message);
}

export type ProcedureCall = {
  path: string;
  /** The input as sent, before the router checks it. */
  input: unknown;
  /** The `Authorization` header the call carried. */
  authorization: string | null;
};

/**
 * `ORIGIN/trpc/*` over HTTP: the real `appRouter` through tRPC's fetch adapter, with the
 * test's fake services behind it. Every call (each one of a batch) is recorded in `calls`.
 */
export function trpcHttp(options: { services: FakeServices; authenticate: Authenticate; calls: ProcedureCall[] }) {
  return http.all(`${ORIGIN}/trpc/*`, ({ request }) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: request,
      router: appRouter,
      onError: reportNotFaked,
      async createContext({ req, info }) {
        const authorization = req.headers.get('authorization');
        for (const call of info.calls) options.calls.push({ path: call.path, input: await call.getRawInput(), authorization });
        const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
        return contextFor(options.services, options.authenticate, token);
      },
    }),
  );
}

/** A promise with its resolve outside, to hold an answer back while the test looks. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
