import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { httpBatchLink } from '@trpc/client';
import type { ReactNode } from 'react';
import { createHashRouter, RouterProvider } from 'react-router';
import type { Me } from '@pulse/api-contract/schemas';
import { createQueryClient } from '../api/ApiProvider.tsx';
import { trpc } from '../api/trpc.ts';
import type { FakeServices } from './fake-services.ts';
import { makeMe } from './fixtures.ts';
import { server } from './server.ts';
import { ORIGIN, trpcHttp } from './trpc-server.ts';
import type { ProcedureCall } from './trpc-server.ts';

type Options = {
  /** What the services behind the real router answer; anything else throws when called. */
  services: FakeServices;
  /** Who the bearer token stands for (the fixture manager by default). */
  user?: Me;
};

/**
 * One component of a screen with what it needs around it and nothing more: the real
 * `appRouter` over msw (HTTP only: no live socket), the app's QueryClient settings, and a hash
 * router reading `window.location.hash` (rendering again after a test set it is a reload).
 */
export function renderWithApi(element: ReactNode, options: Options) {
  const calls: ProcedureCall[] = [];
  const user = options.user ?? makeMe();
  server.use(trpcHttp({ services: options.services, authenticate: () => user, calls }));
  const queryClient = createQueryClient();
  const client = trpc.createClient({ links: [httpBatchLink({ url: `${ORIGIN}/trpc`, headers: { authorization: 'Bearer test-token' } })] });
  const router = createHashRouter([{ path: '*', element }]);
  const view = render(
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </trpc.Provider>,
  );
  return { ...view, calls, queryClient };
}
