import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { DomainError, InvalidInputError, retryAfterSecondsOf } from '../errors/domain-errors.ts';
import type { IngestKeyActor, UserActor } from '../schemas/auth.ts';
import { unstorableTextIssue } from '../schemas/storable-text.ts';
import type { PulseContext } from './context.ts';
import { toTRPCError } from './map-domain-errors.ts';

const INTERNAL_MESSAGE = 'Pulse could not complete this call because of an error on its side. It has been logged; try again later.';

const t = initTRPC.context<PulseContext>().create({
  // Never send stack traces to callers, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    // Validation failures carry their issues so a caller can point at the bad field: the
    // input schema's (a ZodError) or our own checks' (an InvalidInputError).
    const cause = error.cause;
    const issues = cause instanceof ZodError || cause instanceof InvalidInputError ? cause.issues : null;
    // Backpressure and limits: how long to wait before retrying (the typed client honours it).
    const retryAfterSeconds = cause instanceof DomainError ? retryAfterSecondsOf(cause) : null;
    // An unexpected error's text may be a database's: callers get a sentence, the log the rest.
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : shape.message;
    return { ...shape, message, data: { ...shape.data, issues, retryAfterSeconds } };
  },
});

/**
 * Every procedure starts here. tRPC wraps whatever a resolver throws in an INTERNAL_SERVER_ERROR
 * whose cause is the original; a domain error gets its own code instead, so no domain code
 * needs to know tRPC.
 */
const procedure = t.procedure.use(async function mapDomainErrors({ type, next }) {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  // A subscription's stream may fail later (a resume too far behind): map those errors too.
  if (result.ok && type === 'subscription' && isAsyncIterable(result.data)) {
    return { ...result, data: watchStream(result.data, { mapError: (error) => (error instanceof DomainError ? toTRPCError(error) : error) }) };
  }
  return result;
}).use(async function admitCall({ ctx, type, path, next }) {
  // Limits come before any work, even before the input is read.
  if (!ctx.admission) return next();
  const release = await ctx.admission.admit({ type, path });
  let result;
  try {
    result = await next();
  } catch (error) {
    release();
    throw error;
  }
  if (type !== 'subscription' || !result.ok || !isAsyncIterable(result.data)) {
    release();
    return result;
  }
  // A subscription holds its place until its stream ends, however it ends.
  return { ...result, data: watchStream(result.data, { end: release }) };
}).use(async function refuseUnstorableText({ getRawInput, next }) {
  // One check for every procedure's input, present and future: text Postgres cannot store is
  // refused before any resolver runs, never accepted and then lost (docs/security.md).
  const issue = unstorableTextIssue(await getRawInput());
  if (issue) throw new InvalidInputError('Some text in this call cannot be stored.', [issue]);
  return next();
});

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * The stream with hooks: `mapError` turns what a step throws into what the caller sees, `end`
 * runs once when the stream completes, fails or is returned early. A wrapping generator would
 * not do: tRPC may `return()` a stream it never started (the socket closed meanwhile), and a
 * generator that never started skips its `finally`.
 */
function watchStream<T>(stream: AsyncIterable<T>, hooks: { end?: () => void; mapError?: (error: unknown) => unknown }): AsyncIterable<T> {
  const end = once(hooks.end ?? (() => {}));
  const mapError = hooks.mapError ?? ((error: unknown) => error);
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const iterator = stream[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const result = await iterator.next();
            if (result.done) end();
            return result;
          } catch (error) {
            end();
            throw mapError(error);
          }
        },
        async return(value?: unknown) {
          try {
            return await (iterator.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined }));
          } finally {
            end();
          }
        },
        async throw(error?: unknown) {
          try {
            if (iterator.throw) return await iterator.throw(error);
            throw error;
          } finally {
            end();
          }
        },
      };
    },
  };
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = procedure;

export const userProcedure = procedure.use(function requireUser({ ctx, next }) {
  if (ctx.actor?.kind !== 'user') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first: send a user access token.' });
  }
  return next({ ctx: { actor: ctx.actor satisfies UserActor } });
});

/** Ingest is open to an organization's ingest key and to its signed-in users. */
export const senderProcedure = procedure.use(function requireSender({ ctx, next }) {
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
