import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';

/**
 * Our own validation beyond the schema (the accepted time window, one type per metric) throws
 * ZodError; the router reports it as BAD_REQUEST with the issues, exactly like a schema failure.
 */
export async function asBadRequest<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', message, cause: error });
    throw error;
  }
}
