import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { httpBatchLink } from '@trpc/client';
import type { ReactNode } from 'react';
import type { Me } from '@pulse/api-contract/schemas';
import { createQueryClient } from '../api/ApiProvider.tsx';
import { trpc } from '../api/trpc.ts';
import type { FakeServices } from './fake-services.ts';
import { makeMe } from './fixtures.ts';
import { server } from './server.ts';
import { ORIGIN, trpcHttp } from './trpc-server.ts';
import type { ProcedureCall } from './trpc-server.ts';

const TOKEN = 'access-component';

/**
 * One component (not the whole app) over the real `appRouter` through msw, signed in as `user`
 * (the fixture manager by default): for screens mounted by others, such as the widget editor.
 */
export function renderWithApi(ui: ReactNode, options: { services: FakeServices; user?: Me }) {
  const calls: ProcedureCall[] = [];
  const user = options.user ?? makeMe();
  server.use(trpcHttp({ services: options.services, authenticate: (token) => (token === TOKEN ? user : null), calls }));
  const queryClient = createQueryClient();
  const client = trpc.createClient({ links: [httpBatchLink({ url: `${ORIGIN}/trpc`, headers: { authorization: `Bearer ${TOKEN}` } })] });
  const view = render(
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
    </trpc.Provider>,
  );
  return { ...view, calls };
}
