import { RetryLaterError } from '@pulse/api-contract/errors';
import { TRPCError } from '@trpc/server';
import { ZodError, ZodRealError } from 'zod';

/**
 * Our own validation beyond the schema (the accepted time window, one type per metric) throws
 * ZodError; the router reports it as BAD_REQUEST with the issues, exactly like a schema failure.
 * A refusal to take work now (backpressure, queue failure) becomes SERVICE_UNAVAILABLE with
 * `data.retryAfterSeconds`.
 */
export async function asBadRequest<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    // zod 4's ZodError is not an Error, and tRPC keeps only Error causes whole (the error
    // formatter reads the issues from it): pass the Error flavour with the same issues.
    if (error instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', message, cause: new ZodRealError(error.issues) });
    if (error instanceof RetryLaterError) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: error.message, cause: error });
    throw error;
  }
}
