import { TRPCError } from '@trpc/server';
import { DomainError, type DomainErrorCode } from '../errors/domain-errors.ts';

const TRPC_CODE: Record<DomainErrorCode, TRPCError['code']> = {
  INVALID: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** The one place a domain error becomes a tRPC error; the cause is kept for the error formatter. */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}
