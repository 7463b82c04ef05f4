import { z } from 'zod';
import { ShareToken } from '../schemas/shares.ts';
import { publicProcedure } from './trpc.ts';

/**
 * A call through a public link: no sign-in, the token is the credential. It is resolved into a
 * read-only share actor (`ctx.share`) holding the sharer's scope before the resolver runs; an
 * unknown, revoked or expired token answers NOT_FOUND, and every call counts against the link's
 * and the caller's address's limits. The actor is no user: no user procedure accepts it.
 */
export const publicShareProcedure = publicProcedure.input(z.object({ token: ShareToken })).use(async function resolveShare({ ctx, input, next }) {
  const share = await ctx.services.shares.open(input.token, { address: ctx.clientAddress ?? null });
  return next({ ctx: { share } });
});
