import { LoginInput, Me, RefreshInput, Session } from '../schemas/auth.ts';
import { publicProcedure, router, userProcedure } from './trpc.ts';

export const authRouter = router({
  login: publicProcedure.input(LoginInput).output(Session).mutation(({ ctx, input }) => ctx.services.auth.login(input)),
  refresh: publicProcedure.input(RefreshInput).output(Session).mutation(({ ctx, input }) => ctx.services.auth.refresh(input)),
  me: userProcedure.output(Me).query(({ ctx }) => ctx.services.auth.me(ctx.actor)),
});
