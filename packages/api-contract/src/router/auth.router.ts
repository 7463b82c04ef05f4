import { LoginInput, LogoutInput, LogoutResult, Me, RefreshInput, Session } from '../schemas/auth.ts';
import { publicProcedure, router, userProcedure } from './trpc.ts';

const originOf = (ctx: { clientAddress?: string | null }) => ({ address: ctx.clientAddress ?? null });

export const authRouter = router({
  login: publicProcedure.input(LoginInput).output(Session).mutation(({ ctx, input }) => ctx.services.auth.login(input, originOf(ctx))),
  refresh: publicProcedure.input(RefreshInput).output(Session).mutation(({ ctx, input }) => ctx.services.auth.refresh(input, originOf(ctx))),
  /** Public: a caller whose access token has expired still ends its session with the refresh token. */
  logout: publicProcedure.input(LogoutInput).output(LogoutResult).mutation(({ ctx, input }) => ctx.services.auth.logout(input, ctx.actor, originOf(ctx))),
  me: userProcedure.output(Me).query(({ ctx }) => ctx.services.auth.me(ctx.actor)),
});
