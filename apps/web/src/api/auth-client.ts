import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '@pulse/api-contract/router';
import type { LoginInput, LogoutInput, LogoutResult, RefreshInput, Session } from '@pulse/api-contract/schemas';

/** The calls the session needs, before and beside the signed-in client (sign-in, refresh). */
export type AuthApi = {
  login(input: LoginInput): Promise<Session>;
  refresh(input: RefreshInput): Promise<Session>;
  /** Ends the session on the server (the refresh token names it even after the access token expired). */
  logout(input: LogoutInput): Promise<LogoutResult>;
};

/** HTTP only: signing in must not open a WebSocket. */
export function createAuthApi(options: { url: string; getAccessToken: () => string | null }): AuthApi {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: options.url,
        headers: () => {
          const token = options.getAccessToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
  return {
    login: (input) => client.auth.login.mutate(input),
    refresh: (input) => client.auth.refresh.mutate(input),
    logout: (input) => client.auth.logout.mutate(input),
  };
}
