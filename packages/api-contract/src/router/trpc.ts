import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { IngestKeyActor, UserActor } from '../schemas/auth.ts';
import type { PulseContext } from './context.ts';
import { RetryLaterError } from './retry-later.ts';

const t = initTRPC.context<PulseContext>().create({
  // Never send stack traces to callers, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    // Validation failures carry the zod issues so a caller can point at the bad field.
    const issues = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause.issues : null;
    // Backpressure: how long to wait before retrying (the typed client honours it).
    const retryAfterSeconds = error.code === 'SERVICE_UNAVAILABLE' && error.cause instanceof RetryLaterError ? error.cause.retryAfterSeconds : null;
    return { ...shape, data: { ...shape.data, issues, retryAfterSeconds } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

export const userProcedure = t.procedure.use(function requireUser({ ctx, next }) {
  if (ctx.actor?.kind !== 'user') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first: send a user access token.' });
  }
  return next({ ctx: { actor: ctx.actor satisfies UserActor } });
});

/** Ingest is open to an organization's ingest key and to its signed-in users. */
export const senderProcedure = t.procedure.use(function requireSender({ ctx, next }) {
  if (!ctx.actor) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Send an ingest key or a user access token.' });
  }
  return next({ ctx: { actor: ctx.actor satisfies UserActor | IngestKeyActor } });
});

/** Platform administrators: ADMIN (within their organization) and SUPERADMIN (everywhere). */
export const adminProcedure = userProcedure.use(function requireAdmin({ ctx, next }) {
  if (ctx.actor.platformRole !== 'ADMIN' && ctx.actor.platformRole !== 'SUPERADMIN') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only platform administrators may do this.' });
  }
  return next({ ctx });
});
